"""Longest-match word segmentation over a compound dictionary; pure Python, fast and deterministic."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from kb.text.tones import canonical_tones

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
    """Joins dictionary compounds ("giấy chứng nhận" → "giấy_chứng_nhận") by maximum matching.

    The segmentation with the fewest tokens wins; ties go to the one covering more syllables with
    ``preferred`` (domain) entries, then to the longer first token. Dynamic programming over the
    sentence avoids greedy errors like "cấp_giấy chứng_nhận" for "cấp giấy_chứng_nhận".
    """

    def __init__(self, entries: Iterable[str], preferred: Iterable[str] = ()) -> None:
        self.entries: frozenset[str] = frozenset(" ".join(e.split()) for e in entries if " " in e.strip())
        self.preferred: frozenset[str] = frozenset(" ".join(e.split()) for e in preferred) & self.entries
        # Longest entry length (in syllables) per first syllable bounds the look-ahead.
        self._max: dict[str, int] = {}
        for e in self.entries:
            parts = e.split(" ")
            if len(parts) > self._max.get(parts[0], 0):
                self._max[parts[0]] = len(parts)

    def segment(self, tokens: list[str]) -> list[str]:
        """Tokens with dictionary compounds joined by "_"."""
        n = len(tokens)
        entries, preferred, longest = self.entries, self.preferred, self._max
        # cost[i]: (tokens, -preferred syllables) for tokens[i:]; width[i]: first token's width.
        cost: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        width = [1] * (n + 1)
        for i in range(n - 1, -1, -1):
            rest = cost[i + 1]
            best, best_w = (rest[0] + 1, rest[1]), 1
            for w in range(min(longest.get(tokens[i], 0), n - i), 1, -1):
                key = " ".join(tokens[i : i + w])
                if key in entries:
                    rest = cost[i + w]
                    c = (rest[0] + 1, rest[1] - (w if key in preferred else 0))
                    if c < best or (c == best and best_w == 1):
                        best, best_w = c, w
            cost[i], width[i] = best, best_w
        out: list[str] = []
        i = 0
        while i < n:
            w = width[i]
            out.append("_".join(tokens[i : i + w]) if w > 1 else tokens[i])
            i += w
        return out
