"""FastAPI application factory; heavy loading happens in the lifespan, not at import.

Routers live in ``assistant/routes/``: every module there that defines ``router`` is included,
and its optional ``setup(app)`` runs at start-up (after the store is open) to load what it needs
into ``app.state``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import ModuleType

from fastapi import FastAPI

from assistant import routes
from kb.config import Settings
from kb.procedures.store import Store


def route_modules() -> list[ModuleType]:
    """Every module of ``assistant.routes``, sorted by name."""
    names = sorted(m.name for m in pkgutil.iter_modules(routes.__path__))
    return [importlib.import_module(f"assistant.routes.{n}") for n in names]


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the knowledge base and models are loaded when the app starts."""
    settings = settings or Settings.from_env()
    mods = route_modules()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = Store(settings.kb_dir).load()
        for mod in mods:
            setup = getattr(mod, "setup", None)
            if setup is not None:
                setup(app)
        yield
        app.state.store.close()

    app = FastAPI(title="TTHC 1022 API", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    for mod in mods:
        if hasattr(mod, "router"):
            app.include_router(mod.router)
    return app
