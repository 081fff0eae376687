"""Warnings, never rewrites: a record naming a body dissolved in 2025, or quoting an expired time-limited fee.

The official text stays as published; a short note says which body now handles it according to the 2025
reorganisation table (``kb/data/reorg_2025.tsv``), with its legal basis when the knowledge base holds that
document, and that an expired fee level is not the current one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from assistant.pipeline import Context, Step
from kb.procedures.schema import Procedure
from kb.quality.expiry_rules import expired
from kb.quality.reorg import mentions, warning

MAX_WARNINGS = 3
KnownNumber = Callable[[str], bool]
# Sections whose items show agency or step text (the summary line always shows the agencies).
SECTIONS = ("where", "steps", "result")


def stale_warnings(texts: Iterable[str], known: KnownNumber) -> list[str]:
    """One warning per dissolved body the texts name (outside legal citations), in order of appearance."""
    out: dict[str, str] = {}
    for text in texts:
        for m in mentions(text):
            if m.body.old not in out:
                out[m.body.old] = warning(m.body, basis_known=bool(m.body.basis) and known(m.body.basis))
    return list(out.values())


def fee_warnings(p: Procedure, today: date) -> list[str]:
    """A warning per distinct end date of an expired time-limited fee rule in the record."""
    ends = sorted({d for m in p.methods for f in m.fees for d, _ in expired(f.description, today, False)})
    return [f"Lưu ý: thủ tục ghi một mức phí, lệ phí chỉ áp dụng đến ngày {d:%d/%m/%Y}; quy định này đã hết hạn,"
            " không phải mức hiện hành — đề nghị kiểm tra mức thu hiện hành với cơ quan giải quyết." for d in ends]


def record_warnings(p: Procedure, texts: Iterable[str], known: KnownNumber, today: date) -> list[str]:
    """Stale-body warnings for ``texts`` plus expired-fee warnings, at most :data:`MAX_WARNINGS`."""
    return (stale_warnings(texts, known) + fee_warnings(p, today))[:MAX_WARNINGS]


def reorg_warnings_step(known: KnownNumber, today: Callable[[], date] = date.today) -> Step:
    """Pipeline hook after ``compose``: add the warnings to the answer's notes."""

    def step(ctx: Context) -> None:
        if ctx.procedure is None:
            return
        p = ctx.procedure
        texts = [*p.agencies, *(i for b in ctx.blocks if b.section in SECTIONS for i in b.items)]
        ctx.notes.extend(record_warnings(p, texts, known, today()))

    return Step("reorg_warnings", step)
