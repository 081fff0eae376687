"""POST /v1/ask: one conversational turn through the answer pipeline."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from assistant.api_models import AUTH_RESPONSES, AskRequest, AskResponse, VietnameseErrorsRoute, reply_out
from assistant.auth import BearerDep, authorize, token_store
from assistant.deps import AssistantDep, SettingsDep
from assistant.settings import ServingSettings

router = APIRouter(route_class=VietnameseErrorsRoute, tags=["assistant"])


def check_question(text: str, settings: ServingSettings) -> str:
    """Reject empty and oversized questions with Vietnamese messages."""
    limit = settings.max_question_chars
    if not text.strip():
        raise HTTPException(422, detail="Câu hỏi không được để trống.")
    if len(text) > limit:
        raise HTTPException(413, detail=f"Câu hỏi quá dài (tối đa {limit} ký tự).")
    return text


@router.post("/v1/ask", response_model=AskResponse, responses=AUTH_RESPONSES)
def ask(body: AskRequest, request: Request, credentials: BearerDep, settings: SettingsDep,
        assistant: AssistantDep) -> AskResponse:
    """Answer a question (send the returned ``session_id`` back to continue the conversation).

    The ``web`` and ``voice`` channels are anonymous; the ``agent`` channel needs an agent token."""
    if body.channel == "agent":
        authorize(token_store(request), credentials, ("agent",))
    check_question(body.question, settings)
    return reply_out(assistant.ask(body.question, body.session_id, body.channel))
