"""POST /v1/ask: one conversational turn through the answer pipeline."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from assistant.api_models import AskRequest, AskResponse, VietnameseErrorsRoute, reply_out
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


@router.post("/v1/ask", response_model=AskResponse)
def ask(body: AskRequest, settings: SettingsDep, assistant: AssistantDep) -> AskResponse:
    """Answer a question (send the returned ``session_id`` back to continue the conversation)."""
    check_question(body.question, settings)
    return reply_out(assistant.ask(body.question, body.session_id, body.channel))
