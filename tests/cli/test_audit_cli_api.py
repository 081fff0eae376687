"""`tthc audit` (JSON shape, exports) and the audit API over a three-procedure KB written by us."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.settings import ServingSettings
from cli.main import main
from tests.assistant_support import bearer, fake_services
from tests.audit_support import build_audit_kb


@pytest.fixture(scope="module")
def audit_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_audit_kb(tmp_path_factory.mktemp("auditkb"))


def test_cli_json_shape(audit_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "9.100001", "--json", "--kb", str(audit_kb)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert set(d) == {"code", "name", "components", "summary"} and d["code"] == "9.100001"
    assert [c["id"] for c in d["components"]] == ["a-1", "a-2", "a-3", "a-4", "a-5"]
    assert [c["verdict"] for c in d["components"]] == [
        "prefill",
        "replaceable",
        "already_data_first",
        "keep",
        "note",
    ]
    for c in d["components"]:
        assert {"id", "text", "verdict", "database", "evidence", "confidence", "rationale"} <= set(c)
    assert d["components"][1]["database"] == "dan_cu" and d["components"][1]["legal_basis"] == "26/2023/QH15"
    notes = [c["citizen_note"] for c in d["components"]]
    assert notes[2] and "Cơ sở dữ liệu hộ tịch điện tử" in notes[2]  # only the data-first component
    assert [n is None for n in notes] == [True, True, False, True, True]
    s = d["summary"]
    assert (s["papers_saved"], s["copies_saved"], s["replaceable"]) == (2, 2, 1)
    assert s["once_only_score"] == 75 and s["citizen_weight"] == 2.5  # citizens + commune


def test_cli_text_and_unknown(audit_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "9.100002", "--kb", str(audit_kb)]) == 0
    assert "tái sử dụng kết quả" in capsys.readouterr().out
    assert main(["audit", "0.000000", "--kb", str(audit_kb)]) == 1
    assert "Không tìm thấy" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_cli_all_exports(audit_kb: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"audit.{fmt}"
    assert main(["audit", "--all", "--format", fmt, "--out", str(out), "--kb", str(audit_kb)]) == 0
    if fmt == "json":
        d = json.loads(out.read_text(encoding="utf-8"))
        assert d["summary"]["components"] == 11 and len(d["procedures"]) == 3
        assert [b["code"] for b in d["summary"]["backlog"]] == ["9.100001", "9.100002"]
    elif fmt == "csv":
        rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
        assert len(rows) == 11 and rows[1]["verdict"] == "replaceable"
    else:
        from openpyxl import load_workbook

        wb = load_workbook(out)
        assert wb.sheetnames[:2] == ["Backlog", "Components"] and wb["Components"].max_row == 12


def test_api(audit_kb: Path) -> None:
    with TestClient(create_app(ServingSettings(kb_dir=audit_kb), fake_services)) as client:
        assert client.get("/v1/audit/summary").json()["code"] == "auth_required"
        client.headers.update(bearer(client, "reform"))
        r = client.get("/v1/audit/9.100002")
        assert r.status_code == 200
        verdicts = {c["id"]: c["verdict"] for c in r.json()["components"]}
        assert verdicts == {"b-1": "prefill", "b-2": "replaceable", "b-3": "keep", "b-4": "reuse_result"}
        missing = client.get("/v1/audit/0.000000")
        assert (
            missing.status_code == 404 and missing.json()["detail"] == "Không tìm thấy thủ tục có mã 0.000000"
        )
        s = client.get("/v1/audit/summary").json()
        assert s["procedures"] == 3 and s["components"] == 11 and s["by_verdict"]["replaceable"] == 2
        assert {d["database"] for d in s["by_database"]} == {"dan_cu", "ho_tich", "dat_dai", "kho_du_lieu"}
        assert s["backlog"][0]["code"] == "9.100001" and s["databases"]["dan_cu"]["short"] == "CSDL dân cư"
        page = client.get("/reform")
        assert page.status_code == 200 and "/reform/assets/reform.js" in page.text and "http" not in page.text
        assert client.get("/reform/assets/reform.js").status_code == 200
        assert client.get("/reform/assets/../app.py").status_code == 404
