"""Run every quality rule over a collection and count the findings by rule, severity, field, agency and level."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from kb.procedures.schema import Procedure
from kb.quality import collection_rules, expiry_rules, legal_rules, record_rules, stale_rules
from kb.quality.model import SEVERITIES, CollectionRule, ProcedureRule, QualityFinding, RuleContext

PROCEDURE_RULES: tuple[ProcedureRule, ...] = (
    stale_rules.check, expiry_rules.check, record_rules.fees_and_times, record_rules.components,
    record_rules.results_and_steps, legal_rules.check,
)
COLLECTION_RULES: tuple[CollectionRule, ...] = (collection_rules.near_duplicates, collection_rules.code_conflicts)
RULES = ("stale_district_level", "stale_ministry", "stale_general_department", "expired_time_limited_rule",
         "unparsed_fee", "unparsed_time", "contradictory_quantity", "note_as_paper", "empty_component",
         "no_results", "no_steps", "legal_amended", "legal_unresolved", "near_duplicate", "code_conflict")
TOP_AGENCIES = 50


def check_procedure(p: Procedure, ctx: RuleContext) -> list[QualityFinding]:
    """The findings of every per-record rule for one procedure."""
    return [f for rule in PROCEDURE_RULES for f in rule(p, ctx)]


def run_all(procs: Iterable[Procedure], ctx: RuleContext) -> list[QualityFinding]:
    """Every finding of every rule, ordered by rule (as listed in :data:`RULES`), severity, then code."""
    items = list(procs)
    found = [f for p in items for f in check_procedure(p, ctx)]
    found += [f for rule in COLLECTION_RULES for f in rule(items, ctx)]
    order = {r: i for i, r in enumerate(RULES)}
    return sorted(found, key=lambda f: (order.get(f.rule, len(order)), SEVERITIES.index(f.severity), f.code, f.field))


def counts(findings: list[QualityFinding], procs: Iterable[Procedure]) -> dict[str, Any]:
    """Findings by rule (and procedures per rule), severity, field, agency (top 50) and level."""
    by_code = {p.code: p for p in procs}
    agency: Counter[str] = Counter()
    level: Counter[str] = Counter()
    for f in findings:
        p = by_code.get(f.code)
        agency.update(p.agencies if p and p.agencies else ["(không rõ)"])
        level.update(p.levels if p and p.levels else ["khong_ro"])
    rules = Counter(f.rule for f in findings)
    return {
        "total": len(findings),
        "by_rule": {r: rules.get(r, 0) for r in RULES},
        "procedures_by_rule": {r: len({f.code for f in findings if f.rule == r}) for r in RULES},
        "by_severity": dict(Counter(f.severity for f in findings).most_common()),
        "by_field": dict(Counter(f.field for f in findings).most_common()),
        "by_agency": dict(agency.most_common(TOP_AGENCIES)),
        "by_level": dict(level.most_common()),
    }
