"""HTTP routers; each module defines ``router`` and optionally ``setup(app)``."""
