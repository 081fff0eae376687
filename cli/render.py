"""Plain-text Vietnamese rendering of a procedure for terminals."""

from __future__ import annotations

from typing import Any

from kb.procedures.phrases import fee_text
from kb.procedures.schema import LEVEL_LABELS, SUBMISSION_LABELS, Procedure


def render_procedure(p: Procedure) -> str:
    """The whole procedure, sectioned and readable in a terminal."""
    out: list[str] = [f"{p.name}", f"Mã thủ tục: {p.code}"]
    if p.field:
        out.append(f"Lĩnh vực: {p.field}")
    if p.levels:
        out.append("Cấp thực hiện: " + ", ".join(LEVEL_LABELS.get(lv, lv) for lv in p.levels))
    if p.agencies:
        out.append("Cơ quan thực hiện: " + "; ".join(p.agencies))
    if p.subjects:
        out.append("Đối tượng: " + "; ".join(p.subjects))
    if p.components:
        out.append("\nTHÀNH PHẦN HỒ SƠ")
        case = None
        for c in p.components:
            if c.case != case and c.case:
                out.append(f"  [{c.case}]")
            case = c.case
            if c.kind == "note":
                out.append(f"    (Lưu ý) {c.text}")
            else:
                out.append(f"    • {c.text}  — bản chính: {c.original_qty}, bản sao: {c.copy_qty}")
    if p.methods:
        out.append("\nCÁCH THỨC THỰC HIỆN")
        for m in p.methods:
            fees = "; ".join(fee_text(f) for f in m.fees) or "Không có thông tin"
            out.append(f"  • {SUBMISSION_LABELS.get(m.submission, m.submission)}: "
                       f"thời hạn {m.time.text}; phí, lệ phí: {fees}")
            if m.description:
                out.append(f"      {m.description}")
    if p.steps:
        out.append("\nTRÌNH TỰ THỰC HIỆN")
        out.extend(f"  {ln}" for ln in p.steps.splitlines())
    if p.requirements:
        out.append("\nYÊU CẦU, ĐIỀU KIỆN")
        out.extend(f"  {ln}" for ln in p.requirements.splitlines())
    if p.results:
        out.append("\nKẾT QUẢ: " + "; ".join(p.results))
    if p.legal_bases:
        out.append("\nCĂN CỨ PHÁP LÝ")
        out.extend(f"  • {b.number} — {b.title}" if b.number else f"  • {b.title}"
                   for b in p.legal_bases)
    if p.decision:
        out.append(f"\nQuyết định công bố: {p.decision}" + (f" ({p.issuer})" if p.issuer else ""))
    return "\n".join(out)


_LINK_LABELS = {
    "document": "có trong Bộ pháp điển",
    "amending": "văn bản sửa đổi, có trong Bộ pháp điển",
    "not_in_corpus": "chưa có trong Bộ pháp điển",
    "no_number": "không rõ số hiệu",
}


def render_legal_links(links: list[Any]) -> str:
    """Section listing each legal basis and whether the legal corpus holds it ("" when none)."""
    if not links:
        return ""
    out = ["", "VĂN BẢN TRONG BỘ PHÁP ĐIỂN"]
    for x in links:
        n = f", {x.articles} điều" if x.articles else ""
        out.append(f"  • {x.number or x.title[:60]} — {_LINK_LABELS.get(x.status, x.status)}{n}")
    return "\n".join(out)
