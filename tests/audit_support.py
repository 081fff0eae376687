"""Helpers for the audit tests: components written by us and a tiny audit knowledge base."""

from __future__ import annotations

from pathlib import Path

from kb.procedures.schema import DossierComponent

FIXTURES = Path(__file__).parent / "fixtures"
AUDIT_PORTAL = FIXTURES / "portal_audit.jsonl"


def comp(text: str, oq: int = 1, cq: int = 0, kind: str = "document", cid: str = "t-1") -> DossierComponent:
    """A dossier component as ingestion would produce it."""
    return DossierComponent(
        id=cid,
        procedure_code="9.999999",
        case="",
        case_index=0,
        position=0,
        text=text,
        raw_text=text,
        code="",
        original_qty=oq,
        copy_qty=cq,
        has_electronic_form=False,
        kind=kind,
    )  # type: ignore[arg-type]


def build_audit_kb(out: Path) -> Path:
    """Build the three-procedure audit fixture into ``out``."""
    from ingestion.build import build

    build([AUDIT_PORTAL], out)
    return out
