"""Split a composite component text into the separate pieces of evidence it asks for."""

from __future__ import annotations

import re
from collections.abc import Callable

from kb.audit.lexicon import LEADING_QUALIFIERS

# Hard boundaries: new line, semicolon, colon, list bullets, sentence ends.
_STRONG = re.compile(r"\n+|;+|:\s+|\s[-+•]\s+|^[-+•]\s+|\.\s+|\s\+{1,3}\s*|\(\d{1,2}\)\s+|\s[a-zđ]\)\s+")
# Connectors after which another paper is requested ("ngoài đơn … phải bổ sung giấy …").
_ADD = re.compile(r"\b(?:phai bo sung|phai nop them|nop them|nop kem|bo sung them|ngoai ra phai nop)\b\s*")
# Soft boundaries: split only when what follows starts with a known paper.
_SOFT = re.compile(r"\s(?:va|kem theo|kem|cung voi)\s|,\s")

Span = tuple[int, int]


def _cut(spans: list[Span], pattern: re.Pattern[str], folded: str) -> list[Span]:
    out: list[Span] = []
    for a, b in spans:
        pos = a
        for m in pattern.finditer(folded, a, b):
            if m.start() > pos:
                out.append((pos, m.start()))
            pos = m.end()
        if pos < b:
            out.append((pos, b))
    return out


def _trim(folded: str, span: Span) -> Span | None:
    a, b = span
    while a < b and folded[a] in " ,.-+*•:()!\t":
        a += 1
    while b > a and folded[b - 1] in " ,.-+*•:(\t":
        b -= 1
    return (a, b) if b - a >= 3 else None


def split_spans(folded: str, starts_with_head: Callable[[str, int, int], bool]) -> list[Span]:
    """Spans of ``folded`` (a :func:`kb.text.normalize.fold`-ed text), one per piece of evidence.

    ``starts_with_head(folded, start, end)`` tells whether a fragment begins with a known paper;
    soft connectors ("và", "kèm theo", commas) only split when it does, so "Giấy chứng nhận quyền
    sử dụng đất, quyền sở hữu nhà ở và tài sản khác" stays whole while "Sơ yếu lý lịch và Phiếu lý
    lịch tư pháp" becomes two pieces.
    """
    spans = _cut([(0, len(folded))], _STRONG, folded)
    spans = _cut(spans, _ADD, folded)
    out: list[Span] = []
    for a, b in spans:
        pos = a
        for m in _SOFT.finditer(folded, a, b):
            if (
                m.start() > pos
                and not folded.endswith("ban hanh", a, m.start())
                and starts_with_head(folded, m.end(), b)
            ):
                out.append((pos, m.start()))
                pos = m.end()
        out.append((pos, b))
    trimmed = [t for t in (_trim(folded, s) for s in out) if t is not None]
    return trimmed[:60]


def skip_qualifiers(folded: str, start: int, end: int) -> int:
    """Index after leading qualifiers such as "bản sao", "01 bản", "(2)", "hoặc"."""
    m = LEADING_QUALIFIERS.match(folded, start, end)
    return m.end() if m else start
