"""FastAPI application factory; heavy loading happens in the lifespan, not at import."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.responses import HTMLResponse

from kb.config import Settings
from kb.store import KBError, Store

PLACEHOLDER = """<!doctype html><html lang="vi"><meta charset="utf-8">
<title>Trợ lý thủ tục hành chính 1022</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>Trợ lý thủ tục hành chính 1022</h1>
<p>Cơ sở tri thức đã sẵn sàng: <b>{n}</b> thủ tục.</p>
<p>API: <a href="/docs">/docs</a> · <a href="/healthz">/healthz</a></p></body></html>"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the knowledge base is opened when the app starts."""
    settings = settings or Settings.from_env()
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        state["store"] = Store(settings.kb_dir).load()
        yield
        state["store"].close()

    app = FastAPI(title="TTHC 1022 API", version="0.1.0", lifespan=lifespan)

    @app.get("/", response_class=HTMLResponse)
    def index() -> str:
        return PLACEHOLDER.format(n=len(state["store"]))

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        store: Store = state["store"]
        return {"status": "ok", "manifest": store.manifest, "procedures": len(store)}

    @app.get("/v1/procedures/{code}")
    def procedure(code: str) -> dict[str, Any]:
        proc = state["store"].get(code)
        if proc is None:
            raise HTTPException(404, detail=f"Không tìm thấy thủ tục có mã {code}")
        return proc.to_dict()

    return app


__all__ = ["create_app", "KBError"]
