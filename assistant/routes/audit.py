"""Once-only audit API (`/v1/audit/...`) and the offline `/reform` dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse

from kb.audit.export import procedure_dict
from kb.audit.stored import AuditNotBuilt, StoredAudit, open_stored_audit

router = APIRouter()
STATIC = Path(__file__).resolve().parent.parent / "static"
ASSETS = {"reform.js": "text/javascript; charset=utf-8", "reform.css": "text/css; charset=utf-8"}


class AuditService:
    """Serves the verdicts and the whole-KB overview that ``tthc build`` stored (nothing is audited here)."""

    def __init__(self, stored: StoredAudit) -> None:
        self.stored = stored
        cat = stored.catalog
        self._overview = {
            **stored.overview(),
            "databases": {d.id: {"name": d.name, "short": d.short} for d in cat.databases},
        }

    def procedure(self, code: str) -> dict[str, Any] | None:
        a = self.stored.procedure(code)
        return procedure_dict(a, self.stored.catalog) if a else None

    def overview(self) -> dict[str, Any]:
        return self._overview


def setup(app: FastAPI) -> None:
    """Open the stored verdicts; when the KB has none (built before they existed), remember why for a 503."""
    app.state.audit, app.state.audit_missing = None, ""
    try:
        stored = open_stored_audit(app.state.store.kb_dir, str(app.state.store.manifest.get("build_id")))
    except AuditNotBuilt as exc:
        app.state.audit_missing = str(exc)
        return
    app.state.audit = AuditService(stored)


def _service(request: Request) -> AuditService:
    svc: AuditService | None = getattr(request.app.state, "audit", None)
    if svc is None:
        reason = getattr(request.app.state, "audit_missing", "") or "chưa mở kết quả rà soát"
        raise HTTPException(503, detail=f"Chưa có kết quả rà soát: {reason}")
    return svc


@router.get("/v1/audit/summary")
def audit_summary(request: Request) -> dict[str, Any]:
    """Whole-KB figures: verdicts, papers saved, per database/field/level/agency, top backlog."""
    return _service(request).overview()


@router.get("/v1/audit/{code}")
def audit_procedure(code: str, request: Request) -> dict[str, Any]:
    """Every component of one procedure with verdict, database, evidence, confidence, rationale."""
    d = _service(request).procedure(code.strip())
    if d is None:
        raise HTTPException(404, detail=f"Không tìm thấy thủ tục có mã {code}")
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
