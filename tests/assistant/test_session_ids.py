"""Server-issued sessions: signed ids, HttpOnly cookie, refused made-up ids, no lost updates, bounded store."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from assistant.app import create_app
from assistant.rasa_actions import AnswerAction
from assistant.service import Assistant
from assistant.session_ids import COOKIE, SessionIds, load_secret
from assistant.sessions import MemorySessionStore, SessionState
from assistant.settings import ServingSettings
from tests.assistant_support import fake_services

Q = "đăng ký tạm trú cần giấy tờ gì"


@pytest.fixture(scope="module")
def client(assistant_kb: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    key = tmp_path_factory.mktemp("keys") / "session.key"
    with TestClient(create_app(ServingSettings(kb_dir=assistant_kb, session_key_file=key), fake_services)) as c:
        yield c


def test_ids_are_random_signed_and_checked() -> None:
    ids = SessionIds(b"k" * 32)
    raw, signed = ids.issue()
    assert len(raw) >= 22 and ids.verify(signed) == raw and ids.issue()[0] != raw
    tampered = signed[:-1] + ("A" if signed[-1] != "A" else "B")
    for bad in (None, "", "1", "admin", raw, tampered, f"{raw}.{'x' * 22}", "é.é", signed + ".x"):
        assert ids.verify(bad) is None, bad
    assert SessionIds(b"other-key" * 4).verify(signed) is None
    phone = ids.opaque("0912345678", "rasa")
    assert "0912345678" not in phone and phone == ids.opaque("0912345678", "rasa") != ids.opaque("0912345679", "rasa")


def test_secret_file_is_generated_once_private(tmp_path: Path) -> None:
    s = ServingSettings(kb_dir=tmp_path / "var" / "kb")
    key = load_secret(s)
    path = tmp_path / "var" / "session.key"
    assert len(key) == 32 and path.stat().st_mode & 0o777 == 0o600 and load_secret(s) == key
    assert load_secret(ServingSettings(kb_dir=s.kb_dir, session_secret="x" * 32)) == b"x" * 32  # type: ignore[arg-type]


def test_api_session_continues_only_with_its_signed_id(client: TestClient) -> None:
    first = client.post("/v1/ask", json={"question": Q}).json()
    sid = first["session_id"]
    assert first["new_session"] and "." in sid and first["procedure"]["code"] == "8.000008"
    follow = client.post("/v1/ask", json={"question": "làm ở đâu?", "session_id": sid}).json()
    assert not follow["new_session"] and follow["session_id"] == sid and follow["procedure"]["code"] == "8.000008"
    raw = sid.split(".")[0]
    for forged in ("1", "admin", raw, raw + ".AAAAAAAAAAAAAAAAAAAAAA", sid[:-2] + "zz"):
        r = client.post("/v1/ask", json={"question": "làm ở đâu?", "session_id": forged}).json()
        assert r["new_session"] and r["session_id"] != sid and r["procedure"] is None, forged


def test_web_page_session_lives_in_an_httponly_cookie(client: TestClient) -> None:
    client.cookies.clear()
    r = client.post("/v1/ask", json={"question": Q, "session_cookie": True})
    cookie = r.headers["set-cookie"]
    assert r.json()["session_id"] is None and r.json()["new_session"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/v1;" in cookie
    follow = client.post("/v1/ask", json={"question": "làm ở đâu?", "session_cookie": True}).json()
    assert not follow["new_session"] and follow["procedure"]["code"] == "8.000008"
    client.cookies.set(COOKIE, "admin")
    forged = client.post("/v1/ask", json={"question": "làm ở đâu?", "session_cookie": True}).json()
    assert forged["new_session"] and forged["procedure"] is None
    client.cookies.clear()
    page = client.get("/static/chat.js").text
    assert "session_cookie: true" in page and "session_id" not in page


class SlowReads(MemorySessionStore):
    """Yields the GIL after each read, so unlocked read-answer-write turns would interleave."""

    def get(self, session_id: str) -> SessionState | None:
        state = super().get(session_id)
        time.sleep(0.002)
        return state


def test_concurrent_turns_of_one_session_lose_no_update(assistant: Assistant) -> None:
    assistant.sessions = SlowReads(60)

    def turns() -> None:
        for _ in range(5):
            assistant.ask(Q, "shared")

    threads = [threading.Thread(target=turns) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    state = assistant.sessions.get("shared")
    assert state is not None and state.turns == 40


def test_memory_store_is_bounded_and_o1() -> None:
    store = MemorySessionStore(ttl_s=60, max_sessions=1000)
    start = time.perf_counter()
    for i in range(30_000):
        store.put(str(i), SessionState(turns=i))
    assert len(store) == 1000 and store.get("0") is None and store.get("29999") is not None
    assert time.perf_counter() - start < 2.0
    store.put("28999", SessionState())  # touched: becomes the newest
    store.put("new", SessionState())
    assert store.get("28999") is not None and store.get("29000") is None


def test_rasa_sender_id_is_hashed(assistant: Assistant) -> None:
    ids = SessionIds(b"k" * 32)
    tracker = Tracker("0912345678", {}, {"text": Q}, [], False, None, {}, None)
    AnswerAction(assistant, ids).run(CollectingDispatcher(), tracker, {})
    store = assistant.sessions
    assert isinstance(store, MemorySessionStore)
    assert store.get("0912345678") is None and store.get(ids.opaque("0912345678", "rasa")) is not None
