"""Search with the citizen-language frame: the hybrid search together with what the question describes.

The question's hybrid search, each clause's own search (a narrative's request is often one clause),
the frame in official words when nothing found names the object or the variant the citizen described
(alone when nothing at all was found), then re-ranking by how each name's facets fit the question's
(:func:`kb.search.frames.frame_factor`). Generic over the hit type, so that the engine's
:class:`~kb.procedures.schema.Hit` and the assistant's candidates share one implementation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from kb.procedures.facets import Frame, frame_query, name_frame
from kb.procedures.schema import Hit
from kb.search.frames import MARKED_QUALIFIERS, FrameWeights, covered, frame_factor
from kb.text.analysis import content_tokens
from kb.text.citizen import question_frame

WEIGHTS = FrameWeights()
CLAUSE_WEIGHT = 0.6  # a clause's own search counts a little less than the whole question's
EXPANSION_WEIGHT = 0.9  # candidates only the frame's official wording found
_CLAUSES = re.compile(r"[.?!;]+\s+|,\s*(?=(?:nhưng|mà|thì|nên|giờ|nay|vậy)\s)", re.IGNORECASE)


class Named(Protocol):
    """A search result: a procedure code, its name and a score (a dataclass)."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def score(self) -> float: ...


T = TypeVar("T", bound=Named)


def clauses(text: str) -> list[str]:
    """The question's sentences and clauses that carry at least three content words (2+ of them)."""
    parts = [p.strip() for p in _CLAUSES.split(text) if p and p.strip()]
    return [p for p in parts if len(content_tokens(p)) >= 3] if len(parts) > 1 else []


def merge(primary: list[T], secondary: list[T], weight: float = EXPANSION_WEIGHT) -> list[T]:
    """Union of two searches, best score kept; candidates only ``secondary`` found enter at
    ``weight`` of their score."""
    best = {c.code: c for c in primary}
    for c in secondary:
        if c.code not in best:
            best[c.code] = replace(c, score=c.score * weight)  # type: ignore[type-var]
    return sorted(best.values(), key=lambda c: -c.score)


def rerank(q: Frame, found: list[T], w: FrameWeights = WEIGHTS) -> list[T]:
    """Results re-scored by how their facets fit the question's (stable for equal scores)."""
    if not q:
        return found
    scored = [replace(c, score=round(c.score * frame_factor(q, name_frame(c.name), w), 6))  # type: ignore[type-var]
              for c in found]
    return sorted(scored, key=lambda c: -c.score)


def frame_search(search: Callable[[str, int], list[T]], text: str, q: Frame, k: int) -> list[T]:
    """``search`` (the hybrid search) for the question, its clauses and, where needed, its frame in
    official words; the union re-ranked by the frame; the best ``k``."""
    depth = max(k, WEIGHTS.depth)
    found = search(text, depth)
    for part in clauses(text):
        found = merge(found, search(part, depth), CLAUSE_WEIGHT)
    asked = q.qualifiers & MARKED_QUALIFIERS
    top = [name_frame(c.name) for c in found[:5]]
    if ((q.objects and not any(f.objects & q.objects for f in top))
            or (len(q.objects) > 1 and not any(len(f.objects & q.objects) > 1 for f in top))
            or (asked and not any(asked <= covered(f.qualifiers) for f in top))):
        found = merge(found, search(text + " " + frame_query(q), depth))
    if q.objects and not found:  # a long spoken question scores below the floor: its frame alone
        found = search(frame_query(q), depth)
    return rerank(q, found)[:k]


class FramedSearch:
    """The search engine with the question's frame (the same interface as ``SearchEngine.search``)."""

    def __init__(self, engine: Any) -> None:
        """``engine``: a :class:`kb.search.engine.SearchEngine` (or anything with its ``search``)."""
        self.engine = engine

    @property
    def mode(self) -> str:
        return str(self.engine.mode)

    def search(self, query: str, k: int = 10, *, level: str | None = None, field: str | None = None,
               agency: str | None = None) -> list[Hit]:
        """Best procedures for ``query`` (at most ``k``); [] when nothing is relevant enough."""
        def one(text: str, depth: int) -> list[Hit]:
            return list(self.engine.search(text, depth, level=level, field=field, agency=agency))

        return frame_search(one, query, question_frame(query), k)
