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


# "Nghị định số 104/2022/NĐ-CP", "123/2015/NĐ-CP", "Quyết định số 1565/QĐ-TTg": the kind word
# (optional), "số" (optional), the number, the year (optional) and the issuer's symbol.
_KIND_WORDS = r"Bộ luật|Luật|Nghị định|Thông tư liên tịch|Thông tư|Quyết định|Nghị quyết|Pháp lệnh|Chỉ thị|Lệnh"
_LEGAL = re.compile(rf"(?:\b({_KIND_WORDS})\s+)?(số\s+)?(\d+)(?:/(\d{{4}}))?/([A-ZĐ][A-ZĐa-z0-9]*(?:-[A-ZĐa-z0-9]+)*)")
# (symbol part, kind, issuer) — the kind is said only when the text did not name it.
_LEGAL_KINDS = (("NĐ-CP", "Nghị định", "của Chính phủ"), ("QH", "Luật", "của Quốc hội"),
                ("QĐ-TTg", "Quyết định", "của Thủ tướng Chính phủ"), ("NQ-CP", "Nghị quyết", "của Chính phủ"),
                ("TTLT", "Thông tư liên tịch", ""), ("TT-", "Thông tư", ""), ("QĐ-", "Quyết định", ""),
                ("NQ-", "Nghị quyết", ""))
_DATE = re.compile(r"\b(?:(ngày)\s+)?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_MONTH_YEAR = re.compile(r"\b(tháng)\s+(\d{1,2})/(\d{4})\b")
_CODE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{6})(?![\d])")  # procedure codes, read digit by digit
_AMOUNT = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?")
_ATTACHED = re.compile(r"(?<=[^\W\d_])\d+|\d+(?=[^\W\d_])")  # "CT01", "3a": digits inside a word
_UNITS = ((re.compile(r"(?i)\b(anh|chị)\s?/\s?(anh|chị)\b"), r"\1 \2"),
          (re.compile(r"\bVNĐ\b|\bVND\b|(?<=\d)\s?đ\b"), " đồng"), (re.compile(r"%"), " phần trăm"),
          (re.compile(r"(?<=đồng)\s?/\s?(\w+)"), r" mỗi \1"),  # "8.000 đồng/lần"
          (re.compile(r"(?<=[^\W\d_])\s?/\s?(?=[^\W\d_])"), " hoặc "))  # "Hộ chiếu/Thẻ căn cước"


def _legal(m: re.Match[str]) -> str:
    named, so, num, year, symbol = m.groups()
    kind, issuer = next(((k, i) for part, k, i in _LEGAL_KINDS if part in symbol), ("văn bản", ""))
    # "Luật Cư trú số 68/2020/QH14": the name is already said, keep "số"; otherwise say the kind once.
    words = [named or ("số" if so else kind), num] + ([f"năm {year}"] if year else []) + ([issuer] if issuer else [])
    return " ".join(words)


def _date(m: re.Match[str]) -> str:
    day, month, year = (int(g) for g in m.groups()[1:])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return m.group(0)
    return f"ngày {day} tháng {month} năm {year}"


def _code(m: re.Match[str]) -> str:
    return " ".join(_DIGITS[int(d)] for d in m.group(1)) + " chấm " + " ".join(_DIGITS[int(d)] for d in m.group(2))


def _amount(m: re.Match[str]) -> str:
    whole = number_words(int(m.group(1).replace(".", "")))
    if m.group(2):
        return f"{whole} phẩy {' '.join(_DIGITS[int(d)] for d in m.group(2))}"
    return whole


def speak(text: str) -> str:
    """``text`` with legal numbers, dates, codes, amounts, units and numbers written as words."""
    t = _CODE.sub(_code, text)
    t = _DATE.sub(_date, t)
    t = _MONTH_YEAR.sub(r"\1 \2 năm \3", t)
    t = _LEGAL.sub(_legal, t)
    for pat, rep in _UNITS:
        t = pat.sub(rep, t)
    t = _ATTACHED.sub(lambda m: " " + " ".join(_DIGITS[int(d)] for d in m.group(0)) + " ", t)
    t = _AMOUNT.sub(_amount, t)
    return re.sub(r"\s{2,}", " ", t).strip()
