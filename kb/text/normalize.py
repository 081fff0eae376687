"""The one text normaliser: NFC, whitespace clean-up, bullet stripping and diacritic folding."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_MANY_NL = re.compile(r"\n{3,}")
# Leading bullets the portal uses: "-", "+", "*", "•", "–", "a)", "1.", "(i)" ...
_BULLET = re.compile(
    r"^\s*(?:[-+*•·–—▪►✓]+|\(?[a-zđ]\)|\(?[ivx]{1,4}\)|\d{1,2}[.)](?!\d))\s*",
    re.IGNORECASE,
)


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (about 1,200 portal records arrive decomposed)."""
    return unicodedata.normalize("NFC", text)


def clean(text: str | None) -> str:
    """NFC, unify spaces, trim each line, collapse blank runs; ``None`` becomes ``""``."""
    if not text:
        return ""
    t = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_WS.sub(" ", ln).strip() for ln in t.split("\n")]
    return _MANY_NL.sub("\n\n", "\n".join(lines)).strip()


def one_line(text: str | None) -> str:
    """Like :func:`clean` but joins everything on one line."""
    return " ".join(clean(text).split())


def strip_bullet(text: str) -> str:
    """Remove a leading list bullet ("- ", "+ ", "a) ", "1. ") for display."""
    out = _BULLET.sub("", text, count=1)
    return out.strip() or text.strip()


def _fold_slow(text: str) -> str:
    """Reference definition of :func:`fold` on already lower-cased text: NFD, drop marks, đ → d."""
    t = unicodedata.normalize("NFD", text)
    t = "".join(ch for ch in t if unicodedata.category(ch) != "Mn")
    return t.replace("đ", "d")


class _FoldTable(dict[int, str]):
    """Code point → folded text, filled on first sight (``str.translate`` asks per character)."""

    def __missing__(self, cp: int) -> str:
        out = _fold_slow(chr(cp))
        self[cp] = out
        return out


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case and remove Vietnamese diacritics (đ → d) for accent-insensitive matching.

    Same result as NFD + dropping combining marks, computed per character through a cached table
    (about 10× faster; this runs on every chunk, name and question word)."""
    t = text.lower()
    return t if t.isascii() else t.translate(_FOLD)


def has_diacritics(text: str) -> bool:
    """True when ``text`` carries any Vietnamese diacritic (or đ)."""
    return fold(text) != text.lower()
