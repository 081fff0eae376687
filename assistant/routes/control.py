"""Human control over automatic answers (reform or admin role): GET/POST /v1/control."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from assistant.api_models import AUTH_RESPONSES, VietnameseErrorsRoute
from assistant.auth import require_role
from assistant.deps import ServicesDep, StoreDep
from assistant.interactions.control import Controls, check_change
from assistant.redact import echo
from assistant.startup import Services
from assistant.text_schema import BLANK, LETTER, MARK
from assistant.types import ASPECTS, Aspect

router = APIRouter(route_class=VietnameseErrorsRoute, tags=["control"])
ReformDep = Annotated[str, Depends(require_role("reform", "admin"))]
UNAVAILABLE = "the interaction store is not available"


GIVEN = {"type": "string", "pattern": MARK}  # not blank
NAMED = {"type": "string", "pattern": LETTER}  # a family name: at least one letter or digit
ABSENT = {"type": "string", "pattern": f"^{BLANK}*$"}  # blank counts as absent
PINNED_ASPECT = {"type": "string", "enum": list(ASPECTS)}


def change_schema() -> dict[str, Any]:
    """The rules of :func:`assistant.interactions.control.check_change`, as JSON Schema ``oneOf``."""
    pin = {"properties": {"action": {"enum": ["pin"]}, "family": NAMED, "code": ABSENT, "aspect": PINNED_ASPECT,
                          "answer": GIVEN}, "required": ["action", "family", "aspect", "answer"]}
    unpin = {"properties": {"action": {"enum": ["unpin"]}, "family": NAMED, "code": ABSENT, "aspect": PINNED_ASPECT},
             "required": ["action", "family", "aspect"]}
    switch = {"properties": {"action": {"enum": ["disable", "enable"]}}, "required": ["action"], "oneOf": [
        {"properties": {"family": NAMED, "code": ABSENT}, "required": ["family"]},
        {"properties": {"code": GIVEN, "family": ABSENT}, "required": ["code"]}]}
    return {"oneOf": [pin, unpin, switch]}


class ControlRequest(BaseModel):
    """One change: pin/unpin an approved answer to a family and aspect, or disable/enable automatic
    answers for a family (``family``: a procedure name or code whose family is meant) or one ``code``."""

    model_config = ConfigDict(json_schema_extra=change_schema())

    action: Literal["pin", "unpin", "disable", "enable"]
    family: str = Field(default="", max_length=300, description="tên thủ tục hoặc mã của một thủ tục trong họ")
    code: str = Field(default="", max_length=40, description="một thủ tục (thay cho family)")
    aspect: Literal["", Aspect] = Field(default="", description=(
        "khía cạnh của câu trả lời ghim (overview, documents, fees…); bỏ qua khi disable/enable"))
    # Sized so that the whole request fits the 16 kB body cap even when a client escapes every
    # Vietnamese letter as \uXXXX (6 bytes a character): (300 + 40 + 2000 + 300) × 6 < 16,384.
    answer: str = Field(default="", max_length=2000, description="câu trả lời đã duyệt (tối đa 2000 ký tự)")
    note: str = Field(default="", max_length=300)


CHANGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **AUTH_RESPONSES, 404: {"description": "no procedure with this code"}, 503: {"description": UNAVAILABLE}}


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


@router.get("/v1/control", responses={**AUTH_RESPONSES, 503: {"description": UNAVAILABLE}})
def control_list(controls: ControlsDep, _who: ReformDep) -> dict[str, Any]:
    """The controls in force and the history of every change (who, when)."""
    return {"rules": [r.to_dict() for r in controls.refresh().values()], "history": controls.history()}


@router.post("/v1/control", status_code=201, responses=CHANGE_RESPONSES)
def control_change(body: ControlRequest, services: ServicesDep, store: StoreDep, controls: ControlsDep,
                   who: ReformDep) -> dict[str, Any]:
    """Record a change under the caller's token name; returns the rule now in force (None when removed).

    422 when the change is not well formed (the schema's ``oneOf``), 404 when ``code`` names no procedure."""
    family, code = body.family.strip(), body.code.strip()
    try:
        check_change(body.action, family=family, code=code, aspect=body.aspect, answer=body.answer)
    except ValueError as exc:
        raise HTTPException(422, detail=f"Yêu cầu không hợp lệ: {exc}.") from exc
    if code and store.get(code) is None:
        raise HTTPException(404, detail=f"Không có thủ tục mã {echo(code)}")
    rule = controls.change(body.action, who, family=family_name(services, family) if family else "", code=code,
                           aspect=body.aspect, answer=body.answer, note=body.note)
    return {"rule": rule.to_dict() if rule else None}
