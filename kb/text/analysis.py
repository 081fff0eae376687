"""Adapter over the Vietnamese text layer (kb.text) as the search engine uses it.

The search engine needs three things from text processing: a query normaliser, and one
accent-insensitive tokenizer for index and query time. ``load_analyzer`` returns the real
``kb.text.Analyzer`` when that package is installed, else a plain fold-and-split fallback.
``index_terms`` adds syllable bigrams, which carry most Vietnamese word identity for BM25.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

from kb.text.normalize import fold

_WORD = re.compile(r"\w+", re.UNICODE)
FALLBACK_VERSION = "fallback-fold-split-1"


class TextAnalyzer(Protocol):
    """What the engine needs from text processing (the kb.text contract)."""

    def normalize_query(self, q: str) -> str: ...
    def tokens(self, text: str) -> list[str]: ...
    def folded_tokens(self, text: str) -> list[str]: ...


class FoldSplitAnalyzer:
    """Fallback and test analyzer: lower-case, fold diacritics, split on non-word characters."""

    version = FALLBACK_VERSION

    def normalize_query(self, q: str) -> str:
        return " ".join(q.split())

    def tokens(self, text: str) -> list[str]:
        return _WORD.findall(text.lower())

    def folded_tokens(self, text: str) -> list[str]:
        return _WORD.findall(fold(text))


def load_analyzer(model_dir: Path | None) -> tuple[TextAnalyzer, str]:
    """The real analyzer (with its diacritic model when ``model_dir`` holds one) and its version."""
    try:
        from kb.text import TOKENIZER_VERSION, Analyzer
    except ImportError:
        return FoldSplitAnalyzer(), FALLBACK_VERSION
    an: TextAnalyzer = Analyzer.load(model_dir) if model_dir is not None else Analyzer.load(None)
    return an, str(TOKENIZER_VERSION)


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
