"""Static assets of the chat and agent pages (/static/…)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from assistant.web import STATIC, page

router = APIRouter(include_in_schema=False)
TYPES = {".js": "text/javascript", ".css": "text/css"}


@router.get("/static/{name}")
def asset(name: str) -> Response:
    """A JS/CSS file from the package (only plain names; no paths)."""
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if "/" in name or suffix not in TYPES or not (STATIC / name).is_file():
        raise HTTPException(404, detail="Không tìm thấy tệp.")
    return Response(page(name), media_type=TYPES[suffix] + "; charset=utf-8",
                    headers={"Cache-Control": "no-cache"})
