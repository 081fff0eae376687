"""Rules ``stale_district_level``, ``stale_ministry``, ``stale_general_department``: bodies gone after 2025."""

from __future__ import annotations

from collections.abc import Iterator

from kb.procedures.schema import Procedure
from kb.quality.model import QualityFinding, RuleContext
from kb.quality.reorg import mentions

RULE_OF_KIND = {"district": "stale_district_level", "ministry": "stale_ministry",
                "general_department": "stale_general_department"}
# Where a stale name misleads a citizen most: the agency that handles the dossier, then the steps.
SEVERITY_OF_FIELD = {"agencies": "high", "steps": "medium", "results": "medium", "methods": "medium",
                     "components": "low", "requirements": "low", "issuer": "low"}


def texts(p: Procedure) -> Iterator[tuple[str, str]]:
    """(field, text) pairs a citizen reads: agencies, steps, results, methods, components, requirements."""
    for a in p.agencies:
        yield "agencies", a
    yield "steps", p.steps
    for r in p.results:
        yield "results", r
    for m in p.methods:
        yield "methods", " ".join([m.description, *(f.description for f in m.fees)])
    for c in p.components:
        yield "components", c.text
    yield "requirements", p.requirements
    yield "issuer", p.issuer


def check(p: Procedure, ctx: RuleContext) -> Iterator[QualityFinding]:
    """One finding per (rule, field, body) of the record, quoting the first mention."""
    seen: set[tuple[str, str, str]] = set()
    for fld, text in texts(p):
        for m in mentions(text):
            rule = RULE_OF_KIND[m.body.kind]
            key = (rule, fld, m.body.old)
            if key in seen:
                continue
            seen.add(key)
            basis = f"{m.body.basis_title} {m.body.basis}".strip()
            yield QualityFinding(
                rule, p.code, SEVERITY_OF_FIELD[fld], fld, m.quote,
                f"Cập nhật “{m.phrase}”: theo bảng sắp xếp năm 2025, nay là {m.body.now} (căn cứ: {basis}).")
