"""HTTP guards around every route: body cap, rate limits, a presented token checked everywhere,
security headers, an access log without query strings, and JSON errors that never carry a stack
trace or a version."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from assistant.auth import TokenStore, auth_error_response, invalid_token
from assistant.limits import BodyLimit
from assistant.ratelimit import RateLimiter
from assistant.settings import ServingSettings

access = logging.getLogger("tthc.access")
log = logging.getLogger(__name__)
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
Next = Callable[[Request], Awaitable[Response]]


def rate_key(request: Request, tokens: TokenStore) -> tuple[str, bool]:
    """(counter key, whether it is a valid token's): a valid bearer token is counted per token, any
    other request per client address (so made-up tokens cannot dodge the client limit)."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        info = tokens.lookup(auth[7:].strip())
        if info is not None:
            return "t:" + hashlib.sha256(info.name.encode()).hexdigest()[:16], True
    return "c:" + (request.client.host if request.client else "unknown"), False


def route_of(request: Request) -> str:
    """The matched route's template (``/v1/procedures/{code}``), never the raw path or query string:
    citizens type CCCD numbers, phones and names into them."""
    route = request.scope.get("route")
    return getattr(route, "path_format", None) or getattr(route, "path", None) or "(unmatched)"


def install(app: FastAPI, settings: ServingSettings, limiter: RateLimiter) -> None:
    """Add the guards to ``app`` (outermost first: body cap, then the HTTP middleware below)."""

    @app.middleware("http")
    async def guard(request: Request, call_next: Next) -> Response:
        t0 = time.perf_counter()
        wait = None
        presented = "authorization" in request.headers
        token = False
        if request.url.path.startswith("/v1/") or presented:
            key, token = rate_key(request, request.app.state.tokens)
            if request.url.path.startswith("/v1/"):  # an invalid token counts against the client
                wait = limiter.check(key, settings.token_rate_per_minute if token else settings.rate_per_minute)
        if wait is not None:
            response: Response = JSONResponse(
                {"code": "rate_limited", "detail": f"Anh/chị gửi quá nhiều yêu cầu. Vui lòng thử lại sau {wait} giây."},
                status_code=429, headers={"Retry-After": str(wait)})
        elif presented and not token:  # on anonymous routes too: a wrong credential is never ignored
            response = auth_error_response(request, invalid_token())
        else:
            response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        ms = (time.perf_counter() - t0) * 1000
        access.info("%s %s %d %.1fms", request.method, route_of(request), response.status_code, ms)
        app.state.metrics.observe(route_of(request), response.status_code, ms / 1000)
        return response

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, route_of(request), exc_info=exc)
        app.state.metrics.event("store_error" if isinstance(exc, sqlite3.Error) else "internal_error")
        return JSONResponse({"code": "internal_error",
                             "detail": "Xin lỗi, hệ thống gặp sự cố. Vui lòng thử lại hoặc gọi 1022."},
                            status_code=500)

    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
