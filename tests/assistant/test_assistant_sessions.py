"""Session stores: shared contract for memory (TTL with a fake clock) and a real Redis server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

from assistant.sessions import MemorySessionStore, RedisSessionStore, SessionState, SessionStore
from assistant.types import Choice, UnitMemory


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server not installed (make test-deps installs it)")
    port = _free_port()
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _contract(store: SessionStore) -> None:
    state = SessionState("1.000894", "Đăng ký kết hôn", "fees", (Choice("1.1", "a"),), 1, 3,
                         UnitMemory("01:00655", "", ("00337", "00664")))
    assert store.get("x") is None
    store.put("x", state)
    assert store.get("x") == state
    store.put("x", SessionState(turns=4))
    assert store.get("x") == SessionState(turns=4)
    store.delete("x")
    assert store.get("x") is None


def test_memory_store_contract_and_ttl() -> None:
    now = [1000.0]
    store = MemorySessionStore(ttl_s=30, clock=lambda: now[0])
    _contract(store)
    store.put("y", SessionState(procedure_code="1.000001"))
    now[0] += 29
    assert store.get("y") is not None
    now[0] += 2
    assert store.get("y") is None


def test_redis_store_contract_and_ttl(redis_url: str) -> None:
    store = RedisSessionStore(redis_url, ttl_s=1, prefix="test:")
    _contract(store)
    store.put("z", SessionState(procedure_code="1.000001"))
    assert store._r.ttl("test:z") in (0, 1)
    time.sleep(1.2)
    assert store.get("z") is None


def test_state_json_round_trip() -> None:
    s = SessionState("1.2", "n", "time", (Choice("a", "b"),), 2, 5, UnitMemory("91:00063", "00070"))
    assert SessionState.from_json(s.to_json()) == s
    pending = SessionState(unit=UnitMemory("91:00063", "", ("00070", "00001")))
    assert SessionState.from_json(pending.to_json()).unit.options == ("00070", "00001")


def test_state_stored_before_units_were_remembered_still_loads() -> None:
    old = '{"procedure_code": "1.2", "procedure_name": "n", "aspect": "time", "choices": [], "misses": 0, "turns": 1}'
    assert SessionState.from_json(old) == SessionState("1.2", "n", "time", (), 0, 1)


def test_redis_lock_serialises_turns_across_clients(redis_url: str) -> None:
    import threading

    def turns() -> None:
        store = RedisSessionStore(redis_url, prefix="lock-test:")  # one client per thread, like workers
        for _ in range(5):
            with store.lock("s"):
                state = store.get("s") or SessionState()
                time.sleep(0.002)
                store.put("s", SessionState(turns=state.turns + 1))

    threads = [threading.Thread(target=turns) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert RedisSessionStore(redis_url, prefix="lock-test:").get("s") == SessionState(turns=20)
