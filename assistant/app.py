"""FastAPI application factory: an explicit router list and one start-up call in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from assistant.auth import AuthError, TokenStore, auth_error_response, token_db_path
from assistant.routes import agent, analytics, ask, audit, control, core, legal, search, units, web
from assistant.session_ids import SessionIds, load_secret
from assistant.settings import ServingSettings
from assistant.startup import Services, load_services

# Every router the app serves, in order; a module in assistant/routes that is not listed is not served.
ROUTERS: tuple[APIRouter, ...] = (
    core.router, ask.router, search.router, agent.router, legal.router, units.router, audit.router,
    analytics.router, control.router, web.router,
)


def create_app(
    settings: ServingSettings | None = None, load: Callable[[ServingSettings], Services] = load_services
) -> FastAPI:
    """Build the app; ``load`` (the start-up function) runs once when the app starts."""
    settings = settings or ServingSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.session_ids = SessionIds(load_secret(settings))
        services = load(settings)
        app.state.services = services
        try:
            yield
        finally:
            services.close()

    app = FastAPI(title="TTHC 1022 API", version="0.1.0", lifespan=lifespan)
    app.state.tokens = TokenStore(token_db_path(settings))
    app.add_exception_handler(AuthError, auth_error_response)
    for router in ROUTERS:
        app.include_router(router)
    return app
