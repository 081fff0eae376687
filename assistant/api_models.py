"""Typed request/response models of the assistant API and Vietnamese validation errors."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Literal

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from assistant.types import Reply


class AskRequest(BaseModel):
    """A citizen's question."""

    question: str = Field(description="Câu hỏi của người dân")
    session_id: str | None = Field(default=None, max_length=128)
    channel: Literal["web", "voice", "agent"] = "web"


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
    session_id: str
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
        timings=r.timings,
    )


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
            msgs.append(f"Giá trị không hợp lệ cho {where} (chấp nhận: web, voice, agent).")
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
