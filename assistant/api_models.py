"""Typed request/response models of the assistant API and Vietnamese validation errors."""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from typing import Any, Literal

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field

from assistant.text_schema import QuestionText, SpeechText
from assistant.types import Reply


class AskRequest(BaseModel):
    """A citizen's question."""

    question: QuestionText = Field(description="Câu hỏi của người dân")
    session_id: str | None = Field(default=None, max_length=128, description=(
        "the signed id a previous answer returned; a made-up or tampered one starts a new session"))
    channel: Literal["web", "voice", "agent"] = "web"
    session_cookie: bool = Field(default=False, description=(
        "keep the session in an HttpOnly cookie instead of returning its id (the web page)"))


def _one_of(*names: str) -> list[Any]:
    """JSON Schema: exactly one of ``names`` is given as a string (the others absent or null)."""
    return [{"required": [name], "properties": {n: {"type": "string" if n == name else "null"} for n in names}}
            for name in names]


class SpeakRequest(BaseModel):
    """A question to answer aloud on the voice channel, or a given text to read aloud (exactly one)."""

    model_config = ConfigDict(json_schema_extra={"oneOf": _one_of("question", "text")})

    question: QuestionText | None = Field(default=None, description=(
        "Câu hỏi; câu trả lời kênh thoại được đọc thành WAV"))
    session_id: str | None = Field(default=None, max_length=128, pattern=r"^[!-~]+$",
                                   description="Phiên hội thoại (chỉ ký tự ASCII in được, trả lại trong X-Session-Id)")
    text: SpeechText | None = Field(default=None, description="Văn bản cần đọc, thay cho question")


class ProcedureRef(BaseModel):
    """Code and name of the procedure an answer is about."""

    code: str
    name: str


class CandidateOut(BaseModel):
    """A retrieved candidate."""

    code: str
    name: str
    score: float
    levels: list[str]


class CitationOut(BaseModel):
    """Source of a fact."""

    code: str
    section: str
    label: str
    legal_number: str = ""
    kind: Literal["procedure", "legal_basis", "legal_article"] = "procedure"
    article_code: str = ""
    citation: str = ""
    effective_date: str = ""


class ChoiceOut(BaseModel):
    """A clarification option; send its ``code`` back as the next question to pick it."""

    code: str
    label: str


class Clarification(BaseModel):
    """The clarifying question and its options."""

    question: str
    choices: list[ChoiceOut]


class SectionOut(BaseModel):
    """A titled part of the answer (structured form for agents)."""

    aspect: str
    title: str
    items: list[str]


class AskResponse(BaseModel):
    """One turn's answer; ``status`` is one of the closed set documented in docs/assistant.md."""

    status: Literal["answered", "clarification", "out_of_scope", "no_content", "handoff", "error"]
    answer: str
    procedure: ProcedureRef | None
    candidates: list[CandidateOut]
    citations: list[CitationOut]
    clarification: Clarification | None
    session_id: str | None = Field(description="signed id to send back; null when kept in the cookie")
    disclosure: str | None = Field(default=None, description=(
        "on a conversation's first turn: it is an AI assistant over the portal's data, 1022 for a person"))
    new_session: bool = Field(default=True, description="a new conversation started (none or a refused id given)")
    channel: str
    aspect: str
    sections: list[SectionOut]
    timings: dict[str, float]


def reply_out(r: Reply) -> AskResponse:
    """API form of a pipeline reply."""
    return AskResponse(
        status=r.status, answer=r.answer,
        procedure=ProcedureRef(code=r.procedure[0], name=r.procedure[1]) if r.procedure else None,
        candidates=[CandidateOut(code=c.code, name=c.name, score=c.score, levels=list(c.levels))
                    for c in r.candidates],
        citations=[CitationOut(code=c.code, section=c.section, label=c.label,
                               legal_number=c.legal_number, kind=c.kind, article_code=c.article_code,
                               citation=c.citation, effective_date=c.effective_date)
                   for c in r.citations],
        clarification=Clarification(question=r.clarification,
                                    choices=[ChoiceOut(code=c.code, label=c.label) for c in r.choices])
        if r.choices else None,
        session_id=r.session_id, channel=r.channel, aspect=r.aspect,
        sections=[SectionOut(aspect=b.aspect, title=b.title, items=list(b.items)) for b in r.blocks],
        timings=r.timings, disclosure=r.disclosure or None,
    )


class ArticleOut(BaseModel):
    """A compendium article of one of the procedure's own legal bases (never guessed)."""

    code: str = Field(description="Mã pháp điển, ví dụ 1.11.LQ.38")
    citation: str = Field(description="Trích dẫn nguyên dạng, ví dụ “Điều 38 Luật 60/2014/QH13”")
    title: str
    effective_date: str = Field(description="Ngày hiệu lực (ISO), rỗng khi nguồn không ghi")
    text: str = Field(description="Dòng hiển thị: trích dẫn — tiêu đề (hiệu lực từ …)")


