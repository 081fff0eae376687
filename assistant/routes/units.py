"""2025 administrative units: resolve an old or current address to the new commune/ward."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from assistant.api_models import VietnameseErrorsRoute
from assistant.deps import ResolverDep
from assistant.redact import redact
from kb.units.resolve import where_to_submit

router = APIRouter(prefix="/v1/units", tags=["units"], route_class=VietnameseErrorsRoute)
QueryParam = Annotated[str, Query(min_length=2, max_length=300, description="địa chỉ cũ hoặc mới")]


@router.get("/resolve")
def resolve(q: QueryParam, resolver: ResolverDep) -> dict[str, Any]:
    """Old or current commune/ward → the new unit(s), codes and how each was formed."""
    return {"query": redact(q)[0], "matches": [m.to_dict() for m in resolver.resolve(q)]}


@router.get("/where")
def where(
    q: QueryParam, resolver: ResolverDep, level: Literal["xa", "tinh", "trung_uong"] = "xa"
) -> dict[str, Any]:
    """Old address → new unit and where the procedure's level files ("nộp hồ sơ ở đâu"), or a question."""
    return where_to_submit(resolver, q, level)
