"""Closed status set, aspects and the frozen records the answer pipeline produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["answered", "clarification", "out_of_scope", "no_content", "handoff", "error"]
STATUSES: tuple[Status, ...] = (
    "answered", "clarification", "out_of_scope", "no_content", "handoff", "error",
)
Aspect = Literal[
    "overview", "documents", "fees", "time", "where", "steps", "conditions", "result", "legal_basis",
]
ASPECTS: tuple[Aspect, ...] = (
    "overview", "documents", "fees", "time", "where", "steps", "conditions", "result", "legal_basis",
)
Channel = Literal["web", "voice", "agent"]
CitationKind = Literal["procedure", "legal_basis", "legal_article"]
ARTICLES_SECTION = "legal_articles"  # block/citation section of compendium articles (legal hook)
UNITS_SECTION = "units"  # block section of the 2025 ward answer (units hook)
CHANNELS: tuple[Channel, ...] = ("web", "voice", "agent")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One procedure found by retrieval (procedure-level, best score first)."""

    code: str
    name: str
    score: float
    levels: tuple[str, ...] = ()
    field: str = ""
    section: str = ""
    snippet: str = ""


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a fact comes from: procedure code + section, a legal basis, or a compendium article."""

    code: str
    section: str
    label: str
    legal_number: str = ""
    kind: CitationKind = "procedure"
    article_code: str = ""  # compendium code ("15.3.LQ.13") of a ``legal_article`` citation
    citation: str = ""  # original form ("Điều 13 Luật 60/2014/QH13") of a ``legal_article`` citation
    effective_date: str = ""  # ISO date the article took effect, "" when the source note gives none


@dataclass(frozen=True, slots=True)
class Block:
    """A titled part of a grounded answer; ``items`` are single facts taken from record fields."""

    aspect: Aspect
    title: str
    items: tuple[str, ...]
    section: str


@dataclass(frozen=True, slots=True)
class Choice:
    """A clarification option the citizen can pick (a procedure variant)."""

    code: str
    label: str


@dataclass(frozen=True, slots=True)
class UnitMemory:
    """The citizen's 2025 unit as a session remembers it (units hook), so that later "làm ở đâu"
    turns name it again without the address being repeated."""

    old_key: str = ""  # table identity of the old unit named ("01:00061"), "" for a current unit
    code: str = ""  # the new unit resolved or chosen ("00070"); "" while a split is still pending
    options: tuple[str, ...] = ()  # new-unit codes offered for a split old unit, awaiting the choice


@dataclass(frozen=True, slots=True)
class Reply:
    """The pipeline's result: one status, the rendered answer and everything behind it."""

    status: Status
    answer: str
    session_id: str
    channel: Channel
    aspect: Aspect = "overview"
    procedure: tuple[str, str] | None = None  # (code, name)
    blocks: tuple[Block, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    citations: tuple[Citation, ...] = ()
    clarification: str = ""
    choices: tuple[Choice, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    redacted_question: str = ""
    unit_memory: UnitMemory | None = None  # what the session should now remember; None: unchanged
    disclosure: str = ""  # the AI disclosure, on a conversation's first turn (voice: also spoken first)
