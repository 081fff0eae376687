"""Explicit wiring and honest health: listed routers only, one start-up call, /readyz names what is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant import routes
from assistant.app import create_app
from assistant.settings import ServingSettings
from assistant.startup import Services, load_services
from tests.assistant_support import fake_services


def test_a_route_module_that_is_not_listed_is_not_served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "zz_extra.py").write_text(
        "from fastapi import APIRouter\nrouter = APIRouter()\n\n"
        "@router.get('/zz-extra')\ndef extra() -> dict[str, str]:\n    return {'x': 'y'}\n", encoding="utf-8")
    monkeypatch.setattr(routes, "__path__", [*routes.__path__, str(tmp_path)])
    paths = set(create_app(ServingSettings()).openapi()["paths"])
    assert "/zz-extra" not in paths
    assert {"/healthz", "/readyz", "/v1/ask", "/v1/search", "/v1/agent/suggest", "/v1/legal/search",
            "/v1/units/resolve", "/v1/audit/summary"} <= paths


def test_start_up_runs_once_and_routes_share_its_objects(agent_kb: Path) -> None:
    calls: list[Services] = []

    def load(settings: ServingSettings) -> Services:
        calls.append(fake_services(settings))
        return calls[-1]

    with TestClient(create_app(ServingSettings(kb_dir=agent_kb), load)) as c:
        assert c.get("/healthz").json() == {"status": "ok"}
        health = c.get("/readyz")
        assert health.status_code == 200 and health.json()["status"] == "ready" and "missing" not in health.json()
        assert health.json()["redis"] == "not configured" and health.json()["fallbacks"] == {}
        assert health.json()["retriever"].startswith("FakeRetriever")
        assert c.get("/v1/units/resolve", params={"q": "phuong hang bac trung tam"}).status_code == 200
        assert c.app.state.services is calls[0]  # type: ignore[attr-defined]
        assert calls[0].assistant is not None and calls[0].assistant.legal is calls[0].legal
    assert len(calls) == 1


def test_missing_index_and_collections_make_health_503_naming_each(small_kb: Path) -> None:
    with TestClient(create_app(ServingSettings(kb_dir=small_kb))) as c:
        assert c.get("/healthz").status_code == 200  # alive, though not ready
        r = c.get("/readyz")
        body = r.json()
        assert r.status_code == 503 and body["status"] == "degraded"
        assert set(body["missing"]) == {"search", "legal", "units"}
        assert "tthc build" in body["missing"]["search"] and body["procedures"] == 4
        ask = c.post("/v1/ask", json={"question": "đăng ký kết hôn"})
        assert ask.status_code == 503 and "chỉ mục tìm kiếm" in ask.json()["detail"]
        assert c.get("/v1/procedures/9.000002").status_code == 200  # the store still answers


def test_damaged_index_is_named_in_health(search_kb: Path, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(search_kb, kb)
    manifests = sorted((kb / "index").rglob("manifest.json"))
    assert manifests
    for m in manifests:
        m.write_text("{not json", encoding="utf-8")
    services = load_services(ServingSettings(kb_dir=kb, search_mode="bm25"))
    try:
        assert services.assistant is None and "search" in services.missing
    finally:
        services.close()


def test_optional_parts_missing_still_answer_procedure_questions(assistant_kb: Path) -> None:
    with TestClient(create_app(ServingSettings(kb_dir=assistant_kb), fake_services)) as c:
        health = c.get("/readyz")
        assert health.status_code == 503 and set(health.json()["missing"]) == {"legal", "units"}
        r = c.post("/v1/ask", json={"question": "đăng ký tạm trú cần giấy tờ gì"}).json()
        assert r["status"] == "answered" and r["procedure"]["code"] == "8.000008"
        assert c.get("/v1/legal/search", params={"q": "khai sinh"}).status_code == 503
