"""Vietnamese spoken forms for text-to-speech: numbers, amounts, units and legal numbers."""

from __future__ import annotations

import re

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = ((1_000_000_000, "tỷ"), (1_000_000, "triệu"), (1_000, "nghìn"))


def _under_1000(n: int, full: bool) -> str:
    h, rest = divmod(n, 100)
    t, u = divmod(rest, 10)
    words: list[str] = []
    if h or full:
        words += [_DIGITS[h], "trăm"]
    if t > 1:
        words += [_DIGITS[t], "mươi"]
        if u == 1:
            words.append("mốt")
        elif u == 5:
            words.append("lăm")
        elif u:
            words.append("tư" if u == 4 else _DIGITS[u])
    elif t == 1:
        words.append("mười")
        if u:
            words.append("lăm" if u == 5 else _DIGITS[u])
    elif u:
        if h or full:
            words.append("linh")
        words.append(_DIGITS[u])
    return " ".join(words)


def number_words(n: int) -> str:
    """``n`` in Vietnamese words (e.g. 8000 → "tám nghìn", 2015 → "hai nghìn không trăm mười lăm")."""
    if n == 0:
        return "không"
    if n < 0:
        return "âm " + number_words(-n)
    words: list[str] = []
    started = False
    for scale, name in _SCALES:
        q, n = divmod(n, scale)
        if q:
            words += [number_words(q) if q >= 1000 else _under_1000(q, started), name]
            started = True
    if n:
        words.append(_under_1000(n, started))
    return " ".join(words)


_LEGAL = re.compile(r"(\d+)/(\d{4})/([A-ZĐ0-9-]+)")
_LEGAL_KINDS = (("NĐ-CP", "nghị định của Chính phủ"), ("QH", "của Quốc hội"), ("TT-", "thông tư"),
                ("QĐ-TTg", "quyết định của Thủ tướng Chính phủ"), ("NQ-CP", "nghị quyết của Chính phủ"))
_AMOUNT = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?")
_UNITS = ((re.compile(r"(?i)\b(anh|chị)\s?/\s?(anh|chị)\b"), r"\1 \2"),
          (re.compile(r"\bVNĐ\b|\bVND\b|(?<=\d)\s?đ\b"), " đồng"), (re.compile(r"%"), " phần trăm"),
          (re.compile(r"(?<=đồng)\s?/\s?(\w+)"), r" mỗi \1"),  # "8.000 đồng/lần"
          (re.compile(r"(?<=[^\W\d_])\s?/\s?(?=[^\W\d_])"), " hoặc "))  # "Hộ chiếu/Thẻ căn cước"


def _legal(m: re.Match[str]) -> str:
    kind = next((w for k, w in _LEGAL_KINDS if k in m.group(3)), "")
    return f"số {m.group(1)} năm {m.group(2)} {kind}".strip()


def _amount(m: re.Match[str]) -> str:
    whole = number_words(int(m.group(1).replace(".", "")))
    if m.group(2):
        return f"{whole} phẩy {' '.join(_DIGITS[int(d)] for d in m.group(2))}"
    return whole


def speak(text: str) -> str:
    """``text`` with legal numbers, amounts, units and numbers written as words."""
    t = _LEGAL.sub(_legal, text)
    for pat, rep in _UNITS:
        t = pat.sub(rep, t)
    t = _AMOUNT.sub(_amount, t)
    return re.sub(r"\s{2,}", " ", t).strip()
