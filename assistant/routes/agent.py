"""Agent console page and POST /v1/agent/suggest."""

from __future__ import annotations

import time
from dataclasses import asdict

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from assistant.agent import suggest
from assistant.api_models import AUTH_RESPONSES, SuggestResponse, VietnameseErrorsRoute
from assistant.auth import require_role
from assistant.deps import AssistantDep, RecorderDep, SettingsDep
from assistant.limits import Busy
from assistant.routes.ask import busy, check_question
from assistant.text_schema import QuestionText
from assistant.web import page

router = APIRouter(route_class=VietnameseErrorsRoute, tags=["agent"])


class SuggestRequest(BaseModel):
    """What the caller said (typed or pasted by the agent)."""

    text: QuestionText = Field(description="Lời người gọi")
    k: int = Field(default=3, ge=1, le=10)
    session_id: str | None = Field(default=None, description="the call's signed id; a new one is issued when absent")


@router.post("/v1/agent/suggest", response_model=SuggestResponse, responses=AUTH_RESPONSES,
             dependencies=[Depends(require_role("agent"))])
def agent_suggest(body: SuggestRequest, request: Request, settings: SettingsDep, assistant: AssistantDep,
                  recorder: RecorderDep) -> SuggestResponse:
    """Top candidates with a script, checklist, fees, time, where, legal basis and its compendium
    articles, and, when the caller names a ward, the 2025 unit and where to file; plus the question to ask."""
    text = check_question(body.text, settings)
    t0 = time.perf_counter()
    try:
        found = suggest(assistant, text, body.k)
    except Busy:
        raise busy(request) from None
    key, signed, _ = request.app.state.session_ids.resolve(body.session_id)
    if recorder is not None:
        recorder.record_suggestions(found, key, (time.perf_counter() - t0) * 1000)
    return SuggestResponse.model_validate({**asdict(found), "session_id": signed})


@router.get("/agent", response_class=HTMLResponse, include_in_schema=False)
def agent_page() -> str:
    """The agent console."""
    return page("agent.html")
