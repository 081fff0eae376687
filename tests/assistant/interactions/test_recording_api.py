"""Every /v1/ask and agent suggestion turn is recorded, redacted, with a hashed session; a dead store
costs records, never answers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.settings import ServingSettings
from assistant.startup import Services
from tests.assistant_support import fake_services


def services_of(c: TestClient) -> Services:
    s: Services = c.app.state.services  # type: ignore[attr-defined]
    return s


def test_ask_turns_are_recorded_redacted(assistant_kb: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'i.sqlite'}"
    with TestClient(create_app(ServingSettings(kb_dir=assistant_kb, database_url=url), fake_services)) as c:
        r = c.post("/v1/ask", json={"question": "đăng ký kết hôn cần giấy tờ gì, sđt tôi 0912345678"})
        assert r.status_code == 200
        sid = r.json()["session_id"]
        c.post("/v1/ask", json={"question": "xin chào bạn khỏe không", "session_id": sid})
        rec = services_of(c).recorder
        assert rec is not None
        rec.flush()
        rows = rec.store.turns(datetime.now(UTC) - timedelta(hours=1), datetime.now(UTC) + timedelta(hours=1))
        health = c.get("/readyz").json()["interactions"]
    assert len(rows) == 2 and health["written"] == 2 and health["backend"] == "sqlite"
    first = rows[0]
    assert "0912345678" not in first["question"] and "[số điện thoại]" in first["question"]
    assert first["status"] == r.json()["status"] and first["aspect"] == "documents"
    assert first["session"] == rows[1]["session"] != sid and sid not in json.dumps(rows, default=str)
    assert first["latency_ms"] > 0 and first["pipeline"].startswith("tthc ")
    if first["status"] == "answered":
        assert first["code"] == r.json()["procedure"]["code"] and first["family"]


def test_an_unreachable_store_is_named_in_health_and_answers_go_on(assistant_kb: Path, tmp_path: Path) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1"
    with TestClient(create_app(ServingSettings(kb_dir=assistant_kb, database_url=url), fake_services)) as c:
        health = c.get("/readyz")
        assert health.status_code == 503 and "interactions" in health.json()["missing"]
        assert c.post("/v1/ask", json={"question": "đăng ký kết hôn"}).status_code == 200


def test_recording_can_be_switched_off(assistant_kb: Path) -> None:
    settings = ServingSettings(kb_dir=assistant_kb, record_interactions=False)
    with TestClient(create_app(settings, fake_services)) as c:
        assert services_of(c).recorder is None
        assert c.get("/readyz").json()["interactions"] is None
        assert c.post("/v1/ask", json={"question": "đăng ký kết hôn"}).status_code == 200
