"""Frame-aware re-ranking: hybrid-search candidates re-weighted by how well their facets fit the question.

The engine's fused score stays the base; a candidate naming the object the citizen talks about gains,
one naming another object or a variant the citizen did not describe (foreign element, under 14, a
re-issue when nothing was lost) loses. Weights are in :class:`FrameWeights` (recorded with the search
parameters).
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.procedures.facets import Frame

# Variants a name may carry that a question must describe before they fit it.
MARKED_QUALIFIERS = frozenset({"foreign", "foreigner", "abroad", "under14", "international", "organisation",
                               "official_staff", "proceedings", "special_case",
                               "account_level1", "account_level2"})
MARKED_ACTIONS = frozenset({"reissue", "exchange", "renew", "correct", "transfer", "terminate", "reregister",
                            "change", "lock"})


# "Có yếu tố nước ngoài" (civil status law): one party is a foreigner, or a Vietnamese citizen living
# abroad. A question about either describes that variant; a name with it covers both.
_FOREIGN_PARTS = frozenset({"foreigner", "abroad"})


def implied(qualifiers: frozenset[str]) -> frozenset[str]:
    """A question's qualifiers with what they imply (a foreigner or life abroad: a foreign element)."""
    return qualifiers | {"foreign"} if qualifiers & _FOREIGN_PARTS else qualifiers


def covered(qualifiers: frozenset[str]) -> frozenset[str]:
    """A name's qualifiers with the question qualifiers they cover (a foreign element: both parts)."""
    return qualifiers | _FOREIGN_PARTS if "foreign" in qualifiers else qualifiers


def unasked_qualifiers(q: Frame, c: Frame) -> frozenset[str]:
    """The marked variants a name carries (``c``) that the question (``q``) did not describe."""
    return (c.qualifiers & MARKED_QUALIFIERS) - implied(q.qualifiers)


@dataclass(frozen=True, slots=True)
class FrameWeights:
    """Multipliers' parts; tuned on the tuning parts only (docs/retrieval.md)."""

    object_match: float = 0.35
    object_extra: float = 0.15  # each further object of the question the name also names
    object_conflict: float = 0.35
    object_unknown: float = 0.10
    action_match: float = 0.20
    action_conflict: float = 0.30
    action_unasked: float = 0.15
    qualifier_unasked: float = 0.30
    qualifier_missing: float = 0.20
    qualifier_match: float = 0.30
    depth: int = 30  # candidates re-ranked


def frame_factor(q: Frame, c: Frame, w: FrameWeights = FrameWeights()) -> float:
    """Score multiplier (> 0) of a candidate with facets ``c`` for a question with facets ``q``."""
    f = 1.0
    if q.objects:
        if c.objects & q.objects:
            f += w.object_match + w.object_extra * min(len(c.objects & q.objects) - 1, 2)
        elif c.objects:
            f -= w.object_conflict
        else:
            f -= w.object_unknown
    if q.actions and c.actions:
        f += w.action_match if q.actions & c.actions else -w.action_conflict
    elif c.actions & MARKED_ACTIONS and not q.actions:
        f -= w.action_unasked
    if unasked_qualifiers(q, c):
        f -= w.qualifier_unasked
    asked = q.qualifiers & MARKED_QUALIFIERS
    if asked - covered(c.qualifiers):
        f -= w.qualifier_missing
    elif asked:
        f += w.qualifier_match
    return max(f, 0.05)
