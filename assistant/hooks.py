"""Optional pipeline steps supplied by other parts of the KB: once-only notes, legal articles, wards."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from assistant.legal_step import legal_articles_step
from assistant.pipeline import Context, Pipeline, Step
from assistant.units_step import units_answer_step, units_understand_step
from kb.audit.stored import AuditNotBuilt, open_stored_audit
from kb.legal.store import LegalStore
from kb.procedures.schema import Procedure
from kb.procedures.store import Store
from kb.units.resolve import Resolver

log = logging.getLogger(__name__)

MAX_NOTES = 3


def audit_notes_step(data_first_note: Callable[[Any], str | None]) -> Step:
    """Notes saying which asked-for papers the agency can look up in a national database instead.

    ``data_first_note(component)`` reads the verdict ``tthc build`` stored; nothing is classified here.
    """

    def step(ctx: Context) -> None:
        if ctx.procedure is None or not any(b.aspect == "documents" for b in ctx.blocks):
            return
        for c in ctx.procedure.documents:
            note = data_first_note(c)
            if note:
                ctx.notes.append(f"{c.text}: {note}")
            if len(ctx.notes) >= MAX_NOTES:
                break

    return Step("audit_notes", step)


def stored_notes(store: Store) -> Callable[[Any], str | None] | None:
    """The stored-verdict note lookup of ``store``'s KB; None (and a warning) when the build stored none."""
    try:
        return open_stored_audit(store.kb_dir, str(store.manifest.get("build_id"))).data_first_note
    except AuditNotBuilt as exc:
        log.warning("once-only notes off: %s", exc)
        return None


def install_optional_hooks(
    pipeline: Pipeline,
    legal: LegalStore | None = None,
    resolver: Resolver | None = None,
    get: Callable[[str], Procedure | None] | None = None,
    store: Store | None = None,
) -> list[str]:
    """Add the hooks whose providers are built and loaded; returns their names."""
    added: list[str] = []
    fn = stored_notes(store) if store is not None else None
    if fn is not None:
        pipeline.insert_after("compose", audit_notes_step(fn))
        added.append("audit_notes")
    if legal is not None:
        pipeline.insert_after("compose", legal_articles_step(legal))
        added.append("legal_articles")
    if resolver is not None and get is not None:
        pipeline.insert_after("understand", units_understand_step(resolver, get))
        pipeline.insert_after("compose", units_answer_step())
        added += ["units_understand", "units_answer"]
    return added
