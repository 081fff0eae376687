"""GET /docs: an offline API reference page built from /openapi.json by a packaged script.

FastAPI's Swagger UI and ReDoc pages load their scripts from a CDN and no copy ships in our
dependencies, so they are switched off (``docs_url=None``, ``redoc_url=None``)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from assistant.web import page

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs() -> str:
    """The API reference (methods, paths, parameters, statuses), offline."""
    return page("docs.html")
