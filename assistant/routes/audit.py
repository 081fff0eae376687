"""Once-only audit API (`/v1/audit/...`) and the offline `/reform` dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

from assistant.api_models import AUTH_RESPONSES
from assistant.auth import require_role
from assistant.deps import AuditDep
from assistant.redact import echo

router = APIRouter()
STATIC = Path(__file__).resolve().parent.parent / "static"
ASSETS = {"reform.js": "text/javascript; charset=utf-8", "quality.js": "text/javascript; charset=utf-8",
          "reform.css": "text/css; charset=utf-8", "reform_demand.js": "text/javascript; charset=utf-8",
          "reform_control.js": "text/javascript; charset=utf-8"}


REFORM = [Depends(require_role("reform"))]


@router.get("/v1/audit/summary", dependencies=REFORM, responses=AUTH_RESPONSES)
def audit_summary(audit: AuditDep) -> dict[str, Any]:
    """Whole-KB figures: verdicts, papers saved, per database/field/level/agency, top backlog."""
    return audit.overview()


@router.get("/v1/audit/{code}", dependencies=REFORM, responses=AUTH_RESPONSES)
def audit_procedure(code: str, audit: AuditDep) -> dict[str, Any]:
    """Every component of one procedure with verdict, database, evidence, confidence, rationale."""
    d = audit.procedure(code.strip())
    if d is None:
        raise HTTPException(404, detail=f"Không tìm thấy thủ tục có mã {echo(code)}")
    return d


@router.get("/reform", response_class=HTMLResponse, include_in_schema=False)
def reform_page() -> FileResponse:
    """The reform dashboard (static, offline)."""
    return FileResponse(STATIC / "reform.html", media_type="text/html; charset=utf-8")


@router.get("/reform/assets/{name}", include_in_schema=False)
def reform_asset(name: str) -> FileResponse:
    """Dashboard script and style (a fixed whitelist)."""
    if name not in ASSETS:
        raise HTTPException(404, detail="Không tìm thấy tệp")
    return FileResponse(STATIC / name, media_type=ASSETS[name])
