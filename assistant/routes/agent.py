"""Agent console page and POST /v1/agent/suggest."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from assistant.agent import suggest
from assistant.api_models import AUTH_RESPONSES, SuggestResponse, VietnameseErrorsRoute
from assistant.auth import require_role
from assistant.deps import AssistantDep, SettingsDep
from assistant.limits import Busy
from assistant.routes.ask import busy, check_question
from assistant.web import page

router = APIRouter(route_class=VietnameseErrorsRoute, tags=["agent"])


class SuggestRequest(BaseModel):
    """What the caller said (typed or pasted by the agent)."""

    text: str = Field(description="Lời người gọi")
    k: int = Field(default=3, ge=1, le=10)


@router.post("/v1/agent/suggest", response_model=SuggestResponse, responses=AUTH_RESPONSES,
             dependencies=[Depends(require_role("agent"))])
def agent_suggest(body: SuggestRequest, request: Request, settings: SettingsDep,
                  assistant: AssistantDep) -> SuggestResponse:
    """Top candidates with a script, checklist, fees, time, where, legal basis and its compendium
    articles, and, when the caller names a ward, the 2025 unit and where to file; plus the question to ask."""
    text = check_question(body.text, settings)
    try:
        return SuggestResponse.model_validate(asdict(suggest(assistant, text, body.k)))
    except Busy:
        raise busy(request) from None


@router.get("/agent", response_class=HTMLResponse, include_in_schema=False)
def agent_page() -> str:
    """The agent console."""
    return page("agent.html")
