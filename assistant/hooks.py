"""Hook steps supplied by other parts of the KB: once-only notes, legal articles, wards, 2025 warnings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

from assistant.legal_step import legal_articles_step
from assistant.pipeline import Context, Pipeline, Step
from assistant.reorg_step import KnownNumber, reorg_warnings_step
from assistant.units_step import units_answer_step, units_understand_step
from kb.legal.store import LegalStore
from kb.procedures.schema import Procedure
from kb.units.resolve import Resolver

MAX_NOTES = 3
AuditNote: TypeAlias = Callable[[Any], str | None]  # a dossier component → its once-only note, if any


def audit_notes_step(data_first_note: Callable[[Any], str | None]) -> Step:
    """Notes saying which asked-for papers the agency can look up in a national database instead."""

    def step(ctx: Context) -> None:
        if ctx.procedure is None or not any(b.aspect == "documents" for b in ctx.blocks):
            return
        seen: set[str] = set()
        for c in ctx.procedure.documents:
            if c.text in seen:  # the same paper listed again under another execution case
                continue
            seen.add(c.text)
            note = data_first_note(c)
            if note:
                ctx.notes.append(f"{c.text}: {note}")
            if len(ctx.notes) >= MAX_NOTES:
                break

    return Step("audit_notes", step)


def install_hooks(
    pipeline: Pipeline,
    legal: LegalStore | None = None,
    resolver: Resolver | None = None,
    get: Callable[[str], Procedure | None] | None = None,
    audit_note: AuditNote | None = None,
    known_number: KnownNumber | None = None,
) -> list[str]:
    """Add the hooks whose providers were given (loaded once at start-up); returns their names.

    A provider that is not built is reported by ``assistant.startup`` in /healthz, not here.
    """
    added: list[str] = []
    if known_number is not None:  # the 2025 table ships with the package: no provider to build
        pipeline.insert_after("compose", reorg_warnings_step(known_number))
        added.append("reorg_warnings")
    if audit_note is not None:
        pipeline.insert_after("compose", audit_notes_step(audit_note))
        added.append("audit_notes")
    if legal is not None:
        pipeline.insert_after("compose", legal_articles_step(legal))
        added.append("legal_articles")
    if resolver is not None and get is not None:
        pipeline.insert_after("understand", units_understand_step(resolver, get))
        pipeline.insert_after("compose", units_answer_step())
        added += ["units_understand", "units_answer"]
    return added
