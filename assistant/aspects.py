"""Detect what the citizen asks about (documents, fees, time, where, …) from the question."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.types import Aspect
from kb.text.analysis import content_tokens
from kb.text.normalize import fold

# Accent-folded cue phrases per aspect, tried in this order (the first aspect that matches wins,
# so "mất bao nhiêu tiền" is a fee question before "mất bao lâu" could make it a time question).
CUES: tuple[tuple[Aspect, tuple[str, ...]], ...] = (
    ("fees", ("le phi", "phi", "bao nhieu tien", "het bao nhieu", "ton bao nhieu", "mat tien",
              "chi phi", "mien phi", "tien", "nop bao nhieu")),
    ("time", ("bao lau", "may ngay", "bao nhieu ngay", "thoi gian", "thoi han", "khi nao co",
              "bao gio co", "mat may", "trong bao lau", "bao nhieu lau")),
    ("legal_basis", ("can cu", "nghi dinh", "luat nao", "van ban nao", "quy dinh nao",
                     "thong tu", "phap ly")),
    ("where", ("o dau", "noi nao", "cho nao", "co quan nao", "phuong nao", "xa nao", "nop o",
               "lam o", "den dau", "di dau", "tai dau", "noi nop", "tham quyen", "truc tuyen",
               "online", "qua mang")),
    ("documents", ("giay to", "ho so", "can gi", "can nhung gi", "mang theo", "mang gi",
                   "chuan bi", "thanh phan", "can nhung", "giay gi", "to khai", "mau nao", "theo mau",
                   "mau don", "lam don")),
    ("result", ("ket qua", "nhan duoc gi", "duoc cap gi")),
    ("conditions", ("dieu kien", "co duoc", "duoc khong", "co can", "ai duoc", "co phai",
                    "yeu cau")),
    ("steps", ("lam sao", "nhu the nao", "the nao", "trinh tu", "cac buoc", "quy trinh",
               "lam gi", "thu tuc ra sao", "ra sao", "cach lam")),
)
_CUE_PHRASES = tuple({tuple(c.split()) for _, cues in CUES for c in cues})
# Extra words of follow-ups that name no topic ("thế còn …", "vậy …", "cho hỏi …").
_FOLLOW_FILLERS = frozenset("the con vay thi sao nua them khac hoi cho ah a nhi nhe can mang nop xin".split())


def _has(text: str, cue: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(cue)}(?![a-z0-9])", text) is not None


def strip_cues(text: str) -> str:
    """Accent-folded ``text`` without aspect cue phrases ("giấy tờ gì", "ở đâu", "bao lâu" …)."""
    return " ".join(drop_phrases(re.sub(r"[^a-z0-9]+", " ", fold(text)).split(), _CUE_PHRASES))


def drop_phrases(toks: list[str], phrases: Iterable[tuple[str, ...]]) -> list[str]:
    """``toks`` without every occurrence of the ``phrases`` (overlapping ones all removed:
    "nộp ở" + "ở đâu")."""
    covered = [False] * len(toks)
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(toks) - n + 1):
            if tuple(toks[i:i + n]) == phrase:
                covered[i:i + n] = [True] * n
    return [t for t, c in zip(toks, covered, strict=True) if not c]


def detect_aspect(question: str) -> Aspect:
    """The aspect asked about; ``overview`` when the question names none."""
    t = fold(question)
    for aspect, cues in CUES:
        if any(_has(t, c) for c in cues):
            return aspect
    return "overview"


def detect_aspects(question: str, limit: int = 3) -> tuple[Aspect, ...]:
    """Every aspect the question asks about, in cue order ("hồ sơ gồm gì, lệ phí bao nhiêu" → fees,
    documents); at most ``limit``; () when it names none."""
    t = fold(question)
    found = tuple(a for a, cues in CUES if any(_has(t, c) for c in cues))
    return found[:limit]


def topic_words(question: str) -> list[str]:
    """Words left once aspect cue phrases, question words and follow-up fillers are removed."""
    return [w for w in content_tokens(strip_cues(question)) if w not in _FOLLOW_FILLERS]


def is_follow_up(question: str) -> bool:
    """True for a short question that names an aspect but no topic ("thế còn lệ phí?")."""
    return detect_aspect(question) != "overview" and not topic_words(question)
