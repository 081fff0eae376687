"""Change history: a rebuild from a modified export reports exactly what was modified."""

from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path

import pytest

from cli import changes as changes_cli
from ingestion.build import build
from kb.procedures.history import HistoryError
from kb.procedures.store import Store


def _records(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(path: Path, records: list[dict]) -> None:  # type: ignore[type-arg]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def _modified(records: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    """9.000002 removed, a fee of 9.000001 changed, a component added to 9.000001, 9.999999 new."""
    recs = copy.deepcopy(records)
    codes = [r["raw_procedure"]["code"] for r in recs]
    first = recs[codes.index("9.000001")]["raw_procedure"]["detail"]
    online = next(m for m in first["executionMethods"] if m["submissionMethod"] == "ONLINE")
    online["fees"][0]["value"] = 10000
    online["fees"][0]["description"] = "Lệ phí 10.000 đồng/lần"
    first["executionCases"][0]["profileComponents"].append({
        "profileComponentId": "c-new", "originalQty": 0, "copyQty": 1, "required": False,
        "hasElectronicForm": False, "isProcessingResult": False, "name": "- Bản sao giấy chứng nhận kết hôn;",
        "code": "", "attachments": []})
    new = copy.deepcopy(recs[0])
    new["raw_procedure"]["code"] = new["raw_procedure"]["detail"]["code"] = "9.999999"
    new["raw_procedure"]["detail"]["codeNotation"] = "9.999999"
    new["raw_procedure"]["id"] = new["raw_procedure"]["detail"]["id"] = "id-9.999999"
    new["source_path"] = "procedures/x/9.999999/raw_procedure.json"
    return [r for r in recs if r["raw_procedure"]["code"] != "9.000002"] + [new]


def _cli(kb: Path, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    changes_cli.register(parser.add_subparsers())
    args = parser.parse_args(["changes", "--kb", str(kb), *argv])
    return int(args.func(args))


def test_rebuild_reports_exactly_the_modifications(tmp_path: Path, small_portal: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "export.jsonl"
    records = _records(small_portal)
    assert "9.000002" in [r["raw_procedure"]["code"] for r in records]
    _write(export, records)
    kb = tmp_path / "kb"
    build([export], kb)
    first_id = Store(kb).load().manifest["build_id"]
    _write(export, _modified(records))
    rep = build([export], kb)
    assert rep.history == {"versions": 2, "removed": 1}
    assert _cli(kb, "--json") == 0
    got = json.loads(capsys.readouterr().out)
    assert got["since"] == first_id
    assert (got["added"], got["removed"]) == (["9.999999"], ["9.000002"])
    assert [c["code"] for c in got["changed"]] == ["9.000001"]
    change = got["changed"][0]
    assert change["fields"] == ["components", "fees"]
    comps = change["diff"]["components"]
    assert [c["text"] for c in comps["added"]] == ["Bản sao giấy chứng nhận kết hôn;"]
    assert comps["added"][0]["copy_qty"] == 1 and comps["removed"] == comps["changed"] == []
    fee = change["diff"]["fees"][0]
    assert fee["method"] == "ONLINE"
    assert (fee["before"][0]["amount"], fee["after"][0]["amount"]) == (8000, 10000)
    assert _cli(kb, "--code", "9.000001", "--json") == 0
    hist = json.loads(capsys.readouterr().out)
    assert [v["status"] for v in hist] == ["added", "changed"]
    assert hist[1]["fields"] == ["components", "fees"]


def test_forced_rebuild_keeps_history_and_unknown_since_fails(tmp_path: Path, small_portal: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "kb"
    build([small_portal], kb)
    build([small_portal], kb, force=True)
    store = Store(kb).load()
    assert len(store.builds()) == 1  # nothing changed: no new build recorded
    assert store.changes()["added"] == sorted(store.codes())
    with pytest.raises(HistoryError):
        store.changes("nope")
    assert _cli(kb, "--since", "nope") == 1
    assert "nope" in capsys.readouterr().err


def test_kb_built_before_history_is_seeded_from_its_procedures(tmp_path: Path, small_portal: Path) -> None:
    kb = tmp_path / "kb"
    build([small_portal], kb)
    import sqlite3

    con = sqlite3.connect(kb / "kb.sqlite")
    with con:
        con.execute("DELETE FROM versions")
        con.execute("DELETE FROM builds")
    con.close()
    records = _records(small_portal)
    export = tmp_path / "e.jsonl"
    _write(export, [r for r in records if r["raw_procedure"]["code"] != "9.000002"])
    build([export], kb)
    got = Store(kb).load().changes()
    assert (got["added"], got["removed"], got["changed"]) == ([], ["9.000002"], [])
