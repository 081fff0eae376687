"""GET /metrics: Prometheus text, for the admin role or callers on this host (loopback)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse

from assistant.auth import BearerDep, authorize, token_store
from assistant.deps import ServicesDep

router = APIRouter(include_in_schema=False)
LOOPBACK = {"127.0.0.1", "::1"}


@router.get("/metrics", response_class=PlainTextResponse)
def metrics(request: Request, credentials: BearerDep, services: ServicesDep) -> str:
    """Requests by route and status, latency histogram, fallbacks, rate-limited requests."""
    host = request.client.host if request.client else ""
    if not services.settings.metrics_public and host not in LOOPBACK:
        authorize(token_store(request), credentials, ("admin",))
    text: str = request.app.state.metrics.render(services.faults, request.app.state.limiter.limited)
    return text
