"""Redis unreachable or hanging: answers still served from process memory, the fallback logged,
counted and shown by /readyz and /metrics — never a 500."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.faults import Faults
from assistant.settings import ServingSettings
from tests.assistant_support import bearer, fake_services

Q = "đăng ký tạm trú cần giấy tờ gì"


@pytest.fixture()
def hanging_redis() -> Iterator[str]:
    """A port that accepts connections and never answers (a hung Redis)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(64)
        yield f"redis://127.0.0.1:{s.getsockname()[1]}/0"


@pytest.mark.parametrize("kind", ["unreachable", "hanging"])
def test_redis_down_degrades_visibly(kind: str, assistant_kb: Path, tmp_path: Path,
                                     hanging_redis: str, caplog: pytest.LogCaptureFixture) -> None:
    url = "redis://127.0.0.1:1/0" if kind == "unreachable" else hanging_redis
    settings = ServingSettings(kb_dir=assistant_kb, redis_url=url, token_db=tmp_path / "t.sqlite")
    with TestClient(create_app(settings, fake_services)) as c:
        start = time.perf_counter()
        first = c.post("/v1/ask", json={"question": Q})
        first_s = time.perf_counter() - start
        assert first.status_code == 200 and first.json()["status"] == "answered"
        assert first_s < 2.0  # short timeouts, then Redis is skipped for a few seconds
        start = time.perf_counter()
        follow = c.post("/v1/ask", json={"question": "làm ở đâu?", "session_id": first.json()["session_id"]})
        assert follow.json()["procedure"]["code"] == "8.000008" and time.perf_counter() - start < 0.5
        ready = c.get("/readyz").json()
        assert ready["redis"].startswith("unreachable") and "redis" in ready["fallbacks"]
        assert ready["fallback_counts"]["redis"] >= 1
        metrics = c.get("/metrics", headers=bearer(c, "admin")).text
        assert 'tthc_fallbacks_total{component="redis"}' in metrics
    assert any("redis failed, using the in-process fallback" in r.getMessage() for r in caplog.records)


def test_faults_log_at_most_every_30_s(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    faults = Faults(clock=lambda: now[0])
    for _ in range(5):
        faults.record("redis", ConnectionError("refused"))
    now[0] += 31
    faults.record("redis", "timeout")
    assert faults.counts["redis"] == 6 and len([r for r in caplog.records if "redis" in r.getMessage()]) == 2
    now[0] += 61
    assert faults.degraded() == {}


def test_redis_stopped_mid_conversation(assistant_kb: Path, tmp_path: Path) -> None:
    import shutil
    import subprocess

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server not installed (make test-deps installs it)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        settings = ServingSettings(kb_dir=assistant_kb, redis_url=f"redis://127.0.0.1:{port}/0",
                                   token_db=tmp_path / "t.sqlite", session_key_file=tmp_path / "k")
        with TestClient(create_app(settings, fake_services)) as c:
            first = c.post("/v1/ask", json={"question": Q}).json()
            sid = first["session_id"]
            follow = c.post("/v1/ask", json={"question": "làm ở đâu?", "session_id": sid}).json()
            assert follow["procedure"]["code"] == "8.000008" and c.get("/readyz").json()["redis"] == "ok"
            proc.terminate()
            proc.wait(timeout=10)
            statuses = [c.post("/v1/ask", json={"question": q, "session_id": sid}).status_code
                        for q in ("lệ phí bao nhiêu?", Q, "làm ở đâu?")]
            assert statuses == [200, 200, 200]  # degraded (the Redis-held turn is gone), never a 500
            ready = c.get("/readyz").json()
            assert ready["redis"].startswith("unreachable") and ready["fallback_counts"]["redis"] >= 1
            again = c.post("/v1/ask", json={"question": "làm ở đâu?", "session_id": sid}).json()
            assert again["procedure"]["code"] == "8.000008"  # the conversation goes on in process memory
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=10)
