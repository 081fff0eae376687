"""Agent assist: top candidates for what a caller says, each with a script and the key facts."""

from __future__ import annotations

from dataclasses import dataclass

from assistant import compose
from assistant.agent_hooks import ArticleCite, Place, find_place, legal_articles, place_for
from assistant.aspects import detect_aspect
from assistant.decide import QUESTION, decide, relevant
from assistant.redact import redact, search_text
from assistant.service import Assistant
from kb.procedures.schema import Procedure
from kb.text.normalize import one_line
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


@dataclass(frozen=True, slots=True)
class Suggestions:
    """What the agent console shows for the caller's words."""

    text: str  # redacted
    aspect: str
    suggestions: tuple[Suggestion, ...]
    clarifying_question: str = ""
    choices: tuple[str, ...] = ()
    units: tuple[dict[str, object], ...] = ()  # units the caller's words name (``Match.to_dict``)


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
    """Candidates for the caller's words (redacted first), best first, with the clarifying question.

    Like the citizen pipeline's hooks: a place the caller names (old or new ward) is kept out of
    retrieval and mapped to the 2025 unit and the agency at each suggestion's level; each suggestion
    carries the compendium articles of its own legal bases.
    """
    clean, _ = redact(one_line(text))
    units, topic = find_place(assistant.resolver, clean)
    aspect = detect_aspect(clean)
    cands = [c for c in assistant.retriever.search(search_text(topic), k=max(k, 5)) if relevant(topic, c)]
    out: list[Suggestion] = []
    for c in cands[:k]:
        p = assistant.procedures.get(c.code)
        if p is None:
            continue
        out.append(suggestion(assistant, p, c.score, clean, aspect, units))
    ok = [s for s in out if not any(assistant.facts.unknown_refs(x) for x in (s.script, *s.legal_basis))]
    question, choices = "", tuple[str, ...]()
    if cands:
        d = decide(topic, cands)
        if d.choices:
            question = QUESTION
            choices = tuple(ch.label for ch in d.choices)
    return Suggestions(clean, aspect, tuple(ok), question, choices, tuple(m.to_dict() for m in units))


def suggestion(assistant: Assistant, p: Procedure, score: float, text: str, aspect: str,
               units: tuple[Match, ...]) -> Suggestion:
    """One card: record fields, the compendium articles of its bases, the place's unit and agency."""
    items = {b.aspect: b.items for b in compose.compose(p, "overview")}
    return Suggestion(p.code, p.name, score, script(p), items["documents"], items["fees"], items["time"],
                      items["where"], compose.legal(p),
                      legal_articles(assistant.legal, assistant.facts, p, text, aspect == "legal_basis"),
                      place_for(units, p))
