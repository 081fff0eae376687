"""Accent-folded tokens and the question words that carry no topic."""

from __future__ import annotations

import re

from kb.text.normalize import fold

_TOKEN = re.compile(r"[0-9a-z]+")
# Question words and fillers that carry no topic (accent-folded).
STOPWORDS = frozenset(
    """
    a ah alo anh ba bao be bi biet bn buoc ca chao cac cach cho chi chu chung co con cua cung da
    day de den di do duoc em gi gio giup hay hoi hoac khi khong kia la lam len luc ma may minh mot mat
    muon nao nay neu nguoi nhe nhieu nhu nhung nua o oi ong phai qua ra rang roi sao se tai thi
    thu thuc toi trong tuc va vay ve vi voi xin xong ha ad ak nha nhi gium
    """.split()
)


def tokens(text: str) -> list[str]:
    """Accent-folded word tokens (syllables) of ``text``."""
    return _TOKEN.findall(fold(text))


def content_tokens(text: str) -> list[str]:
    """Tokens of ``text`` without question words and fillers."""
    return [t for t in tokens(text) if t not in STOPWORDS]
