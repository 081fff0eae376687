"""Once-only audit API (`/v1/audit/...`) and the offline `/reform` dashboard."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse

from kb.audit.aggregate import ProcedureAudit, audit_many, audit_one, overview
from kb.audit.catalog import load_catalog
from kb.audit.classify import Classifier
from kb.audit.export import procedure_dict
from kb.procedures.store import Store

router = APIRouter()
STATIC = Path(__file__).resolve().parent.parent / "static"
ASSETS = {"reform.js": "text/javascript; charset=utf-8", "reform.css": "text/css; charset=utf-8"}


class AuditService:
    """Audits on demand; the whole-KB overview is computed once (a few seconds) and cached."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.classifier = Classifier()
        self._overview: dict[str, Any] | None = None
        self._lock = threading.Lock()

    def procedure(self, code: str) -> ProcedureAudit | None:
        proc = self.store.get(code)
        return audit_one(proc, self.classifier) if proc else None

    def overview(self) -> dict[str, Any]:
        with self._lock:
            if self._overview is None:
                audits = audit_many(self.store, self.classifier)
                cat = load_catalog()
                self._overview = {
                    **overview(audits, top=50),
                    "databases": {d.id: {"name": d.name, "short": d.short} for d in cat.databases},
                }
            return self._overview


def setup(app: FastAPI) -> None:
    """Attach the audit service to the open store (cheap: nothing is audited yet)."""
    app.state.audit = AuditService(app.state.store)


def _service(request: Request) -> AuditService:
    svc: AuditService = request.app.state.audit
    return svc


@router.get("/v1/audit/summary")
def audit_summary(request: Request) -> dict[str, Any]:
    """Whole-KB figures: verdicts, papers saved, per database/field/level/agency, top backlog."""
    return _service(request).overview()


@router.get("/v1/audit/{code}")
def audit_procedure(code: str, request: Request) -> dict[str, Any]:
    """Every component of one procedure with verdict, database, evidence, confidence, rationale."""
    a = _service(request).procedure(code.strip())
    if a is None:
        raise HTTPException(404, detail=f"Không tìm thấy thủ tục có mã {code}")
    return procedure_dict(a, load_catalog())


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
