"""Audit of the whole real knowledge base: every component gets a verdict, with sane aggregates."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.audit.aggregate import audit_many, overview
from kb.audit.catalog import load_catalog
from kb.procedures.schema import VERDICTS
from kb.procedures.store import Store
from kb.text.normalize import fold

pytestmark = pytest.mark.integration


def test_whole_kb(real_kb: Path) -> None:
    store = Store(real_kb).load()
    procs = list(store)
    audits = audit_many(procs)
    findings = [f for a in audits for f in a.findings]
    assert len(findings) == sum(len(p.components) for p in procs) == 28064
    assert {f.verdict for f in findings} == set(VERDICTS)
    ids = {d.id for d in load_catalog().databases}
    for f in findings:
        assert f.rationale
        if f.verdict in ("replaceable", "already_data_first", "reuse_result"):
            assert f.database in ids, f
        if f.verdict in ("keep", "note"):
            assert f.database == ""
    # CCCD/ID-card copies in civil-status procedures are replaceable by the population database
    # (or the text already says the agency looks them up)
    cccd = [
        f
        for a in audits
        if a.summary.field == "Hộ tịch"
        for f in a.findings
        if ("can cuoc" in fold(f.text) or "chung minh nhan dan" in fold(f.text))
        and len(f.text) < 400
        and not fold(f.text).startswith(("to khai", "don "))
    ]
    assert cccd, "expected CCCD copies in civil-status procedures"
    ok = [
        f
        for f in cccd
        if (f.verdict, f.database) in {("replaceable", "dan_cu"), ("already_data_first", "dan_cu")}
    ]
    assert len(ok) / len(cccd) >= 0.9
    ov = overview(audits)
    assert ov["components"] == 28064 and ov["papers_saved"] > 1000
    assert ov["by_verdict"]["replaceable"] > 1000 and ov["by_verdict"]["already_data_first"] > 300
    top = ov["backlog"][0]
    assert top["papers_saved"] > 0 and top["priority"] >= ov["backlog"][-1]["priority"]
    land = next(r for r in ov["by_database"] if r["database"] == "dat_dai")
    assert land["replaceable"] > 100
