"""Rule ``expired_time_limited_rule``: a rule the record states "đến hết ngày 31/12/2025" that has expired."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from kb.procedures.schema import Procedure
from kb.quality.model import QualityFinding, RuleContext
from kb.quality.reorg import quote
from kb.text.normalize import nfc

# "đến hết ngày 31/12/2025", "đến ngày 31-12-2025", "kể từ … đến hết 31/12/2025", "hết năm 2025".
_UNTIL = re.compile(
    r"\bđến (?:hết )?(?:ngày )?(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})"
    r"|\bđến (?:hết )?ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})"
    r"|\bđến hết năm (\d{4})", re.IGNORECASE)


def until_dates(text: str) -> list[tuple[date, int, int]]:
    """Every "until" date in ``text`` with the span of its phrase."""
    out: list[tuple[date, int, int]] = []
    for m in _UNTIL.finditer(nfc(text)):
        g = m.groups()
        try:
            if g[6]:
                d = date(int(g[6]), 12, 31)
            else:
                day, month, year = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
                d = date(int(year), int(month), int(day))
        except ValueError:
            continue
        out.append((d, m.start(), m.end()))
    return out


MIN_YEAR = 2020  # older end dates are historical periods ("từ 20/7/1954 đến 30/4/1975"), not rules in force
# Words that make a dated phrase a time-limited rule (fee levels, reductions, pilots, transitions).
_RULE_WORDS = re.compile(r"phí|mức thu|giảm|miễn|áp dụng|thí điểm|chuyển tiếp|hiệu lực", re.IGNORECASE)
RULE_WINDOW = 120


def expired(text: str, as_of: date, need_rule_word: bool = True) -> list[tuple[date, str]]:
    """(date, quote) of each time-limited phrase of ``text`` that ended before ``as_of``."""
    out: list[tuple[date, str]] = []
    for d, a, b in until_dates(text):
        window = nfc(text)[max(0, a - RULE_WINDOW):b + RULE_WINDOW]
        if MIN_YEAR <= d.year and d < as_of and (not need_rule_word or _RULE_WORDS.search(window)):
            out.append((d, quote(text, a, b)))
    return out


def check(p: Procedure, ctx: RuleContext) -> Iterator[QualityFinding]:
    """Fees (high: the assistant must not quote them as current), then methods, steps and requirements."""
    sources: list[tuple[str, str, str, bool]] = []  # field, severity, text, whether a rule word is needed
    for m in p.methods:
        sources += [("fees", "high", f.description, False) for f in m.fees]  # a fee text is a rule by itself
        sources.append(("methods", "medium", m.description, True))
    sources += [("steps", "medium", p.steps, True), ("requirements", "medium", p.requirements, True)]
    seen: set[tuple[str, str]] = set()
    for fld, sev, text, need_word in sources:
        for d, q in expired(text, ctx.as_of, need_word):
            if (fld, q) in seen:
                continue
            seen.add((fld, q))
            yield QualityFinding(
                "expired_time_limited_rule", p.code, sev, fld, q,
                f"Quy định chỉ áp dụng đến {d:%d/%m/%Y} đã hết hạn: cập nhật mức/quy định hiện hành.")
