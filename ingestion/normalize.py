"""Field-level normalisers for portal values: processing times, fees, component kinds."""

from __future__ import annotations

import re

from kb.procedures.schema import ComponentKind, Fee, ProcessingTime
from kb.text.normalize import clean, fold, one_line, strip_bullet

UNIT_MAP = {
    "WORKING_DAY": ("working_day", "ngày làm việc"),
    "DAY": ("day", "ngày"),
    "HOUR": ("hour", "giờ"),
    "MONTH": ("month", "tháng"),
    "YEAR": ("year", "năm"),
}
_NUM_UNIT = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(ngày làm việc|ngày|giờ|tháng|năm)", re.IGNORECASE
)
_TEXT_UNITS = {
    "ngày làm việc": "working_day",
    "ngày": "day",
    "giờ": "hour",
    "tháng": "month",
    "năm": "year",
}
_UNIT_LABEL = {v[0]: v[1] for v in UNIT_MAP.values()} | {"in_day": "trong ngày"}


def _fmt_value(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v).replace(".", ",")


def parse_processing_time(value: object, unit: object, description: str = "") -> ProcessingTime:
    """Normalise the portal's (processingTime, processingTimeUnit) pair.

    ``processingTime`` is usually a number but sometimes free text ("Không quá 10 ngày làm
    việc", "Theo mô tả"); unit ``OTHER`` with a number is resolved from the text when it can be.
    """
    unit_s = str(unit or "").upper()
    raw_value = "" if value is None else str(value).strip()
    original = one_line(f"{raw_value} {unit_s}".strip())
    desc = one_line(description)
    number: float | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, (int, float)):
        number = float(value)
    elif raw_value:
        try:
            number = float(raw_value.replace(",", "."))
        except ValueError:
            number = None
    if unit_s in UNIT_MAP and number is not None and number > 0:
        key, label = UNIT_MAP[unit_s]
        return ProcessingTime(number, key, f"{_fmt_value(number)} {label}", original)
    # Free text in the value (or a short description): "<n> <unit>" or "trong ngày".
    texts = [raw_value] if number is None else []
    if len(desc) <= 120:
        texts.append(desc)
    for text in texts:
        if "trong ngày" in text.lower():
            return ProcessingTime(None, "in_day", "Trong ngày", original)
        m = _NUM_UNIT.search(text)
        if m:
            n = float(m.group(1).replace(",", "."))
            key = _TEXT_UNITS[m.group(2).lower()]
            return ProcessingTime(n, key, f"{_fmt_value(n)} {_UNIT_LABEL[key]}", original)
    if unit_s == "OTHER" and number == 1 and not desc:
        # The portal encodes same-day handling as 1 OTHER with no further text.
        return ProcessingTime(None, "in_day", "Trong ngày", original)
    text = raw_value if raw_value and not raw_value.replace(".", "").isdigit() else ""
    return ProcessingTime(None, "other", text or "Theo quy định (xem mô tả)", original)


_AMOUNT = re.compile(
    r"(\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)\s*(triệu|nghìn|ngàn|tỷ)?\s*(đồng|đ\b|vnđ|vnd)?",
    re.IGNORECASE,
)
_MULT = {"triệu": 1_000_000, "nghìn": 1_000, "ngàn": 1_000, "tỷ": 1_000_000_000}
_FREE = ("miễn", "không thu", "không phải nộp", "không mất")


def amounts_in_text(text: str) -> tuple[int, ...]:
    """VND amounts written in a fee description ("50.000 đồng", "10 triệu đồng")."""
    out: list[int] = []
    for m in _AMOUNT.finditer(text):
        num, mult, cur = m.group(1), m.group(2), m.group(3)
        if not mult and not cur and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", num):
            continue  # a bare number such as a year or an article is not a price
        if re.search(r"/\d{2,4}", text[m.end() : m.end() + 5]):
            continue  # part of a document number or a date
        if mult:
            value = float(num.replace(".", "").replace(",", ".")) * _MULT[mult.lower()]
        else:
            value = float(num.replace(".", "").replace(",", ""))
        if value >= 1000:
            out.append(int(value))
    return tuple(dict.fromkeys(out))


def parse_fee(raw: dict[str, object]) -> Fee:
    """Parse one fee entry; ``amount`` is 0 for free, None when only described in text."""
    desc = clean(str(raw.get("description") or ""))
    value = raw.get("value")
    in_text = amounts_in_text(desc)
    amount: int | None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        amount = int(value)
    elif (isinstance(value, (int, float)) and value == 0) and (
        desc in ("", "0", "0 đồng") or any(w in fold(desc) for w in map(fold, _FREE)) and not in_text
    ):
        amount = 0
    else:
        amount = None
    return Fee(type=str(raw.get("type") or ""), amount=amount, description=desc,
               amounts_in_text=in_text)


_DOC_PREFIXES = tuple(
    fold(p)
    for p in (
        "giấy", "bản", "văn bản", "tờ khai", "tờ", "đơn", "phiếu", "hợp đồng", "sổ", "thẻ",
        "hộ chiếu", "quyết định", "chứng", "báo cáo", "biên bản", "danh sách", "tài liệu",
        "hóa đơn", "hoá đơn", "ảnh", "kế hoạch", "đề án", "dự án", "bảng", "bằng", "giấy phép",
        "bảo sao", "01 ", "02 ", "một ",
    )
)
_NOTE_PREFIXES = tuple(
    fold(p)
    for p in ("lưu ý", "ghi chú", "chú ý", "trường hợp", "(trường hợp", "đối với", "số lượng hồ sơ",
              "nếu", "trong trường hợp")
)


def component_kind(text: str, original_qty: int, copy_qty: int) -> ComponentKind:
    """Tell a real paper from a note or condition published as a component.

    Notes ("* Lưu ý", "Trường hợp …" conditions, group headers ending in ":") usually carry
    0/0 quantities; a 0/0 entry that starts like a paper ("Giấy …", "Bản sao …") stays a document.
    """
    body = fold(strip_bullet(text.strip().lstrip("*").strip()))
    if body.startswith(_NOTE_PREFIXES[:3]):
        return "note"
    if original_qty or copy_qty:
        return "document"
    if body.endswith(":") or body.startswith(_NOTE_PREFIXES):
        return "note"
    if body.startswith(_DOC_PREFIXES):
        return "document"
    return "note"
