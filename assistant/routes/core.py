"""Health, procedure lookup and the start page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import HTMLResponse, JSONResponse

from assistant.deps import ServicesDep, StoreDep
from assistant.retriever import describe
from assistant.web import page

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index() -> str:
    """The citizen chat page."""
    return page("chat.html")


@router.get("/healthz", responses={503: {"description": "degraded: ``missing`` names each component"}})
def healthz(services: ServicesDep) -> JSONResponse:
    """``ok`` (200) when every component loaded, else ``degraded`` (503) naming each missing one and why;
    plus the knowledge-base manifest, counts, the retriever and the pipeline's hooks."""
    a = services.assistant
    body: dict[str, Any] = {
        "status": "ok" if services.healthy else "degraded",
        "manifest": services.store.manifest,
        "procedures": len(services.store),
        "retriever": describe(a.retriever) if a is not None else None,
        "hooks": a.hooks if a is not None else [],
        "interactions": services.recorder.stats() if services.recorder is not None else None,
    }
    if services.missing:
        body["missing"] = dict(services.missing)
    return JSONResponse(body, status_code=200 if services.healthy else 503)


@router.get("/v1/procedures/{code}")
def procedure(code: str, store: StoreDep) -> dict[str, Any]:
    """The whole normalised procedure (same JSON as `tthc show --json`)."""
    proc = store.get(code)
    if proc is None:
        raise HTTPException(404, detail=f"Không tìm thấy thủ tục có mã {code}")
    return proc.to_dict()
