"""Stable JSON shape of findings, and whole-KB exports to JSON, CSV and XLSX."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from kb.audit.aggregate import ProcedureAudit, overview
from kb.audit.catalog import Catalog, load_catalog
from kb.audit.notes import citizen_note
from kb.procedures.schema import AuditFinding

CSV_COLUMNS = (
    "code",
    "name",
    "field",
    "levels",
    "component_id",
    "text",
    "verdict",
    "database",
    "database_name",
    "evidence",
    "confidence",
    "rationale",
    "papers",
    "copies",
    "partial",
    "papers_saved",
    "legal_basis",
)


def finding_dict(f: AuditFinding, catalog: Catalog | None = None) -> dict[str, Any]:
    """One component in the ``tthc audit CODE --json`` / ``/v1/audit/{code}`` shape."""
    cat = catalog or load_catalog()
    return {
        "id": f.component_id,
        "text": f.text,
        "verdict": f.verdict,
        "database": f.database,
        "database_name": cat.name(f.database),
        "evidence": f.evidence,
        "confidence": f.confidence,
        "rationale": f.rationale,
        "papers": f.papers,
        "copies": f.copies,
        "partial": f.partial,
        "papers_saved": f.papers_saved,
        "legal_basis": f.legal_basis,
        "citizen_note": citizen_note(f, cat),
        "parts": [
            {"text": p.text, "verdict": p.verdict, "evidence": p.phrase, "database": p.database}
            for p in f.parts
        ],
    }


def procedure_dict(a: ProcedureAudit, catalog: Catalog | None = None) -> dict[str, Any]:
    """``{"code", "name", "components": [...], "summary": {...}}`` for one procedure."""
    s = a.summary
    return {
        "code": s.code,
        "name": s.name,
        "components": [finding_dict(f, catalog) for f in a.findings],
        "summary": s.to_dict(),
    }


def _rows(audits: list[ProcedureAudit], catalog: Catalog) -> list[list[Any]]:
    rows = []
    for a in audits:
        s = a.summary
        for f in a.findings:
            rows.append(
                [
                    s.code,
                    s.name,
                    s.field,
                    ",".join(s.levels),
                    f.component_id,
                    f.text,
                    f.verdict,
                    f.database,
                    catalog.name(f.database),
                    f.evidence,
                    f.confidence,
                    f.rationale,
                    f.papers,
                    f.copies,
                    f.partial,
                    f.papers_saved,
                    f.legal_basis,
                ]
            )
    return rows


def write_json(audits: list[ProcedureAudit], out: Path) -> None:
    """Overview plus every procedure's findings."""
    cat = load_catalog()
    doc = {"summary": overview(audits), "procedures": [procedure_dict(a, cat) for a in audits]}
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


def write_csv(audits: list[ProcedureAudit], out: Path) -> None:
    """One row per component (UTF-8 with BOM so spreadsheet tools read Vietnamese)."""
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_COLUMNS)
        w.writerows(_rows(audits, load_catalog()))


def write_xlsx(audits: list[ProcedureAudit], out: Path) -> None:
    """Workbook: backlog, components, per field, per database."""
    from openpyxl import Workbook  # heavy-ish; only for this export

    ov = overview(audits, top=10_000)
    wb = Workbook()
    ws = wb.active
    ws.title = "Backlog"
    head = [
        "code",
        "name",
        "field",
        "levels",
        "papers_saved",
        "copies_saved",
        "replaceable",
        "once_only_score",
        "citizen_weight",
        "priority",
    ]
    ws.append(head)
    for s in ov["backlog"]:
        ws.append(
            [
                s["code"],
                s["name"],
                s["field"],
                ",".join(s["levels"]),
                s["papers_saved"],
                s["copies_saved"],
                s["replaceable"],
                s["once_only_score"],
                s["citizen_weight"],
                s["priority"],
            ]
        )
    comp = wb.create_sheet("Components")
    comp.append(list(CSV_COLUMNS))
    for r in _rows(audits, load_catalog()):
        comp.append(r)
    for title, rows in (
        ("By field", ov["by_field"]),
        ("By database", ov["by_database"]),
        ("By level", ov["by_level"]),
        ("By agency", ov["by_agency"]),
    ):
        sh = wb.create_sheet(title)
        if rows:
            sh.append(list(rows[0]))
            for r in rows:
                sh.append(list(r.values()))
    wb.save(out)


WRITERS = {"json": write_json, "csv": write_csv, "xlsx": write_xlsx}
