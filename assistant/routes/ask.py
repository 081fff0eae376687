"""POST /v1/ask: one conversational turn through the answer pipeline."""

from __future__ import annotations

import time

from fastapi import APIRouter, HTTPException

from assistant.api_models import AskRequest, AskResponse, VietnameseErrorsRoute, reply_out
from assistant.deps import AssistantDep, RecorderDep, SettingsDep
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
def ask(body: AskRequest, settings: SettingsDep, assistant: AssistantDep, recorder: RecorderDep) -> AskResponse:
    """Answer a question (send the returned ``session_id`` back to continue the conversation).

    The turn is queued for the interaction store after the answer is computed (redacted, never blocking)."""
    check_question(body.question, settings)
    t0 = time.perf_counter()
    reply = assistant.ask(body.question, body.session_id, body.channel)
    if recorder is not None:
        recorder.record_reply(reply, (time.perf_counter() - t0) * 1000)
    return reply_out(reply)
