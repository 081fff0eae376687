"""Roll findings up: per procedure (papers saved, once-only score), per field/agency/level/DB, backlog."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from kb.audit.classify import Classifier
from kb.procedures.schema import VERDICTS, AuditFinding, Procedure
from kb.text.normalize import fold

OPEN_DEMANDS = ("replaceable", "reuse_result")  # papers the State holds but still asks for
# A result of another procedure counts half in the backlog: reusing it depends on its being
# digitised in the e-storage, and the spot check found these flags less often right (docs/audit.md).
RESULT_WEIGHT = 0.5


def citizen_weight(proc: Procedure) -> float:
    """How citizen-facing a procedure is.

    1 + 1 when citizens/individuals are among its subjects + 0.5 at commune level + 0.25 at province level.
    """
    w = 1.0
    if any("công dân" in s.lower() or "cá nhân" in s.lower() for s in proc.subjects):
        w += 1.0
    if "xa" in proc.levels:
        w += 0.5
    if "tinh" in proc.levels:
        w += 0.25
    return w


@dataclass(frozen=True, slots=True)
class ProcedureSummary:
    """Once-only figures for one procedure."""

    code: str
    name: str
    field: str
    levels: tuple[str, ...]
    agencies: tuple[str, ...]
    components: int
    documents: int  # components that are papers (not notes)
    by_verdict: dict[str, int]
    replaceable: int
    papers_saved: int  # per applicant: the execution case where data would spare the most papers
    copies_saved: int  # copies among them
    papers_from_registries: int  # the part of papers_saved backed by a named register (replaceable only)
    requirements_to_amend: int  # distinct replaceable/reusable component texts across all cases
    once_only_score: int  # 0..100: share of papers NOT demanding data the State holds
    citizen_weight: float
    priority: float  # (register papers + RESULT_WEIGHT × result papers) × citizen_weight: the backlog order
    databases: dict[str, int]  # registry → replaceable components

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON."""
        return asdict(self)


def summarize(proc: Procedure, findings: list[AuditFinding]) -> ProcedureSummary:
    """The summary of one audited procedure."""
    verdicts = Counter(f.verdict for f in findings)
    docs = sum(n for v, n in verdicts.items() if v != "note")
    open_demands = sum(verdicts[v] for v in OPEN_DEMANDS)
    # One applicant follows one execution case: count the case that saves the most, so a procedure
    # repeating the same paper in ten cases does not outrank one that asks for it once.
    by_case: dict[int, list[AuditFinding]] = defaultdict(list)
    for comp, f in zip(proc.components, findings, strict=True):
        by_case[comp.case_index].append(f)
    best = max(by_case.values(), key=lambda fs: sum(f.papers_saved for f in fs), default=[])
    saved = sum(f.papers_saved for f in best)
    copies = sum(f.copies for f in best if f.papers_saved)
    registries = sum(f.papers_saved for f in best if f.verdict == "replaceable")
    to_amend = len({fold(f.text) for f in findings if f.verdict in OPEN_DEMANDS})
    score = round(100 * (1 - open_demands / docs)) if docs else 100
    weight = citizen_weight(proc)
    dbs = Counter(f.database for f in findings if f.verdict == "replaceable")
    return ProcedureSummary(
        code=proc.code,
        name=proc.name,
        field=proc.field,
        levels=proc.levels,
        agencies=proc.agencies,
        components=len(findings),
        documents=docs,
        by_verdict={v: verdicts.get(v, 0) for v in VERDICTS},
        replaceable=verdicts.get("replaceable", 0),
        papers_saved=saved,
        copies_saved=copies,
        papers_from_registries=registries,
        requirements_to_amend=to_amend,
        once_only_score=score,
        citizen_weight=weight,
        priority=round((registries + RESULT_WEIGHT * (saved - registries)) * weight, 2),
        databases=dict(dbs.most_common()),
    )


@dataclass(frozen=True, slots=True)
class ProcedureAudit:
    """A procedure's findings and summary."""

    summary: ProcedureSummary
    findings: tuple[AuditFinding, ...]


