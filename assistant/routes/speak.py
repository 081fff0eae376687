"""POST /v1/speak: the voice channel's answer (or a given text) read aloud in Vietnamese, as WAV."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from assistant.api_models import SpeakRequest, VietnameseErrorsRoute
from assistant.deps import ServicesDep, SettingsDep, SpeechDep, get_assistant
from assistant.limits import Busy
from assistant.routes.ask import busy, check_question
from assistant.session_ids import SessionIds
from assistant.speech import WAV_MEDIA_TYPE, SpeechError, SpeechUnavailable

router = APIRouter(route_class=VietnameseErrorsRoute, tags=["assistant"])


def _header(description: str) -> dict[str, Any]:
    return {"description": description, "schema": {"type": "string"}}


RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "WAV (PCM) of the spoken answer",
        "content": {WAV_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        "headers": {
            "X-Session-Id": _header("session to send back for the next turn (question only)"),
            "X-Answer-Status": _header("the pipeline's closed status, as in /v1/ask (question only)"),
            "X-Procedure-Code": _header("code of the procedure the answer is about, when there is one"),
        },
    },
    413: {"description": "the body is larger than the limit"},
    422: {"description": "neither or both of question and text, or one the schema refuses (blank, too long)"},
    500: {"description": "the speech program failed"},
    503: {"description": "espeak-ng is not installed, or (question) the search index is missing"},
}


def check_text(text: str, limit: int) -> str:
    """Reject an empty or oversized text to read (422, as the schema says), with Vietnamese messages."""
    if not text.strip():
        raise HTTPException(422, detail="Văn bản cần đọc không được để trống.")
    if len(text) > limit:
        raise HTTPException(422, detail=f"Văn bản cần đọc quá dài (tối đa {limit} ký tự).")
    return text


@router.post("/v1/speak", response_class=Response, responses=RESPONSES)
def speak(body: SpeakRequest, request: Request, settings: SettingsDep, speech: SpeechDep,
          services: ServicesDep) -> Response:
    """Answer ``question`` on the voice channel and return it read aloud (``audio/wav``), or read ``text``."""
    if (body.question is None) == (body.text is None):
        raise HTTPException(422, detail="Gửi đúng một trong hai trường: question (câu hỏi) "
                                        "hoặc text (văn bản cần đọc).")
    headers: dict[str, str] = {}
    if body.text is not None:
        spoken = check_text(body.text, settings.max_speech_chars)
    else:
        assistant = get_assistant(services)
        ids: SessionIds = request.app.state.session_ids  # server-issued, signed: as on /v1/ask
        key, signed, _ = ids.resolve(body.session_id)
        try:
            reply = assistant.ask(check_question(body.question or "", settings), key, "voice")
        except Busy:
            raise busy(request) from None
        spoken = reply.answer
        headers = {"X-Session-Id": signed, "X-Answer-Status": reply.status}
        if reply.procedure:
            headers["X-Procedure-Code"] = reply.procedure[0]
    try:
        wav = speech.synthesize(spoken)
    except SpeechUnavailable as exc:  # removed since start-up
        raise HTTPException(503, detail=f"Chương trình đọc tiếng Việt không chạy được: {exc}") from exc
    except SpeechError as exc:
        raise HTTPException(500, detail=f"Không tạo được âm thanh cho câu trả lời: {exc}") from exc
    return Response(content=wav, media_type=WAV_MEDIA_TYPE, headers=headers)
