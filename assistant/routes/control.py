"""Human control over automatic answers (reform or admin role): GET/POST /v1/control."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field

from assistant.api_models import AUTH_RESPONSES, VietnameseErrorsRoute
from assistant.auth import require_role
from assistant.deps import ServicesDep, StoreDep
from assistant.interactions.control import Controls
from assistant.startup import Services
from assistant.types import ASPECTS

router = APIRouter(route_class=VietnameseErrorsRoute, tags=["control"])
ReformDep = Annotated[str, Depends(require_role("reform", "admin"))]


class ControlRequest(BaseModel):
    """One change: pin/unpin an approved answer to a family and aspect, or disable/enable automatic
    answers for a family (``family``: a procedure name or code whose family is meant) or one ``code``."""

    action: Literal["pin", "unpin", "disable", "enable"]
    family: str = Field(default="", max_length=300, description="tên thủ tục hoặc mã của một thủ tục trong họ")
    code: str = Field(default="", max_length=40, description="một thủ tục (thay cho family)")
    aspect: str = Field(default="", description="khía cạnh của câu trả lời ghim (overview, documents, fees…)")
    answer: str = Field(default="", max_length=4000)
    note: str = Field(default="", max_length=500)


def get_controls(services: ServicesDep) -> Controls:
    """The controls, or 503 when the interaction store is not available."""
    if services.controls is None:
        raise HTTPException(503, detail="Chưa có kho lưu tương tác nên chưa thể điều khiển câu trả lời.")
    return services.controls


ControlsDep = Annotated[Controls, Depends(get_controls)]


def family_name(services: Services, family: str) -> str:
    """A family given by one of its procedure codes becomes that procedure's name."""
    proc = services.store.get(family.strip())
    return proc.name if proc is not None else family


@router.get("/v1/control", responses=AUTH_RESPONSES)
def control_list(controls: ControlsDep, _who: ReformDep) -> dict[str, Any]:
    """The controls in force and the history of every change (who, when)."""
    return {"rules": [r.to_dict() for r in controls.refresh().values()], "history": controls.history()}


@router.post("/v1/control", status_code=201, responses=AUTH_RESPONSES)
def control_change(body: ControlRequest, services: ServicesDep, store: StoreDep, controls: ControlsDep,
                   who: ReformDep) -> dict[str, Any]:
    """Record a change under the caller's token name; returns the rule now in force (None when removed)."""
    if body.code and store.get(body.code.strip()) is None:
        raise HTTPException(422, detail=f"Không có thủ tục mã {body.code}")
    if body.aspect and body.aspect not in ASPECTS:
        raise HTTPException(422, detail=f"Khía cạnh không hợp lệ: {body.aspect}")
    try:
        rule = controls.change(body.action, who, family=family_name(services, body.family) if body.family else "",
                               code=body.code.strip(), aspect=body.aspect, answer=body.answer, note=body.note)
    except ValueError as exc:
        raise HTTPException(422, detail=f"Yêu cầu không hợp lệ: {exc}") from exc
    return {"rule": rule.to_dict() if rule else None}