class FilingOptionOut(BaseModel):
    """A 2025 unit the named place maps to, and the agency for the procedure's level there."""

    unit_code: str
    unit_name: str
    province: str
    how: str = Field(description="Cách sắp xếp: Nhập toàn bộ, Nhập một phần, Đơn vị hiện hành…")
    agency: str


class PlaceOut(BaseModel):
    """Where to file this suggestion for the place the caller named; empty when no place was named."""

    level: str = Field(description="Cấp thấp nhất của thủ tục: xa | tinh | trung_uong; rỗng khi không có địa danh")
    level_label: str
    items: list[str] = Field(description="Các câu đọc cho người gọi: đơn vị mới, cách sắp xếp, nơi nộp (hoặc hỏi lại)")
    options: list[FilingOptionOut]
    ask: bool = Field(description="Phải hỏi người gọi thuộc đơn vị nào (đơn vị cũ bị chia, hoặc trùng tên)")


class UnitOut(BaseModel):
    """A commune-level unit in force since 1 July 2025."""

    code: str
    name: str
    type: str
    province: str
    province_code: str


class TargetOut(BaseModel):
    """A new unit an old one went (partly) into."""

    unit: UnitOut
    how: str


class UnitMatchOut(BaseModel):
    """A unit named by the caller, as ``GET /v1/units/resolve`` returns it."""

    kind: Literal["old", "new"]
    name: str
    code: str
    district: str
    province: str
    targets: list[TargetOut]
    score: float
    key: str
    split: bool


class SuggestionOut(BaseModel):
    """One candidate procedure as the agent console shows it."""

    code: str
    name: str
    score: float
    script: str
    checklist: list[str]
    fees: list[str]
    time: list[str]
    where: list[str]
    legal_basis: list[str] = Field(description="Căn cứ pháp lý của thủ tục (số hiệu — tên văn bản)")
    legal_articles: list[ArticleOut] = Field(
        description="Điều khoản trong Bộ pháp điển thuộc các căn cứ pháp lý đó; rỗng khi không văn bản nào có trong bộ")
    place: PlaceOut
    warnings: list[str] = Field(default_factory=list, description=(
        "Cảnh báo: cơ quan không còn sau sắp xếp năm 2025 (cơ quan nay đảm nhận, căn cứ) hoặc mức phí đã hết hạn"))
    updated_at: str = Field("", description="Ngày cập nhật bản ghi thủ tục (dd/mm/yyyy)")


class SuggestResponse(BaseModel):
    """Suggestions for the caller's words, the clarifying question, and the units the words name."""

    text: str = Field(description="Lời người gọi đã che thông tin cá nhân")
    aspect: str
    suggestions: list[SuggestionOut]
    clarifying_question: str
    choices: list[str]
    units: list[UnitMatchOut] = Field(description="Đơn vị hành chính (cũ hoặc mới) nêu trong lời người gọi")
    status: Literal["answered", "clarification", "out_of_scope", "no_content", "handoff", "error"]
    timings: dict[str, float] = Field(description="ms per pipeline step, 'cards' and 'total'")
    session_id: str = Field(description="the call's id (send it with feedback or the next suggestion)")


def vietnamese_error(exc: RequestValidationError) -> JSONResponse:
    """400 for unreadable JSON, 422 with a Vietnamese message for invalid fields."""
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" or tuple(e.get("loc", ())) == ("body",) for e in errors):
        return JSONResponse({"detail": "Nội dung yêu cầu không phải JSON hợp lệ."}, status_code=400)
    msgs = []
    for e in errors:
        where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "nội dung"
        if e.get("type") == "missing":
            msgs.append(f"Thiếu trường bắt buộc: {where}.")
        elif e.get("type") == "literal_error":
            allowed = re.findall(r"'([^']*)'", str(e.get("ctx", {}).get("expected", "")))
            msgs.append(f"Giá trị không hợp lệ cho {where} (chấp nhận: {', '.join(allowed)}).")
        else:
            msgs.append(f"Giá trị không hợp lệ cho {where}.")
    return JSONResponse({"detail": " ".join(msgs) or "Yêu cầu không hợp lệ."}, status_code=422)


class VietnameseErrorsRoute(APIRoute):
    """Route class that answers request validation errors in Vietnamese."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                return vietnamese_error(exc)

        return route


class AuthErrorOut(BaseModel):
    """A refused request: a stable ``code`` for programs and a Vietnamese ``detail`` for people."""

    code: Literal["auth_required", "auth_invalid", "auth_forbidden"]
    detail: str


# Routes where a token is optional (anonymous callers too): FastAPI adds this to the bearer requirement.
OPTIONAL_BEARER: dict[str, Any] = {"security": [{}]}
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": AuthErrorOut, "description": "no token, or an unknown or revoked one"},
    403: {"model": AuthErrorOut, "description": "the token's role may not use this route"},
}
