"""kill -9 of a real `tthc serve` under load: after a restart the knowledge base is byte-for-byte the one
served before, /readyz reports the same state, /v1/ask answers, and nothing half-written is left (slow)."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from eval.serving import free_port as _free_port

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
QUESTION = "Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên cần giấy tờ gì?"


def _tree(root: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file under ``root``."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _start(kb: Path, state: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TTHC_KB_DIR": str(kb), "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1",
           "TTHC_RATE_PER_MINUTE": "0", "TTHC_TOKEN_RATE_PER_MINUTE": "0",
           "TTHC_TOKEN_DB": str(state / "tokens.sqlite"), "TTHC_DATABASE_URL": f"sqlite:///{state}/i.sqlite"}
    cmd = [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        assert proc.poll() is None, "server exited during start-up"
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).raise_for_status()
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("server did not start in 60 s")


def _ready(base: str) -> tuple[int, str, dict[str, str], int]:
    r = httpx.get(f"{base}/readyz", timeout=10)
    body = r.json()
    return r.status_code, body["status"], body.get("missing", {}), body["procedures"]


def _load(base: str, stop: threading.Event, done: list[int], failed: list[str]) -> None:
    with httpx.Client(base_url=base, timeout=10) as client:
        while not stop.is_set():
            try:
                r = client.post("/v1/ask", json={"question": QUESTION, "channel": "web"})
                done.append(r.status_code)
            except httpx.HTTPError as exc:  # expected once the server is killed
                failed.append(type(exc).__name__)
                return


def test_kill_9_under_load_keeps_the_kb_served(served_kb: Path, tmp_path: Path) -> None:
    kb, state = tmp_path / "kb", tmp_path / "state"
    shutil.copytree(served_kb, kb)
    state.mkdir()
    before_files = _tree(kb)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _start(kb, state, port)
    try:
        ready_before = _ready(base)
        stop, done, failed = threading.Event(), [], []
        threads = [threading.Thread(target=_load, args=(base, stop, done, failed)) for _ in range(8)]
        for t in threads:
            t.start()
        time.sleep(2.0)
        in_flight = len(done)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        for t in threads:
            t.join(timeout=15)
        stop.set()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert in_flight > 20 and set(done) == {200}, (in_flight, set(done))  # it was under load, and healthy
    assert failed, "the load never saw the server die"
    assert _tree(kb) == before_files  # serving writes nothing into the KB, and a kill leaves nothing there
    assert (state / "i.sqlite").is_file()
    with sqlite3.connect(state / "i.sqlite") as con:  # the interaction store survives the kill whole
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _start(kb, state, port)
    try:
        assert _ready(base) == ready_before
        print("kill-9:", in_flight, "answers before the kill,", len(failed), "clients cut;", ready_before)
        r = httpx.post(f"{base}/v1/ask", json={"question": QUESTION, "channel": "web"}, timeout=30)
        assert r.status_code == 200 and r.json()["status"] == "answered", r.text[:300]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert _tree(kb) == before_files
    leftovers = [p.name for p in (*kb.rglob("*"), *state.rglob("*"))
                 if "staging" in p.name or p.name.endswith((".tmp", ".partial"))]
    assert not leftovers, leftovers
