"""Grounded composer: answer blocks built only from the procedure's own record fields."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from assistant.types import Aspect, Block, Citation
from kb.procedures.phrases import fee_text
from kb.procedures.schema import LEVEL_LABELS, SUBMISSION_LABELS, DossierComponent, Fee, Procedure
from kb.text.normalize import one_line

MAX_DOCS = 20
MAX_NOTES = 3
MAX_STEPS = 6
MAX_CHARS = 260
ALL_METHODS = "Mọi cách nộp hồ sơ"  # a value every submission method shares

SECTION_TITLES: dict[str, str] = {
    "documents": "Thành phần hồ sơ",
    "fees": "Phí, lệ phí",
    "time": "Thời hạn giải quyết",
    "where": "Nơi thực hiện",
    "steps": "Trình tự thực hiện",
    "conditions": "Yêu cầu, điều kiện",
    "result": "Kết quả",
    "legal_basis": "Căn cứ pháp lý",
}
OVERVIEW: tuple[Aspect, ...] = ("documents", "fees", "time", "where")
# Sections added after compose (assistant.answer_focus); the channels render them specially.
QUOTE_SECTION = "quote"  # verbatim record sentences, shown first and quoted
NO_QUOTE_SECTION = "no_quote"  # a yes/no question no record sentence decides
DEADLINE_SECTION = "deadline"  # the citizen's own time limit
SUMMARY_SECTION = "summary"  # the closing "Nơi nộp · Thời hạn · Lệ phí" line


_SENT_END = re.compile(r"(?<=[.!?;])\s+")
# A paper needed only in some case ("Trường hợp …", "… trong trường hợp ủy quyền …"): listed after the
# papers everyone brings.
_CONDITIONAL = re.compile(
    r"(?i)^(?:trường hợp|trong trường hợp|nếu|đối với)\b|\b(?:trong|đối với) trường hợp\b|\bnếu có\b")


def _short(text: str, limit: int = MAX_CHARS) -> str:
    """``text`` on one line; past ``limit`` it keeps whole sentences, or cuts at a word with "…"."""
    t = one_line(text)
    if len(t) <= limit:
        return t
    ends = [m.start() for m in _SENT_END.finditer(t) if m.start() <= limit]
    if ends and ends[-1] >= limit // 3:
        return t[: ends[-1]] + " …"
    return t[: limit - 1].rsplit(" ", 1)[0] + "…"


def _case_label(case: str) -> str:
    return one_line(case).strip("*: ").rstrip(":")


def _case_rank(case: str) -> int:
    """Papers everyone brings (no case) first, then named cases, then conditional ones ("Trường hợp
    ủy quyền …"), so that an edge case never hides the main list."""
    label = _case_label(case)
    return 0 if not label else 2 if _CONDITIONAL.search(label) else 1


def _others_line(groups: dict[str, list[DossierComponent]]) -> str:
    parts = [f"{_case_label(case) or 'Giấy tờ chung'} ({sum(c.kind == 'document' for c in comps)} giấy tờ)"
             for case, comps in groups.items()]
    return "Các trường hợp khác: " + "; ".join(parts) + "."


def documents(p: Procedure, limit: int = MAX_DOCS, max_notes: int = MAX_NOTES,
              focus: str | None = None) -> tuple[str, ...]:
    """Checklist: each paper with originals/copies, grouped under its case; notes kept as notes.

    Cases are ordered by :func:`_case_rank`; within a case the papers come first (unconditional
    ones before "Trường hợp …" ones) and the
    notes after them; only the first ``max_notes`` notes are shown (the portal publishes up to
    dozens of them as components), and every paper or note left out is counted in a closing line
    so nothing disappears silently. With ``focus`` (a case label) only that case is listed and the
    other cases are summarised in one line with their counts.
    """
    groups: dict[str, list[DossierComponent]] = {}
    for c in sorted(p.components, key=lambda c: _case_rank(c.case)):  # stable: record order in a rank
        groups.setdefault(c.case, []).append(c)
    others: dict[str, list[DossierComponent]] = {}
    if focus is not None and focus in groups:
        others = {k: v for k, v in groups.items() if k != focus}
        groups = {focus: groups[focus]}
    out: list[str] = []
    shown = notes = hidden_notes = 0
    docs = [c for comps in groups.values() for c in comps if c.kind == "document"]
    for case, comps in groups.items():
        papers = [c for c in comps if c.kind == "document"]
        ordered = ([c for c in papers if not _CONDITIONAL.search(c.text)]
                   + [c for c in papers if _CONDITIONAL.search(c.text)]
                   + [c for c in comps if c.kind == "note"])
        header = f"[{_case_label(case)}]" if case else ""
        for c in ordered:
            if c.kind == "note":
                if notes >= max_notes or shown >= limit:
                    hidden_notes += 1
                    continue
                line = f"Lưu ý: {_short(c.text)}"
                notes += 1
            else:
                if shown >= limit:
                    continue
                shown += 1
                qty = [f"{c.original_qty} bản chính" if c.original_qty else "",
                       f"{c.copy_qty} bản sao" if c.copy_qty else ""]
                qty_s = ", ".join(q for q in qty if q)
                line = _short(c.text) + (f" ({qty_s})" if qty_s else "")
            if header:
                out.append(header)
                header = ""
            out.append(line)
    if len(docs) > shown:
        out.append(f"… và {len(docs) - shown} giấy tờ khác (xem đầy đủ trên Cổng Dịch vụ công).")
    if hidden_notes:
        out.append(f"… và {hidden_notes} lưu ý khác trong hồ sơ của thủ tục {p.code}.")
    if others:
        out.append(_others_line(others))
    return tuple(out)


def fee_line(f: Fee) -> str:
    """A fee as published; the description wins when its amounts disagree with the parsed one."""
    if f.amount and f.amounts_in_text and f.amount not in f.amounts_in_text and f.description:
        return one_line(f.description).lstrip("-+• ")
    return fee_text(f).replace("— - ", "— ")


def fees(p: Procedure) -> tuple[str, ...]:
    """Fees per submission method; methods charging the same are merged, and one line says so
    when every method charges the same."""
    by_set: dict[tuple[str, ...], list[str]] = {}
    for m in p.methods:
        texts = tuple(dict.fromkeys(_short(fee_line(f)) for f in m.fees)) or ("Không có thông tin phí, lệ phí",)
        by_set.setdefault(texts, []).append(SUBMISSION_LABELS.get(m.submission, m.submission))
    if len(by_set) == 1 and len(p.methods) > 1:
        (texts, _), = by_set.items()
        return tuple(f"{ALL_METHODS}: {t}" for t in texts)
    return tuple(f"{', '.join(dict.fromkeys(ls))}: {t}" for texts, ls in by_set.items() for t in texts)


def times(p: Procedure) -> tuple[str, ...]:
    """Processing time per submission method (identical times are merged, said once when all agree)."""
    by_text: dict[str, list[str]] = {}
    for m in p.methods:
        t = _short(m.time.text or m.time.original) or "Không có thông tin"
        by_text.setdefault(t, []).append(SUBMISSION_LABELS.get(m.submission, m.submission))
    if len(by_text) == 1 and len(p.methods) > 1:
        return tuple(f"{ALL_METHODS}: {t}" for t in by_text)
    return tuple(f"{', '.join(dict.fromkeys(ls))}: {t}" for t, ls in by_text.items())


def where(p: Procedure) -> tuple[str, ...]:
    """Executing agencies, level and the ways a dossier can be submitted."""
    out: list[str] = []
    if p.agencies:
        out.append("Cơ quan thực hiện: " + "; ".join(p.agencies))
    if p.levels:
        out.append("Cấp thực hiện: " + ", ".join(LEVEL_LABELS.get(lv, lv) for lv in p.levels))
    methods = list(dict.fromkeys(SUBMISSION_LABELS.get(m.submission, m.submission) for m in p.methods))
    if methods:
        out.append("Cách nộp hồ sơ: " + ", ".join(methods))
    return tuple(out)


def steps(p: Procedure) -> tuple[str, ...]:
    """The first lines of the published steps, shortened."""
    lines = [ln for ln in (one_line(x) for x in p.steps.splitlines()) if ln]
    out = [_short(ln) for ln in lines[:MAX_STEPS]]
    if len(lines) > MAX_STEPS:
        out.append("… (xem đầy đủ trình tự trên Cổng Dịch vụ công).")
    return tuple(out)


def conditions(p: Procedure) -> tuple[str, ...]:
    """Requirements and conditions, plus who may use the procedure."""
    out = [_short(ln) for ln in p.requirements.splitlines() if ln.strip()][:MAX_STEPS]
    if p.subjects:
        out.append("Đối tượng thực hiện: " + "; ".join(p.subjects))
    return tuple(out) or ("Thủ tục không nêu yêu cầu, điều kiện riêng.",)


def results(p: Procedure) -> tuple[str, ...]:
    """What the citizen receives."""
    return tuple(_short(r) for r in p.results)


def legal(p: Procedure) -> tuple[str, ...]:
    """Legal bases as 'number — title'."""
    return tuple(f"{b.number} — {_short(b.title, 160)}" if b.number else _short(b.title, 160)
                 for b in p.legal_bases)


SUMMARY_TITLE = "Tóm lại"
SUMMARY_PART_CHARS = 90  # one summary part; longer values point to their section instead


def _part(values: list[str], section: str) -> str:
    """Distinct values joined, or a pointer to ``section`` when too long to summarise."""
    v = "; ".join(dict.fromkeys(one_line(x).rstrip(" .;") for x in values if x))
    if not v:
        return "không có thông tin"
    return v if len(v) <= SUMMARY_PART_CHARS else f"xem mục {SECTION_TITLES[section]}"


def _fee_short(f: Fee) -> str:
    if f.amount == 0:
        return "miễn phí"
    amounts = [f.amount] if f.amount else list(f.amounts_in_text)
    if len(amounts) == 1 and amounts[0]:
        return f"{amounts[0]:,}".replace(",", ".") + " đồng"
    return fee_line(f)


def summary(p: Procedure) -> tuple[str, ...]:
    """Where, time, fees and the record's last update in short parts ("Nơi nộp: …", …, "Cập nhật: dd/mm/yyyy").

    A value differing by submission method is given per method; values too long for one line point
    to their section instead of being cut.
    """
    def per_method(values: list[tuple[str, str]]) -> list[str]:
        if len({v for _, v in values}) <= 1:
            return [v for _, v in values]
        by_value: dict[str, list[str]] = {}  # methods sharing a value are named together
        for m, v in values:
            by_value.setdefault(v, []).append(SUBMISSION_LABELS.get(m, m).lower())
        return ["; ".join(f"{', '.join(ms)}: {v}" for v, ms in by_value.items())]

    more = len(p.agencies) - 2
    place = _part(list(p.agencies[:2]), "where") + (f" và {more} cơ quan khác" if more > 0 else "")
    time_vals = [(m.submission, one_line(m.time.text or m.time.original)) for m in p.methods]
    fee_vals = [(m.submission, ", ".join(dict.fromkeys(_fee_short(f) for f in m.fees)) or "không có thông tin")
                for m in p.methods]
    parts = (f"Nơi nộp: {place}", f"Thời hạn: {_part(per_method(time_vals), 'time')}",
             f"Lệ phí: {_part(per_method(fee_vals), 'fees')}")
    return (*parts, f"Cập nhật: {updated_on(p)}") if p.updated_at > 0 else parts


VN_TZ = timezone(timedelta(hours=7))


def updated_on(p: Procedure) -> str:
    """The record's ``updatedAt`` as a Vietnamese date (dd/mm/yyyy, Vietnam time)."""
    return datetime.fromtimestamp(p.updated_at / 1000, VN_TZ).strftime("%d/%m/%Y")


BUILDERS = {"documents": documents, "fees": fees, "time": times, "where": where, "steps": steps,
            "conditions": conditions, "result": results, "legal_basis": legal}


def block(p: Procedure, aspect: Aspect) -> Block:
    """One answer block for ``aspect``; empty items mean the record says nothing about it."""
    return Block(aspect, SECTION_TITLES[aspect], BUILDERS[aspect](p), aspect)


def compose(p: Procedure, aspect: Aspect) -> tuple[Block, ...]:
    """The blocks answering ``aspect`` (the overview is documents, fees, time and where)."""
    aspects = OVERVIEW if aspect == "overview" else (aspect,)
    return tuple(block(p, a) for a in aspects)


def citations(p: Procedure, blocks: tuple[Block, ...], max_legal: int = 3) -> tuple[Citation, ...]:
    """The procedure sections used, then its legal bases (the first ``max_legal``)."""
    out = [Citation(p.code, b.section, f"Thủ tục {p.code} — {b.title}") for b in blocks]
    for b in p.legal_bases[:max_legal]:
        if b.number:
            out.append(Citation(p.code, "legal_basis", f"{b.number} — {_short(b.title, 120)}",
                                b.number, kind="legal_basis"))
    return tuple(out)