def audit_one(proc: Procedure, classifier: Classifier | None = None) -> ProcedureAudit:
    """Audit every component of one procedure."""
    clf = classifier or Classifier()
    findings = [clf.classify(c, proc.field, proc.name) for c in proc.components]
    return ProcedureAudit(summarize(proc, findings), tuple(findings))


def audit_many(
    procs: Iterable[Procedure],
    classifier: Classifier | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[ProcedureAudit]:
    """Audit procedures in order; ``progress(n_components)`` is called after each one."""
    clf = classifier or Classifier()
    out = []
    for p in procs:
        a = audit_one(p, clf)
        out.append(a)
        if progress is not None:
            progress(len(a.findings))
    return out


def rollup(
    audits: list[ProcedureAudit], key: Callable[[ProcedureSummary], Iterable[str]]
) -> list[dict[str, Any]]:
    """Group summaries (one procedure may count in several groups, e.g. several agencies)."""
    groups: dict[str, list[ProcedureSummary]] = defaultdict(list)
    for a in audits:
        for k in key(a.summary) or ["(không rõ)"]:
            groups[k or "(không rõ)"].append(a.summary)
    rows: list[dict[str, Any]] = []
    for k, items in groups.items():
        rows.append(
            {
                "name": k,
                "procedures": len(items),
                "components": sum(s.components for s in items),
                "replaceable": sum(s.replaceable for s in items),
                "already_data_first": sum(s.by_verdict["already_data_first"] for s in items),
                "reuse_result": sum(s.by_verdict["reuse_result"] for s in items),
                "papers_saved": sum(s.papers_saved for s in items),
                "mean_once_only_score": round(sum(s.once_only_score for s in items) / len(items), 1),
            }
        )
    rows.sort(key=lambda r: (-r["papers_saved"], -r["replaceable"], r["name"]))
    return rows


def by_database(audits: list[ProcedureAudit]) -> list[dict[str, Any]]:
    """Per registry: replaceable and already-data-first components, papers saved, procedures touched."""
    rows: dict[str, dict[str, Any]] = {}
    for a in audits:
        for f in a.findings:
            if f.verdict not in ("replaceable", "already_data_first", "reuse_result") or not f.database:
                continue
            r = rows.setdefault(
                f.database,
                {
                    "database": f.database,
                    "replaceable": 0,
                    "already_data_first": 0,
                    "reuse_result": 0,
                    "papers_saved": 0,
                    "procedures": set(),
                },
            )
            r[f.verdict] += 1
            r["papers_saved"] += f.papers_saved
            r["procedures"].add(f.procedure_code)
    out = [{**r, "procedures": len(r["procedures"])} for r in rows.values()]
    out.sort(key=lambda r: (-r["papers_saved"], -r["replaceable"], r["database"]))
    return out


def backlog(audits: list[ProcedureAudit], top: int | None = None) -> list[ProcedureSummary]:
    """Reform backlog: most (citizen-weighted) papers saved first; ties by papers, then code."""
    items = [a.summary for a in audits if a.summary.papers_saved > 0]
    items.sort(key=lambda s: (-s.priority, -s.papers_saved, s.code))
    return items[:top] if top else items


def overview(audits: list[ProcedureAudit], top: int = 50) -> dict[str, Any]:
    """The whole-KB summary served by ``/v1/audit/summary`` and written by ``tthc audit --all``."""
    verdicts: Counter[str] = Counter()
    for a in audits:
        verdicts.update(a.summary.by_verdict)
    return {
        "procedures": len(audits),
        "components": sum(a.summary.components for a in audits),
        "by_verdict": {v: verdicts.get(v, 0) for v in VERDICTS},
        "papers_saved": sum(a.summary.papers_saved for a in audits),
        "papers_from_registries": sum(a.summary.papers_from_registries for a in audits),
        "copies_saved": sum(a.summary.copies_saved for a in audits),
        "procedures_with_savings": sum(1 for a in audits if a.summary.papers_saved),
        "by_database": by_database(audits),
        "by_field": rollup(audits, lambda s: [s.field])[:top],
        "by_level": rollup(audits, lambda s: list(s.levels)),
        "by_agency": rollup(audits, lambda s: list(s.agencies))[:top],
        "backlog": [s.to_dict() for s in backlog(audits, top)],
    }
