"""POST /v1/ask: one conversational turn through the answer pipeline."""

from __future__ import annotations

import time

from fastapi import APIRouter, HTTPException, Request, Response

from assistant.api_models import (
    AUTH_RESPONSES,
    OPTIONAL_BEARER,
    AskRequest,
    AskResponse,
    VietnameseErrorsRoute,
    reply_out,
)
from assistant.auth import BearerDep, authorize, token_store
from assistant.deps import AssistantDep, RecorderDep, SettingsDep
from assistant.limits import Busy, QuestionLimits, QuestionRejected, analysable
from assistant.session_ids import COOKIE, COOKIE_PATH, SessionIds
from assistant.settings import ServingSettings

router = APIRouter(route_class=VietnameseErrorsRoute, tags=["assistant"])


def check_question(text: str, settings: ServingSettings) -> str:
    """The words the pipeline will analyse, or 422 with a Vietnamese reason (empty, too many
    characters or words, nothing readable)."""
    limits = QuestionLimits(settings.max_question_chars, settings.max_question_words, settings.max_word_chars)
    try:
        return analysable(text, limits)
    except QuestionRejected as exc:
        raise HTTPException(422, detail=str(exc)) from None


@router.post("/v1/ask", response_model=AskResponse, responses=AUTH_RESPONSES, openapi_extra=OPTIONAL_BEARER)
def ask(body: AskRequest, request: Request, response: Response, credentials: BearerDep,
        settings: SettingsDep, assistant: AssistantDep, recorder: RecorderDep) -> AskResponse:
    """Answer a question. Sessions are issued by the server: send the returned signed ``session_id``
    back to continue (or set ``session_cookie`` to keep it in an HttpOnly cookie, as the web page does).

    The ``web`` and ``voice`` channels are anonymous; the ``agent`` channel needs an agent token.
    The turn is queued for the interaction store after the answer (redacted, never blocking)."""
    if body.channel == "agent":
        authorize(token_store(request), credentials, ("agent",))
    question = check_question(body.question, settings)
    ids: SessionIds = request.app.state.session_ids
    given = request.cookies.get(COOKIE) if body.session_cookie else body.session_id
    key, signed, new = ids.resolve(given)
    t0 = time.perf_counter()
    try:
        reply = assistant.ask(question, key, body.channel)
    except Busy:
        raise busy(request) from None
    if recorder is not None:
        recorder.record_reply(reply, (time.perf_counter() - t0) * 1000)
    out = reply_out(reply)
    if body.session_cookie:
        response.set_cookie(COOKIE, signed, max_age=settings.session_ttl_s, path=COOKIE_PATH, httponly=True,
                            samesite="strict", secure=request.url.scheme == "https")
    return out.model_copy(update={"session_id": None if body.session_cookie else signed, "new_session": new})


def busy(request: Request) -> HTTPException:
    """503 when no pipeline slot frees up within the request's time budget (counted in /metrics)."""
    request.app.state.metrics.event("busy")
    return HTTPException(503, detail="Hệ thống đang bận, chưa trả lời kịp. Anh/chị vui lòng thử lại sau ít giây "
                                     "hoặc gọi đường dây nóng 1022.", headers={"Retry-After": "5"})
