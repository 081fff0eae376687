"""Longest-match word segmentation over a compound dictionary; pure Python, fast and deterministic."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from kb.textproc.tones import canonical_tones

# A word: letters/digits, with inner ".", "/", "-", "," kept so codes and numbers stay whole
# ("1.001193", "104/2022/nđ-cp", "1,5"). Underscores are treated as separators.
WORD_RE = re.compile(r"[^\W_]+(?:[./\-][^\W_]+|,\d+)*")
_LETTERS = re.compile(r"^[^\W\d_]+$")


def words(text: str) -> list[str]:
    """Lower-case word/syllable tokens of ``text`` (NFC, canonical tone marks, punctuation dropped)."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return WORD_RE.findall(canonical_tones(text.lower()))


def is_syllable(word: str) -> bool:
    """True for an alphabetic token (a syllable that may be part of a compound)."""
    return bool(_LETTERS.match(word))


class Segmenter:
    """Joins dictionary compounds ("giấy chứng nhận" → "giấy_chứng_nhận") by greedy longest match."""

    def __init__(self, entries: Iterable[str]) -> None:
        self.entries: frozenset[str] = frozenset(" ".join(e.split()) for e in entries if " " in e.strip())
        # Longest entry length (in syllables) per first syllable bounds the look-ahead.
        self._max: dict[str, int] = {}
        for e in self.entries:
            parts = e.split(" ")
            if len(parts) > self._max.get(parts[0], 0):
                self._max[parts[0]] = len(parts)

    def segment(self, tokens: list[str]) -> list[str]:
        """Join runs of syllables that form a dictionary entry, longest first, left to right."""
        out: list[str] = []
        i, n = 0, len(tokens)
        entries, longest = self.entries, self._max
        while i < n:
            width = min(longest.get(tokens[i], 0), n - i)
            while width > 1:
                if " ".join(tokens[i : i + width]) in entries:
                    break
                width -= 1
            if width > 1:
                out.append("_".join(tokens[i : i + width]))
                i += width
            else:
                out.append(tokens[i])
                i += 1
        return out
