"""The text layer's public face for search and the assistant: terms, tokens, question words.

The search engine needs a query normaliser and one accent-insensitive tokenizer for index and
query time: ``load_analyzer`` returns the ``kb.text.Analyzer`` (with the diacritic model when
given) and its version; ``index_terms`` adds syllable bigrams, which carry most Vietnamese word
identity for BM25. ``tokenize`` is the plain accent-folded word splitter (no segmentation) and
``QUESTION_WORDS`` the folded question words and fillers that carry no topic; the assistant
matches questions with them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

from kb.text.normalize import fold

_WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r"[0-9a-z]+")
FOLD_SPLIT_VERSION = "fold-split-1"
# Question words and fillers that carry no topic (accent-folded).
QUESTION_WORDS = frozenset(
    """
    a ah alo anh ba bao be bi biet bn buoc ca chao cac cach cho chi chu chung co con cua cung da
    day de den di do duoc em gi gio giup hay hoi hoac khi khong kia la lam len luc ma may minh mot mat
    muon nao nay neu nguoi nhe nhieu nhu nhung nua o oi ong phai qua ra rang roi sao se tai thi
    thu thuc toi trong tuc va vay ve vi voi xin xong ha ad ak nha nhi gium
    """.split()
)


def tokenize(text: str) -> list[str]:
    """Accent-folded word tokens (syllables) of ``text``: ASCII letters and digits after folding."""
    return _TOKEN.findall(fold(text))


def content_tokens(text: str) -> list[str]:
    """:func:`tokenize` without question words and fillers."""
    return [t for t in tokenize(text) if t not in QUESTION_WORDS]


class TextAnalyzer(Protocol):
    """What the engine needs from text processing (the kb.text contract)."""

    def normalize_query(self, q: str) -> str: ...
    def tokens(self, text: str) -> list[str]: ...
    def folded_tokens(self, text: str) -> list[str]: ...


class FoldSplitAnalyzer:
    """Test analyzer: lower-case, fold diacritics, split on non-word characters."""

    version = FOLD_SPLIT_VERSION

    def normalize_query(self, q: str) -> str:
        return " ".join(q.split())

    def tokens(self, text: str) -> list[str]:
        return _WORD.findall(text.lower())

    def folded_tokens(self, text: str) -> list[str]:
        return _WORD.findall(fold(text))


def load_analyzer(model_dir: Path | None) -> tuple[TextAnalyzer, str]:
    """The analyzer (with its diacritic model when ``model_dir`` holds one) and its version."""
    from kb.text.analyzer import Analyzer, tokenizer_version

    return Analyzer.load(model_dir), tokenizer_version()


def syllables(an: TextAnalyzer, text: str) -> list[str]:
    """Folded syllables: word-segmented tokens like "khai_sinh" are split back into syllables."""
    out: list[str] = []
    for tok in an.folded_tokens(text):
        out.extend(s for s in re.split(r"[_\s]+", fold(tok)) if s)
    return out


def index_terms(an: TextAnalyzer, text: str) -> list[str]:
    """BM25 terms: folded syllables plus adjacent-syllable bigrams ("khai_sinh")."""
    syl = syllables(an, text)
    return syl + [f"{a}_{b}" for a, b in zip(syl, syl[1:], strict=False)]
