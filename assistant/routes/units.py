"""2025 administrative units: resolve an old or current address to the new commune/ward."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query

from assistant.app_state import required, share
from assistant.units_step import open_resolver
from kb.units.resolve import Resolver, where_to_submit

router = APIRouter(prefix="/v1/units", tags=["units"])


def setup(app: FastAPI) -> None:
    """Load the unit map (absent map → the endpoints answer 503)."""
    share(app, "units_resolver", "resolver", lambda: open_resolver(app.state.settings.kb_dir))


ResolverDep = Annotated[
    Resolver,
    Depends(required("units_resolver", "Chưa có dữ liệu đơn vị hành chính; chạy 'tthc build'.", Resolver)),
]
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
