"""FastAPI application factory: an explicit router list, the HTTP guards and one start-up call."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware

from assistant import middleware, openapi_doc
from assistant.api_models import vietnamese_error
from assistant.auth import AuthError, TokenStore, auth_error_response, token_db_path
from assistant.metrics import Metrics
from assistant.ratelimit import RateLimiter
from assistant.routes import (
    agent,
    analytics,
    ask,
    audit,
    changes,
    control,
    core,
    docs,
    legal,
    ops,
    quality,
    search,
    speak,
    units,
    web,
)
from assistant.session_ids import SessionIds, load_secret
from assistant.settings import ServingSettings
from assistant.startup import Services, load_services

# Every router the app serves, in order; a module in assistant/routes that is not listed is not served.
ROUTERS: tuple[APIRouter, ...] = (
    core.router, ask.router, speak.router, search.router, agent.router, legal.router, units.router, audit.router,
    changes.router, quality.router, analytics.router, control.router, web.router, docs.router, ops.router,
)


def create_app(
    settings: ServingSettings | None = None, load: Callable[[ServingSettings], Services] = load_services
) -> FastAPI:
    """Build the app; ``load`` (the start-up function) runs once when the app starts."""
    settings = settings or ServingSettings()
    limiter = RateLimiter(settings.redis_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.session_ids = SessionIds(load_secret(settings))
        services = load(settings)
        limiter.faults = services.faults  # one record of fallbacks for /readyz and /metrics
        app.state.services = services
        try:
            yield
        finally:
            services.close()

    # No version in the schema or any body; Swagger and ReDoc load from a CDN, so /docs is our own page.
    app = FastAPI(title="TTHC 1022 API", version="1", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.tokens = TokenStore(token_db_path(settings))
    app.state.limiter = limiter
    app.state.metrics = Metrics()
    app.add_exception_handler(AuthError, auth_error_response)
    # Every route answers invalid input in Vietnamese without echoing it (pydantic's default body does).
    app.add_exception_handler(RequestValidationError, lambda _r, exc: vietnamese_error(exc))
    for router in ROUTERS:
        app.include_router(router)
    middleware.install(app, settings, limiter)
    openapi_doc.install(app, settings, ROUTERS)
    if settings.cors_origins:  # off unless configured
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    return app
