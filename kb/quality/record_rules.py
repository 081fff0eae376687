"""Record rules: ``unparsed_fee``, ``unparsed_time``, ``contradictory_quantity``, ``note_as_paper``,
``empty_component``, ``no_results``, ``no_steps``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kb.procedures.schema import SUBMISSION_LABELS, Procedure
from kb.quality.model import QualityFinding, RuleContext
from kb.quality.reorg import quote
from kb.text.normalize import fold, one_line

_DIGIT = re.compile(r"\d")
_COPY = re.compile(r"^\W*(?:\d+\W+)?ban sao\b")  # the component *is* a copy ("Bản sao …"), not about copies
_ORIGINAL = re.compile(r"^\W*(?:\d+\W+)?ban chinh\b(?! hoac ban sao)")
MIN_STEPS_CHARS = 15


def _short(text: str, n: int = 160) -> str:
    t = one_line(text)
    return t if len(t) <= n else t[: n - 1] + "…"


def fees_and_times(p: Procedure, ctx: RuleContext) -> Iterator[QualityFinding]:
    """A fee whose text states a figure we could not read as an amount; a time we could not read."""
    for m in p.methods:
        how = SUBMISSION_LABELS.get(m.submission, m.submission)
        for f in m.fees:
            if f.amount is None and not f.amounts_in_text and _DIGIT.search(f.description):
                yield QualityFinding("unparsed_fee", p.code, "medium", "fees", f"{how}: {_short(f.description)}",
                                     "Ghi mức phí, lệ phí bằng số tiền cụ thể (đồng) cho từng trường hợp.")
        if m.time.value is None and m.time.unit == "other" and m.time.original.strip():
            yield QualityFinding("unparsed_time", p.code, "medium", "processing_times",
                                 f"{how}: {_short(m.time.original.replace('OTHER', '(đơn vị: khác)'))}",
                                 "Ghi thời hạn giải quyết bằng số ngày (làm việc) hoặc giờ cụ thể.")


def components(p: Procedure, ctx: RuleContext) -> Iterator[QualityFinding]:
    """Quantities that contradict the component's own words; notes published with paper quantities."""
    for c in p.components:
        t = fold(c.text)
        qty = f"(bản chính: {c.original_qty}, bản sao: {c.copy_qty})"
        says_copy, says_orig = bool(_COPY.search(t)), bool(_ORIGINAL.search(t))
        if c.kind == "document" and says_copy and not says_orig and c.copy_qty == 0 and c.original_qty > 0:
            yield QualityFinding("contradictory_quantity", p.code, "low", "components", f"{_short(c.text)} {qty}",
                                 "Thành phần ghi “bản sao” nhưng số lượng chỉ có bản chính: sửa số lượng.")
        elif c.kind == "document" and says_orig and not says_copy and c.original_qty == 0 and c.copy_qty > 0:
            yield QualityFinding("contradictory_quantity", p.code, "low", "components", f"{_short(c.text)} {qty}",
                                 "Thành phần ghi “bản chính” nhưng số lượng chỉ có bản sao: sửa số lượng.")
        if not c.text.strip():
            yield QualityFinding("empty_component", p.code, "medium", "components", f"(thành phần trống) {qty}",
                                 "Thành phần hồ sơ không có tên: bổ sung tên giấy tờ hoặc xoá.")
        elif c.kind == "note" and c.original_qty + c.copy_qty > 0:
            yield QualityFinding("note_as_paper", p.code, "low", "components", f"{_short(c.text)} {qty}",
                                 "Đây là ghi chú/điều kiện, không phải giấy tờ: chuyển sang phần lưu ý, bỏ số lượng.")


def results_and_steps(p: Procedure, ctx: RuleContext) -> Iterator[QualityFinding]:
    """Records that do not say what the citizen gets, or how the procedure runs."""
    if not any(r.strip() for r in p.results):
        yield QualityFinding("no_results", p.code, "medium", "results", "(không có kết quả thực hiện)",
                             "Bổ sung kết quả thực hiện thủ tục (giấy tờ, quyết định… người dân nhận được).")
    if len(p.steps.strip()) < MIN_STEPS_CHARS:
        yield QualityFinding("no_steps", p.code, "medium", "steps",
                             quote(p.steps, 0, len(p.steps)) or "(không có trình tự thực hiện)",
                             "Bổ sung trình tự thực hiện (nộp ở đâu, ai xử lý, trả kết quả thế nào).")
