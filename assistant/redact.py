"""Remove personal data before anything is logged or stored: CCCD/CMND, passport, social-insurance,
tax and bank-account numbers, phones, emails, plates, birth dates, addresses and self-given names."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Numbers recognised by the words naming them (10-digit tax and insurance numbers look like phones).
_TAX = re.compile(r"(?i)(?:\bmã số thuế|\bma so thue|\bMST)\s*(?:là|la|:)?\s*(\d{10}(?:-\d{3})?|\d{13})\b")
_BHXH = re.compile(r"(?i)(?:\bBHXH|\bbảo hiểm xã hội|\bbao hiem xa hoi|\bBHYT|\bbảo hiểm y tế|\bbao hiem y te)"
                   r"(?:\s+(?:số|so|mã|ma|thẻ|the|sổ|so))*\s*(?:là|la|:)?\s*([A-Z]{2}\d{13}|\d{10})\b")
_BANK = re.compile(r"(?i)(?:\bSTK|\bsố tài khoản|\bso tai khoan|\btài khoản(?: ngân hàng)?|\btai khoan(?: ngan hang)?|"
                   r"\bTK)\s*(?:số|so|là|la|:)?\s*(\d[\d .-]{5,22}\d)\b")
_PASSPORT = re.compile(r"\b[A-Z]{1,2}\d{7}\b")
_PLATE = re.compile(r"\b\d{2}[A-Z]{1,2}\d?[- .]?\d{3}\.?\d{2}\b")
_BIRTH = re.compile(r"(?i)(?:\b(?<!khai )sinh|\bngày sinh|\bngay sinh|\bsn|\bDOB)\b[^\d\n]{0,15}"
                    r"(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)\d{2})\b")
_PLAIN_IS = r"(?:tôi|em|mình|toi|minh) là"  # followed by a name only when it is capitalised
_NAME_CUE = re.compile(r"(?i)\b(?:" + _PLAIN_IS + r"|tên (?:tôi|em|mình|cháu|con|tui) là|"
                       r"(?:tôi|em|mình|cháu|tui) tên(?: là)?|họ (?:và )?tên(?: là|:)?|"
                       r"ten (?:toi|em|minh|chau|con|tui) la|(?:toi|em|minh|chau|tui) ten(?: la)?|"
                       r"ho (?:va )?ten(?: la|:)?)\s+")
_NAME_STOP = frozenset("ở o sinh số so cần can muốn muon hỏi hoi xin đang dang nhà nha tại tai và va là la thì thi "
                       "có co không khong làm lam đã da năm nam cccd sđt sdt email".split())
# 12-digit citizen ID (CCCD / personal ID number), also written in groups of 3 or 4.
_ID12 = re.compile(r"(?<!\d)(?:\d[ .-]?){11}\d(?!\d)")
_ID9 = re.compile(r"(?<![\d.])\d{9}(?![\d.])")  # old 9-digit CMND
# Vietnamese phone numbers: 0 or +84 then 9 digits (spaces/dots/dashes allowed).
_PHONE = re.compile(r"(?<![\d.])(?:\(\+?84\)\s?|\+?84|0)(?:[ .-]?\d){9,10}(?!\d)")
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
    before = m.string[max(0, m.start() - 6):m.start()].lower()
    if before.endswith(("thành ", "thanh ")) or [w.lower() for w in words[:2]] in (["đường", "dây"], ["duong", "day"]):
        return None  # "thành phố Hà Nội" is a city, "đường dây nóng" a hotline
    end = len(words)
    while end and not (words[end - 1][:1].isupper() or words[end - 1][:1].isdigit()):
        end -= 1
    if end == 0 or words[end - 1].lower() in _STREET_WORDS:
        return None
    return " ".join(words[:end])


PLACEHOLDERS = {"email": "[email]", "id": "[số định danh]", "phone": "[số điện thoại]",
                "address": "[địa chỉ]", "passport": "[số hộ chiếu]", "tax": "[mã số thuế]",
                "social_insurance": "[số bảo hiểm]", "bank": "[số tài khoản]", "plate": "[biển số]",
                "birth_date": "[ngày sinh]", "name": "[họ tên]"}


def _name_end(text: str, start: int) -> int:
    """Where the self-given name starting at ``start`` ends: up to 4 words, before a stop word or
    punctuation; capitalised words only when the first one is capitalised."""
    end, words = start, 0
    capital = text[start:start + 1].isupper()
    for m in re.finditer(r"[^\s,.;:!?()]+", text[start:]):
        w = m.group(0)
        if words == 4 or w.lower() in _NAME_STOP or (capital and not w[:1].isupper()) or any(c.isdigit() for c in w):
            break
        if m.start() > 0 and text[start + (end - start):start + m.start()].strip():
            break
        end, words = start + m.end(), words + 1
    return end if words else start


def redact(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` with personal data replaced by placeholders, and the kinds found (sorted)."""
    found: set[str] = set()

    def sub(kind: str, pattern: re.Pattern[str], s: str) -> str:
        def rep(_m: re.Match[str]) -> str:
            found.add(kind)
            return PLACEHOLDERS[kind]
        return pattern.sub(rep, s)

    def group(kind: str, pattern: re.Pattern[str], s: str) -> str:
        def rep(m: re.Match[str]) -> str:
            found.add(kind)
            a, b = m.span(1)
            return m.group(0)[: a - m.start()] + PLACEHOLDERS[kind] + m.group(0)[b - m.start():]
        return pattern.sub(rep, s)

    out = sub("email", _EMAIL, text)
    out = group("tax", _TAX, out)
    out = group("social_insurance", _BHXH, out)
    out = group("bank", _BANK, out)
    out = group("birth_date", _BIRTH, out)
    out = sub("id", _ID12, out)
    out = sub("phone", _PHONE, out)
    out = sub("id", _ID9, out)
    out = sub("passport", _PASSPORT, out)
    out = sub("plate", _PLATE, out)
    out = _names(out, found)
    def addr(m: re.Match[str]) -> str:
        kept = _address(m)
        if kept is None:
            return m.group(0)
        found.add("address")
        return PLACEHOLDERS["address"] + m.group(0)[len(kept):]

    out = _ADDRESS.sub(addr, out)
    return out, tuple(sorted(found))


def _names(text: str, found: set[str]) -> str:
    """Replace the name a person gives after "tên tôi là", "tôi tên", "họ tên"…"""
    out, pos = [], 0
    for m in _NAME_CUE.finditer(text):
        if m.start() < pos:
            continue
        if re.fullmatch(_PLAIN_IS, m.group(0).strip(), re.I) and not text[m.end():m.end() + 1].isupper():
            continue  # "tôi là sinh viên": only a capitalised name follows plain "tôi là"
        end = _name_end(text, m.end())
        if end > m.end():
            out += [text[pos:m.end()], PLACEHOLDERS["name"]]
            pos = end
            found.add("name")
    return "".join(out) + text[pos:]


def echo(value: str, limit: int = 40) -> str:
    """``value`` for an error message, or a neutral word when it is long or holds personal data."""
    return value if len(value) <= limit and not redact(value)[1] else "(đã ẩn)"


def search_text(redacted: str) -> str:
    """Redacted text without its placeholders and the word naming each ("sđt", "CCCD", "email")."""
    return " ".join(re.sub(r"(?:[^\s\[\],.;:]+\s*:?\s*)?\[[^\]]*\]", " ", redacted).split())
