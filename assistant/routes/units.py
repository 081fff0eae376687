"""2025 administrative units: resolve an old or current address to the new commune/ward."""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request

from kb.store import KBError
from kb.units import Units
from kb.units_resolve import Resolver, where_to_submit

router = APIRouter(prefix="/v1/units", tags=["units"])
log = logging.getLogger(__name__)


def setup(app: FastAPI) -> None:
    """Load the unit map (absent map → the endpoints answer 503)."""
    assistant = getattr(app.state, "assistant", None)
    if assistant is not None and assistant.resolver is not None:
        app.state.units_resolver = assistant.resolver  # shared with the assistant's ward step
        return
    try:
        app.state.units_resolver = Resolver(Units(app.state.settings.kb_dir).load())
    except KBError as exc:
        log.warning("unit map not loaded: %s", exc)
        app.state.units_resolver = None


def _resolver(request: Request) -> Resolver:
    r: Resolver | None = getattr(request.app.state, "units_resolver", None)
    if r is None:
        raise HTTPException(503, detail="Chưa có dữ liệu đơn vị hành chính; chạy 'tthc build'.")
    return r


ResolverDep = Annotated[Resolver, Depends(_resolver)]
QueryParam = Annotated[str, Query(min_length=2, max_length=300, description="địa chỉ cũ hoặc mới")]


@router.get("/resolve")
def resolve(q: QueryParam, resolver: ResolverDep) -> dict[str, Any]:
    """Old or current commune/ward → the new unit(s), codes and how each was formed."""
    return {"query": q, "matches": [m.to_dict() for m in resolver.resolve(q)]}


@router.get("/where")
def where(
    q: QueryParam, resolver: ResolverDep, level: Literal["xa", "tinh", "trung_uong"] = "xa"
) -> dict[str, Any]:
    """Old address → new unit and where the procedure's level files ("nộp hồ sơ ở đâu"), or a question."""
    return where_to_submit(resolver, q, level)
