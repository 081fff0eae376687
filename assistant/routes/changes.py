"""Change history between builds (`/v1/changes`) and one procedure's versions (`/v1/procedures/{code}/history`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from assistant.deps import StoreDep
from kb.procedures.history import HistoryError

router = APIRouter()


@router.get("/v1/changes", responses={404: {"description": "no such build, or no previous build"}})
def changes(store: StoreDep, since: str | None = None) -> dict[str, Any]:
    """Procedures added, removed and changed (field-level diffs) since build ``since`` (default: the previous)."""
    try:
        return store.changes(since)
    except HistoryError as exc:
        raise HTTPException(404, detail=str(exc)) from exc


@router.get("/v1/procedures/{code}/history")
def procedure_history(code: str, store: StoreDep) -> dict[str, Any]:
    """Every recorded version of one procedure (build, time, hash, fields changed), oldest first."""
    try:
        versions = store.history(code.strip())
    except HistoryError as exc:
        raise HTTPException(404, detail=str(exc)) from exc
    if not versions:
        raise HTTPException(404, detail=f"Không có phiên bản nào của thủ tục {code}")
    return {"code": code.strip(), "versions": versions}
