"""Health, procedure lookup and the start page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from kb.store import Store

router = APIRouter()

PLACEHOLDER = """<!doctype html><html lang="vi"><meta charset="utf-8">
<title>Trợ lý thủ tục hành chính 1022</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>Trợ lý thủ tục hành chính 1022</h1>
<p>Cơ sở tri thức đã sẵn sàng: <b>{n}</b> thủ tục.</p>
<p>API: <a href="/docs">/docs</a> · <a href="/healthz">/healthz</a></p></body></html>"""


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index(request: Request) -> str:
    """Start page (replaced by the citizen chat when the assistant lands)."""
    return PLACEHOLDER.format(n=len(_store(request)))


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
