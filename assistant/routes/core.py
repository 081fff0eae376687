"""Health, procedure lookup and the start page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import HTMLResponse, JSONResponse

from assistant.deps import ServicesDep, StoreDep
from assistant.redact import echo
from assistant.retriever import describe
from assistant.web import page

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index() -> str:
    """The citizen chat page."""
    return page("chat.html")


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """Liveness: the process answers (readiness, with every component, is ``/readyz``)."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "not ready: ``missing`` names each component and why"}})
def readyz(services: ServicesDep) -> JSONResponse:
    """Readiness: ``ready`` (200) when every index, model and store loaded, else ``degraded`` (503)
    naming each missing one and why. Fallbacks taken in the last minute (Redis unreachable: sessions
    and rate limits in process memory) are listed under ``fallbacks`` without failing readiness,
    since the service still answers; plus the knowledge-base manifest, counts, retriever, hooks and,
    under ``optional_missing``, absent optional parts (speech) that do not degrade the service."""
    a = services.assistant
    body: dict[str, Any] = {
        "status": "ready" if services.healthy else "degraded",
        "manifest": services.store.manifest,
        "procedures": len(services.store),
        "retriever": describe(a.retriever) if a is not None else None,
        "hooks": a.hooks if a is not None else [],
        "interactions": services.recorder.stats() if services.recorder is not None else None,
        "redis": redis_state(services),
        "fallbacks": services.faults.degraded(),
        "fallback_counts": dict(services.faults.counts),
    }
    if services.missing:
        body["missing"] = dict(services.missing)
    if services.optional_missing:  # e.g. speech: only POST /v1/speak is affected, status stays "ok"
        body["optional_missing"] = dict(services.optional_missing)
    return JSONResponse(body, status_code=200 if services.healthy else 503)


def redis_state(services: ServicesDep) -> str:
    """``not configured``, ``ok``, or why the last ping failed (recorded as a fallback)."""
    if not services.settings.redis_url:
        return "not configured"
    import redis

    from assistant.faults import redis_client

    try:
        redis_client(services.settings.redis_url).ping()
    except (redis.RedisError, OSError) as exc:
        services.faults.record("redis", exc)
        return f"unreachable: {type(exc).__name__}"
    return "ok"


@router.get("/v1/procedures/{code}")
def procedure(code: str, store: StoreDep) -> dict[str, Any]:
    """The whole normalised procedure (same JSON as `tthc show --json`)."""
    proc = store.get(code)
    if proc is None:
        raise HTTPException(404, detail=f"Không tìm thấy thủ tục có mã {echo(code)}")
    return proc.to_dict()
