"""Rasa action server: real webhook payloads to `tthc rasa-actions` on a loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def action_server(served_kb: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    cwd = tmp_path_factory.mktemp("rasa")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "rasa-actions", "--port", str(port), "--kb", str(served_kb)],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "server exited")
            try:
                if httpx.get(f"{url}/health", timeout=0.5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def payload(action: str, text: str, sender: str, slots: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "next_action": action,
        "sender_id": sender,
        "version": "3.11.0",
        "tracker": {
            "sender_id": sender,
            "slots": slots or {},
            "latest_message": {"text": text, "intent": {}, "entities": []},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
            "latest_event_time": time.time(),
        },
        "domain": {"intents": [], "entities": [], "slots": {}, "responses": {}, "actions": [], "forms": {}},
    }


def test_answer_then_aspect_actions_over_webhook(action_server: str) -> None:
    r = httpx.post(
        f"{action_server}/webhook", json=payload("action_tthc_answer", "đăng ký tạm trú cần giấy tờ gì", "u1")
    )
    body = r.json()
    assert r.status_code == 200
    assert {"event": "slot", "name": "tthc_procedure", "value": "8.000008", "timestamp": None} in body[
        "events"
    ]
    assert "Đăng ký tạm trú (mã thủ tục 8.000008)" in body["responses"][0]["text"]
    assert body["responses"][0]["custom"]["status"] == "answered"
    slots = {"tthc_procedure": "8.000008"}
    where = httpx.post(
        f"{action_server}/webhook", json=payload("action_tthc_where", "nộp ở đâu", "u1", slots)
    ).json()
    assert "Công an cấp xã" in where["responses"][0]["text"]
    fees = httpx.post(
        f"{action_server}/webhook",
        json=payload("action_tthc_fees", "bao nhiêu tiền", "other-sender", {"tthc_procedure": "8.000003"}),
    ).json()
    assert "70.000 đồng" in fees["responses"][0]["text"]


def test_clarification_buttons_and_handoff(action_server: str) -> None:
    body = httpx.post(
        f"{action_server}/webhook",
        json=payload("action_tthc_answer", "làm căn cước", "u2"),
    ).json()
    assert {b["payload"] for b in body["responses"][0]["buttons"]} == {"8.000001", "8.000003"}
    assert {"event": "slot", "name": "tthc_status", "value": "clarification", "timestamp": None} in body[
        "events"
    ]
    h = httpx.post(
        f"{action_server}/webhook", json=payload("action_tthc_handoff", "gặp người thật", "u2")
    ).json()
    assert any(e["event"] == "pause" for e in h["events"]) and "1022" in h["responses"][0]["text"]
    unknown = httpx.post(f"{action_server}/webhook", json=payload("action_nope", "x", "u2"))
    assert unknown.status_code == 404


def test_example_rasa_folder_uses_only_registered_actions(action_server: str) -> None:
    domain = yaml.safe_load((ROOT / "rasa" / "domain.yml").read_text(encoding="utf-8"))
    listed = httpx.get(f"{action_server}/actions").json()
    assert {a["name"] for a in listed} == {a for a in domain["actions"]}
    rules = yaml.safe_load((ROOT / "rasa" / "data" / "rules.yml").read_text(encoding="utf-8"))
    used = {
        s["action"]
        for r in rules["rules"]
        for s in r["steps"]
        if "action" in s and s["action"].startswith("action_")
    }
    assert used <= set(domain["actions"])
