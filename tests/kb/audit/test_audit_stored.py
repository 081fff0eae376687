"""Verdicts stored at build time: same figures as auditing live, incremental rebuilds, clear error when absent."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.settings import ServingSettings
from ingestion.build import build
from kb.audit.aggregate import audit_many, audit_one, overview
from kb.audit.build import OVERVIEW_TOP, build_verdicts
from kb.audit.stored import AuditNotBuilt, StoredAudit, audit_dir, open_stored_audit
from kb.procedures.store import Store
from tests.assistant_support import bearer
from tests.audit_support import AUDIT_PORTAL, build_audit_kb, comp


def _open(kb: Path) -> StoredAudit:
    store = Store(kb).load()
    return open_stored_audit(kb, store.manifest["build_id"])


def test_stored_figures_equal_a_live_audit(tmp_path: Path) -> None:
    kb = build_audit_kb(tmp_path / "kb")
    store = Store(kb).load()
    stored = _open(kb)
    live = audit_many(store)
    assert stored.overview() == json.loads(json.dumps(overview(live, top=OVERVIEW_TOP)))
    assert stored.overview()["components"] == 11
    for a in live:
        assert stored.procedure(a.summary.code) == a
    assert stored.procedure("0.000000") is None
    proc = store.get("9.100001")
    assert proc is not None
    notes = [stored.data_first_note(c) for c in proc.components]
    assert [n is None for n in notes] == [True, True, False, True, True]
    assert notes[2] and "Cơ sở dữ liệu hộ tịch điện tử" in notes[2]
    assert stored.data_first_note(comp("Giấy tờ lạ", cid="nope")) is None


def test_rebuild_reaudits_only_changed_procedures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = tmp_path / "kb"
    first = build([AUDIT_PORTAL], kb)
    assert first.audit["audited"] == 3 and first.audit["components"] == 11
    again = build([AUDIT_PORTAL], kb)
    assert again.skipped and again.audit["skipped"] is True

    rows = [json.loads(line) for line in AUDIT_PORTAL.read_text(encoding="utf-8").splitlines()]
    rows[1]["raw_procedure"]["detail"]["name"] += " (sửa)"
    changed = tmp_path / "portal_changed.jsonl"
    changed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows[:2]) + "\n", encoding="utf-8")
    rep = build([changed], kb)
    assert (rep.changed, rep.removed) == (1, 1)
    assert (rep.audit["audited"], rep.audit["kept"], rep.audit["removed"]) == (1, 1, 1)
    stored = _open(kb)
    assert stored.overview()["procedures"] == 2
    assert stored.overview() == json.loads(json.dumps(overview(audit_many(Store(kb).load()), top=OVERVIEW_TOP)))

    monkeypatch.setattr("kb.audit.build.classifier_version", lambda: "rules-changed")
    redo = build_verdicts(kb)
    assert (redo["skipped"], redo["audited"], redo["kept"]) == (False, 2, 0)


def test_missing_or_stale_verdicts_are_an_error_not_a_live_audit(tmp_path: Path) -> None:
    kb = build_audit_kb(tmp_path / "kb")
    build_id = Store(kb).load().manifest["build_id"]
    with pytest.raises(AuditNotBuilt, match="tthc build"):
        open_stored_audit(kb, "another-build")
    old = tmp_path / "old"
    shutil.copytree(kb, old, ignore=shutil.ignore_patterns("audit"))
    with pytest.raises(AuditNotBuilt, match="tthc build"):
        open_stored_audit(old, build_id)
    man = audit_dir(kb) / "manifest.json"
    data = json.loads(man.read_text(encoding="utf-8"))
    man.write_text(json.dumps({**data, "classifier_version": "older-rules"}), encoding="utf-8")
    with pytest.raises(AuditNotBuilt, match="quy tắc rà soát đã thay đổi"):
        open_stored_audit(kb, build_id)

    with TestClient(create_app(ServingSettings(kb_dir=old))) as client:
        client.headers.update(bearer(client, "reform"))
        for path in ("/v1/audit/summary", "/v1/audit/9.100001"):
            r = client.get(path)
            assert r.status_code == 503 and "tthc build" in r.json()["detail"], path


def test_api_serves_the_stored_audit_without_classifying(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = build_audit_kb(tmp_path / "kb")
    expected = audit_one(Store(kb).load().get("9.100002"))  # type: ignore[arg-type]
    monkeypatch.setattr("kb.audit.classify.Classifier.classify", lambda *a, **k: pytest.fail("classified"))
    with TestClient(create_app(ServingSettings(kb_dir=kb))) as client:
        client.headers.update(bearer(client, "admin"))
        s = client.get("/v1/audit/summary").json()
        assert s["components"] == 11 and s["databases"]["dan_cu"]["short"] == "CSDL dân cư"
        d = client.get("/v1/audit/9.100002").json()
        assert [c["verdict"] for c in d["components"]] == [f.verdict for f in expected.findings]
