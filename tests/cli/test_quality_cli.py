"""`tthc quality` and GET /v1/quality over a small KB with a stale district agency."""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.settings import ServingSettings
from cli import quality as quality_cli
from ingestion.build import build
from tests.assistant_support import bearer, fake_services


@pytest.fixture(scope="module")
def stale_kb(tmp_path_factory: pytest.TempPathFactory, small_portal: Path) -> Path:
    recs = [json.loads(x) for x in small_portal.read_text(encoding="utf-8").splitlines() if x.strip()]
    recs[0]["raw_procedure"]["detail"]["departmentsExecuting"] = [{"id": "d", "name": "Ủy ban nhân dân cấp huyện",
                                                                   "code": "A"}]
    tmp = tmp_path_factory.mktemp("stale")
    export = tmp / "e.jsonl"
    export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    build([export], tmp / "kb")
    return tmp / "kb"


def _cli(kb: Path, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    quality_cli.register(parser.add_subparsers())
    args = parser.parse_args(["quality", "--kb", str(kb), *argv])
    return int(args.func(args))


def test_quality_json_csv_and_text(stale_kb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(stale_kb, "--json") == 0
    got = json.loads(capsys.readouterr().out)
    stale = [f for f in got["findings"] if f["rule"] == "stale_district_level"]
    assert [(f["code"], f["field"], f["severity"]) for f in stale] == [("9.000001", "agencies", "high")]
    assert got["counts"]["by_rule"]["stale_district_level"] == 1
    assert _cli(stale_kb, "--format", "csv", "--out", str(tmp_path / "q.csv"), "--rule", "stale_district_level") == 0
    rows = list(csv.reader((tmp_path / "q.csv").open(encoding="utf-8-sig")))
    assert rows[0][0] == "Quy tắc" and [r[:2] for r in rows[1:]] == [["stale_district_level", "9.000001"]]
    assert _cli(stale_kb) == 0
    assert "stale_district_level" in capsys.readouterr().out


def test_quality_endpoint_filters(stale_kb: Path) -> None:
    with TestClient(create_app(ServingSettings(kb_dir=stale_kb), fake_services)) as client:
        assert client.get("/v1/quality").status_code == 401  # reform data needs a reform token
        client.headers.update(bearer(client, "reform"))
        got = client.get("/v1/quality", params={"rule": "stale_district_level"}).json()
        assert got["total"] == 1 and got["findings"][0]["code"] == "9.000001"
        assert got["counts"]["by_rule"]["stale_district_level"] == 1
        assert client.get("/v1/quality", params={"code": "0.000000"}).json()["total"] == 0
        page = client.get("/reform").text
        assert 'id="tab-quality"' in page and "/reform/assets/quality.js" in page
        assert page.count("<script") == page.count("<script src=")  # no inline script
        js = client.get("/reform/assets/quality.js")
        assert js.status_code == 200 and "/v1/quality" in js.text


def test_missing_quality_is_reported(stale_kb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    kb = tmp_path / "kb"
    shutil.copytree(stale_kb, kb)
    shutil.rmtree(kb / "quality")
    assert _cli(kb, "--json") == 1
    assert "tthc build" in capsys.readouterr().err
    with TestClient(create_app(ServingSettings(kb_dir=kb), fake_services)) as client:
        client.headers.update(bearer(client, "reform"))
        assert client.get("/v1/quality").status_code == 503
        assert "quality" in client.get("/readyz").json()["missing"]
