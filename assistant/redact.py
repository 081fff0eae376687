"""Remove personal data (ID numbers, phones, emails, street addresses) before anything is logged."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 12-digit citizen ID (CCCD / personal ID number), also written in groups of 3 or 4.
_ID12 = re.compile(r"(?<!\d)(?:\d[ .-]?){11}\d(?!\d)")
_ID9 = re.compile(r"(?<![\d.])\d{9}(?![\d.])")  # old 9-digit CMND
# Vietnamese phone numbers: 0 or +84 then 9 digits (spaces/dots/dashes allowed).
_PHONE = re.compile(r"(?<![\d.])(?:\+?84|0)(?:[ .-]?\d){9,10}(?!\d)")
# "số 12 ngõ 34 phố Huế", "123/4 đường Lê Lợi", "hẻm 5 Trần Phú": a house number and/or alley
# followed by a street word and the capitalised words of its name (trimmed in _address).
_ADDRESS = re.compile(
    r"(?i)(?:\b(?:số nhà|nhà số|số|nhà)\s+)?"
    r"(?:\b\d+[a-z]?(?:/\d+[a-z]?)*\s*,?\s*)?"
    r"(?:\b(?:ngõ|ngách|hẻm|kiệt)\s+\d+[a-z]?(?:/\d+)*\s*,?\s*)*"
    r"\b(?:ngõ|ngách|hẻm|kiệt|đường|phố|tổ|thôn|xóm|ấp|khu phố)(?:\s+[^\s,.;!?]+){1,6}"
)
_STREET_WORDS = frozenset("ngõ ngách hẻm kiệt đường phố tổ thôn xóm ấp khu".split())


def _address(m: re.Match[str]) -> str | None:
    """Keep only street words followed by a number or capitalised name words; None = not an address."""
    words = m.group(0).split()
    end = len(words)
    while end and not (words[end - 1][:1].isupper() or words[end - 1][:1].isdigit()):
        end -= 1
    if end == 0 or words[end - 1].lower() in _STREET_WORDS:
        return None
    return " ".join(words[:end])


PLACEHOLDERS = {"email": "[email]", "id": "[số định danh]", "phone": "[số điện thoại]",
                "address": "[địa chỉ]"}


def redact(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` with personal data replaced by placeholders, and the kinds found (sorted)."""
    found: set[str] = set()

    def sub(kind: str, pattern: re.Pattern[str], s: str) -> str:
        def rep(_m: re.Match[str]) -> str:
            found.add(kind)
            return PLACEHOLDERS[kind]
        return pattern.sub(rep, s)

    out = sub("email", _EMAIL, text)
    out = sub("id", _ID12, out)
    out = sub("phone", _PHONE, out)
    out = sub("id", _ID9, out)
    def addr(m: re.Match[str]) -> str:
        kept = _address(m)
        if kept is None:
            return m.group(0)
        found.add("address")
        return PLACEHOLDERS["address"] + m.group(0)[len(kept):]

    out = _ADDRESS.sub(addr, out)
    return out, tuple(sorted(found))


def search_text(redacted: str) -> str:
    """Redacted text without its placeholders and the word naming each ("sđt", "CCCD", "email")."""
    return " ".join(re.sub(r"(?:[^\s\[\],.;:]+\s*:?\s*)?\[[^\]]*\]", " ", redacted).split())
