"""Legal API routes and `tthc show` legal section on a small KB with the fixture legal collection."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ingestion.legal_build import build_legal

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "legal_topics.jsonl"


@pytest.fixture(scope="module")
def kb(small_kb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("legalapi") / "kb"
    shutil.copytree(small_kb, out)
    build_legal(FIXTURE, out, workers=1)
    return out


def test_legal_routes(kb: Path) -> None:
    from fastapi.testclient import TestClient

    from assistant.app import create_app
    from assistant.settings import ServingSettings
    from tests.assistant_support import fake_services

    with TestClient(create_app(ServingSettings(kb_dir=kb), fake_services)) as c:
        r = c.get("/v1/legal/search", params={"q": "thời hạn chứng thực bản sao", "k": 2}).json()
        assert r["hits"][0]["citation"] == "Điều 7 Nghị định 55/2031/NĐ-CP"
        assert set(r["hits"][0]) >= {"citation", "document_number", "effective_date", "text", "passage"}
        assert c.get("/v1/legal/ask", params={"q": "thoi han chung thuc"}).json()["status"] == "answered"
        assert c.get("/v1/legal/articles/9.1.LQ.2").json()["citation"] == "Điều 13 Luật 99/2030/QH99"
        assert c.get("/v1/legal/articles/0.0.XX.0").status_code == 404
        p = c.get("/v1/procedures/9.000001/legal").json()
        assert p["status"] == "no_content" and p["citations"] == []
        assert {x["status"] for x in p["links"]} == {"not_in_corpus"}
        assert c.get("/v1/procedures/0.000000/legal").status_code == 404


def test_show_lists_legal_links(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cli.main import main

    assert main(["show", "9.000002", "--kb", str(kb)]) == 0
    assert "VĂN BẢN TRONG BỘ PHÁP ĐIỂN" in capsys.readouterr().out
    assert main(["show", "9.000002", "--json", "--kb", str(kb)]) == 0
    links = json.loads(capsys.readouterr().out)["legal_links"]
    assert [(x["number"], x["status"]) for x in links] == [("60/2014/QH13", "not_in_corpus")]


def test_app_holds_one_copy_of_the_legal_index(kb: Path) -> None:
    from fastapi.testclient import TestClient

    from assistant.app import create_app
    from assistant.settings import ServingSettings
    from tests.assistant_support import fake_services

    with TestClient(create_app(ServingSettings(kb_dir=kb), fake_services)) as c:
        services = c.app.state.services  # type: ignore[attr-defined]
        assert services.assistant is not None
        assert services.legal is not None and services.legal is services.assistant.legal
        assert services.resolver is services.assistant.resolver
