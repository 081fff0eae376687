"""Core HTTP routes over a small knowledge base."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.settings import ServingSettings
from tests.assistant_support import fake_services


def test_health_and_procedure(small_kb: Path) -> None:
    with TestClient(create_app(ServingSettings(kb_dir=small_kb), fake_services)) as client:
        health = client.get("/readyz").json()
        assert health["procedures"] == 4 and health["manifest"]["counts"]["procedures"] == 4
        assert client.get("/v1/procedures/9.000002").json()["name"] == "Đăng ký kết hôn (thử nghiệm)"
        missing = client.get("/v1/procedures/0.000000")
        assert missing.status_code == 404 and "Không tìm thấy" in missing.json()["detail"]
