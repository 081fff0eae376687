"""Agent assist: top candidates for what a caller says, each with a script and the key facts."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

from assistant import compose
from assistant.agent_hooks import ArticleCite, Place, legal_articles, place_for
from assistant.redact import redact
from assistant.reorg_step import record_warnings
from assistant.service import Assistant
from assistant.types import Status
from kb.procedures.schema import Procedure
from kb.units.table import Match


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One candidate procedure as an agent sees it."""

    code: str
    name: str
    score: float
    script: str
    checklist: tuple[str, ...]
    fees: tuple[str, ...]
    time: tuple[str, ...]
    where: tuple[str, ...]
    legal_basis: tuple[str, ...]
    legal_articles: tuple[ArticleCite, ...] = ()  # compendium articles of those bases (legal hook)
    place: Place = Place()  # new unit and where to file at this procedure's level (units hook)
    warnings: tuple[str, ...] = ()  # dissolved bodies named by the record, expired fees (assistant.reorg_step)
    updated_at: str = ""  # the record's updatedAt, dd/mm/yyyy


@dataclass(frozen=True, slots=True)
class Suggestions:
    """What the agent console shows for the caller's words."""

    text: str  # redacted
    aspect: str
    suggestions: tuple[Suggestion, ...]
    clarifying_question: str = ""
    choices: tuple[str, ...] = ()
    units: tuple[dict[str, object], ...] = ()  # units the caller's words name (``Match.to_dict``)
    status: Status = "answered"  # the pipeline's closed status for these words (no cards: not answered)
    timings: dict[str, float] = field(default_factory=dict)  # ms per pipeline step, "cards", "total"


def script(p: Procedure) -> str:
    """A short ready-to-read script, built from the record's own fields."""
    where = "; ".join(a.rstrip(". ") for a in p.agencies) or "cơ quan có thẩm quyền"
    times = compose.times(p)
    fees = compose.fees(p)
    docs = len(p.documents)
    name = p.name[len("Thủ tục "):] if p.name.lower().startswith("thủ tục ") else p.name
    parts = [f"Dạ, anh/chị cần làm thủ tục “{name}”, mã {p.code}.",
             f"Hồ sơ nộp tại: {where}."]
    if docs:
        parts.append(f"Hồ sơ gồm {docs} loại giấy tờ, em xin đọc danh sách ạ.")
    if times:
        parts.append(f"Thời hạn giải quyết: {times[0].rstrip('. ')}.")
    if fees:
        parts.append(f"Phí, lệ phí: {fees[0].rstrip('. ')}.")
    return " ".join(parts)


def suggest(assistant: Assistant, text: str, k: int = 3) -> Suggestions:
    """Candidates for the caller's words, best first, with the clarifying question, status and timings.

    The words go through the citizen pipeline's own understanding steps on the ``agent`` channel
    (redaction, aspect, hand-off cues, explicit codes, the ward hook that keeps a named place out of
    retrieval, retrieval, decide) under the same concurrency limit; the cards are built from that
    context. Each card carries the compendium articles of its own legal bases.
    """
    ctx = assistant.understand(text, "agent")
    t0 = time.perf_counter()
    clean, _ = redact(ctx.text)  # ctx.redacted may have lost the place the caller named
    procs = [p for c in ctx.candidates if (p := assistant.procedures.get(c.code)) is not None]
    scores = {c.code: c.score for c in ctx.candidates}
    if ctx.procedure is not None and ctx.procedure.code not in scores:  # named by its code
        procs.insert(0, ctx.procedure)
    out = [suggestion(assistant, p, scores.get(p.code, 1.0), clean, ctx.aspect, ctx.units) for p in procs[:k]]
    ok = [s for s in out if not any(assistant.facts.unknown_refs(x) for x in (s.script, *s.legal_basis))]
    timings = {**ctx.timings, "cards": round((time.perf_counter() - t0) * 1000, 3)}
    timings["total"] = round(sum(v for n, v in timings.items() if n != "total"), 3)
    return Suggestions(clean, ctx.aspect, tuple(ok), ctx.clarification if ctx.choices else "",
                       tuple(ch.label for ch in ctx.choices), tuple(m.to_dict() for m in ctx.units),
                       ctx.status or "answered", timings)


def suggestion(assistant: Assistant, p: Procedure, score: float, text: str, aspect: str,
               units: tuple[Match, ...]) -> Suggestion:
    """One card: record fields, the compendium articles of its bases, the place's unit and agency."""
    items = {b.aspect: b.items for b in compose.compose(p, "overview")}
    return Suggestion(p.code, p.name, score, script(p), items["documents"], items["fees"], items["time"],
                      items["where"], compose.legal(p),
                      legal_articles(assistant.legal, assistant.facts, p, text, aspect == "legal_basis"),
                      place_for(units, p),
                      tuple(record_warnings(p, (*p.agencies, p.steps), assistant.facts.known_number, date.today())),
                      compose.updated_on(p) if p.updated_at > 0 else "")
