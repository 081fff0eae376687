"""POST /v1/ask: one conversational turn through the answer pipeline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request

from assistant.api_models import AskRequest, AskResponse, VietnameseErrorsRoute, reply_out
from assistant.service import Assistant
from kb.config import Settings

router = APIRouter(route_class=VietnameseErrorsRoute, tags=["assistant"])


def setup(app: FastAPI) -> None:
    """Build the assistant over the open store (retriever, sessions, KB facts)."""
    settings: Settings = app.state.settings
    app.state.assistant = Assistant.from_settings(settings, app.state.store)


def get_assistant(request: Request) -> Assistant:
    """The app's assistant (created at start-up)."""
    assistant: Assistant = request.app.state.assistant
    return assistant


AssistantDep = Annotated[Assistant, Depends(get_assistant)]


def check_question(text: str, request: Request) -> str:
    """Reject empty and oversized questions with Vietnamese messages."""
    limit: int = request.app.state.settings.max_question_chars
    if not text.strip():
        raise HTTPException(422, detail="Câu hỏi không được để trống.")
    if len(text) > limit:
        raise HTTPException(413, detail=f"Câu hỏi quá dài (tối đa {limit} ký tự).")
    return text


@router.post("/v1/ask", response_model=AskResponse)
def ask(body: AskRequest, request: Request, assistant: AssistantDep) -> AskResponse:
    """Answer a question (send the returned ``session_id`` back to continue the conversation)."""
    check_question(body.question, request)
    return reply_out(assistant.ask(body.question, body.session_id, body.channel))
