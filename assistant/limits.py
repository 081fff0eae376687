"""Bounds on what one request may cost: question size in characters and words, what the analyser sees,
the request body (checked before it is read) and the answer's time budget."""

from __future__ import annotations

import json
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class QuestionRejected(ValueError):
    """A question refused before any analysis; ``str()`` is the Vietnamese message for the user."""


class Busy(RuntimeError):
    """No pipeline slot freed within the request's time budget."""


@dataclass(frozen=True, slots=True)
class QuestionLimits:
    """Characters and words a question may have; longer words are not analysed (never a valid term)."""

    max_chars: int = 2000
    max_words: int = 50  # the longest question of our sets has 43 words, the longest word 12 characters
    max_word_chars: int = 20


def analysable(text: str, limits: QuestionLimits) -> str:
    """The words analysis and search will see, or :class:`QuestionRejected` with a Vietnamese reason.

    The cost of an answer grows with the number and the length of words, not characters: a question
    is refused beyond ``max_words``; words longer than ``max_word_chars`` (a 2,000-character run of
    one symbol, a pasted hash) are dropped, so any accepted question costs about a normal one.
    """
    if not text.strip():
        raise QuestionRejected("Câu hỏi không được để trống.")
    if len(text) > limits.max_chars:
        raise QuestionRejected(f"Câu hỏi quá dài (tối đa {limits.max_chars} ký tự).")
    words = text.split()
    if len(words) > limits.max_words:
        raise QuestionRejected(f"Câu hỏi quá dài (tối đa {limits.max_words} từ). Anh/chị vui lòng hỏi ngắn gọn hơn.")
    kept = [w for w in words if len(w) <= limits.max_word_chars]
    if not kept:
        raise QuestionRejected(f"Câu hỏi không có từ nào đọc được (mỗi từ tối đa {limits.max_word_chars} ký tự).")
    return " ".join(kept)


def bound(text: str, limits: QuestionLimits) -> str:
    """What :func:`analysable` keeps, never refusing: the first ``max_words`` words, long ones dropped
    (for callers outside HTTP: the CLI and Rasa)."""
    return " ".join(w for w in text.split()[: limits.max_words] if len(w) <= limits.max_word_chars)


class BodyLimit:
    """ASGI middleware: 413 for a body over ``max_bytes``, decided before the app runs: from
    Content-Length when given, else by reading at most ``max_bytes + 1`` bytes first and replaying
    them (the app never holds more than the limit)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.isdigit() or int(declared) > self.max_bytes:
                await self._refuse(send)
                return
            await self.app(scope, receive, send)
            return
        if b"transfer-encoding" not in headers:  # no body at all
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_bytes:
                await self._refuse(send)
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"code": "body_too_large", "detail": f"Yêu cầu quá lớn (tối đa {self.max_bytes} byte)."},
                          ensure_ascii=False).encode("utf-8")
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
