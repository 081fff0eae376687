"""Health, procedure lookup and the start page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from assistant.web import page
from kb.procedures.store import Store

router = APIRouter()

def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index() -> str:
    """The citizen chat page."""
    return page("chat.html")


@router.get("/healthz")
def healthz(request: Request) -> dict[str, Any]:
    """Liveness plus the knowledge-base manifest and counts."""
    store = _store(request)
    return {"status": "ok", "manifest": store.manifest, "procedures": len(store)}


@router.get("/v1/procedures/{code}")
def procedure(code: str, request: Request) -> dict[str, Any]:
    """The whole normalised procedure (same JSON as `tthc show --json`)."""
    proc = _store(request).get(code)
    if proc is None:
        raise HTTPException(404, detail=f"Không tìm thấy thủ tục có mã {code}")
    return proc.to_dict()
