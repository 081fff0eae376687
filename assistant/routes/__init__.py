"""HTTP routers, one module per resource; ``assistant.app.ROUTERS`` lists the ones served."""
