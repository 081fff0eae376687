"""The interaction store on SQLite and on a real PostgreSQL: migrations, turns, feedback, purge, writer."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from assistant.interactions import BackgroundWriter, InteractionStore, Recorder
from assistant.interactions.recorder import utc
from assistant.types import Choice, Reply
from tests.postgres_support import Cluster

T0 = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def turn(at: datetime, channel: str = "web", status: str = "answered", code: str | None = "1.0001",
         session: str = "s1", question: str = "hỏi") -> dict[str, object]:
    return {"at": at, "channel": channel, "question": question, "status": status, "code": code,
            "family": "dang ky khai sinh" if code else None, "aspect": "documents", "choices": "[]",
            "latency_ms": 12.5, "pipeline": "test", "session": session}


def test_migrations_reach_head_idempotently(store_url: str) -> None:
    store = InteractionStore(store_url)
    assert store.revision() is None
    store.migrate()
    store.migrate()
    assert store.revision() == "0002"
    assert store.salt() == store.salt() and len(store.salt()) == 64
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from assistant.interactions.schema import metadata

    with store.engine.connect() as con:  # the revisions build exactly the tables schema.py declares
        assert compare_metadata(MigrationContext.configure(con), metadata) == []
    store.close()


def test_turns_by_period_and_channel_and_purge(store_url: str) -> None:
    store = InteractionStore(store_url)
    store.migrate()
    store.add_turns([turn(T0), turn(T0 + timedelta(days=1), "agent"), turn(T0 - timedelta(days=200), code=None)])
    got = store.turns(T0, T0 + timedelta(days=2))
    assert [r["channel"] for r in got] == ["web", "agent"]
    assert utc(got[0]["at"]) == T0 and got[0]["family"] == "dang ky khai sinh"
    assert [r["channel"] for r in store.turns(T0, T0 + timedelta(days=2), "agent")] == ["agent"]
    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")  # a local period selects the same instants on every backend
    assert len(store.turns(T0.astimezone(hanoi), (T0 + timedelta(hours=1)).astimezone(hanoi))) == 1
    assert store.turns((T0 + timedelta(seconds=1)).astimezone(hanoi), T0 + timedelta(hours=1)) == []
    with pytest.raises(ValueError):
        store.turns(T0.replace(tzinfo=None), T0)
    assert store.count() == 3
    assert store.purge(T0 - timedelta(days=180)) == {"turns": 1, "feedback": 0}
    assert store.count() == 2
    store.close()


def test_feedback_links_to_the_sessions_last_turn(store_url: str) -> None:
    store = InteractionStore(store_url)
    store.migrate()
    rec = Recorder(store, "salt", "test")
    h = rec.session_hash("abc")
    assert h != "abc" and h == Recorder(store, "salt", "x").session_hash("abc")
    assert h != Recorder(store, "other", "x").session_hash("abc")
    store.add_turns([turn(T0, session=h, question="cũ"), turn(T0 + timedelta(minutes=1), session=h, question="mới")])
    rec.feedback("abc", "down", "wrong_procedure", "1.0002", "gọi lại 0912345678")
    rows = store.corrections()
    assert len(rows) == 1 and rows[0]["correct_code"] == "1.0002" and rows[0]["session"] == h
    assert "0912345678" not in rows[0]["note"] and "[số điện thoại]" in rows[0]["note"]
    last = store.last_turn(h, utc(rows[0]["at"]))
    assert last is not None and last["question"] == "mới"
    rec.close()


def test_recorder_writes_redacted_rows_in_the_background(store_url: str) -> None:
    store = InteractionStore(store_url)
    store.migrate()
    rec = Recorder(store, "salt", "tthc test")
    reply = Reply("clarification", "Anh/chị hỏi thủ tục nào?", "sess-raw", "web", "fees",
                  choices=(Choice("1.1", "Cấp tỉnh"), Choice("1.2", "Cấp xã")),
                  redacted_question="lệ phí, sđt [số điện thoại]")
    assert rec.record_reply(reply, 41.0)
    rec.flush()
    (row,) = store.turns(T0, datetime.now(UTC) + timedelta(seconds=1))
    assert row["question"] == "lệ phí, sđt [số điện thoại]" and row["status"] == "clarification"
    assert row["session"] == rec.session_hash("sess-raw") and "sess-raw" not in json.dumps(row, default=str)
    assert json.loads(row["choices"]) == [["1.1", "Cấp tỉnh"], ["1.2", "Cấp xã"]] and row["code"] is None
    assert rec.stats()["written"] == 1 and rec.stats()["failed"] == 0
    rec.close()


def test_writer_counts_failures_and_drops_without_blocking() -> None:
    calls: list[int] = []

    def broken(items: list[int]) -> None:
        calls.append(len(items))
        raise ConnectionError("store down")

    w: BackgroundWriter[int] = BackgroundWriter(broken, maxsize=100)
    for i in range(10):
        assert w.submit(i)
    w.flush()
    assert w.stats()["failed"] == 10 and w.stats()["written"] == 0 and sum(calls) == 10
    w.close()

    gate: list[int] = []

    def slow(items: list[int]) -> None:
        time.sleep(0.2)
        gate.extend(items)

    w2: BackgroundWriter[int] = BackgroundWriter(slow, maxsize=2, batch=1)
    t = time.perf_counter()
    accepted = [w2.submit(i) for i in range(20)]
    assert time.perf_counter() - t < 0.1  # a full queue drops, it never waits
    assert accepted.count(False) >= 15 and w2.stats()["dropped"] == accepted.count(False)
    w2.close()
    assert not w2.submit(99) and len(gate) == accepted.count(True)


def test_killing_postgres_mid_load_loses_records_not_answers(postgres: Cluster) -> None:
    store = InteractionStore(postgres.new_database())
    store.migrate()
    rec = Recorder(store, "salt", "test")
    reply = Reply("answered", "...", "s", "web", redacted_question="q")
    for _ in range(5):
        rec.record_reply(reply, 1.0)
    rec.flush()
    postgres.stop()
    try:
        t = time.perf_counter()
        assert all(rec.record_reply(reply, 1.0) for _ in range(5))  # accepted at once, store down
        assert time.perf_counter() - t < 0.1
        rec.flush()
        assert rec.stats()["failed"] >= 1 and rec.stats()["written"] == 5
    finally:
        postgres.start()
    rec.record_reply(reply, 1.0)
    rec.flush()
    assert store.count() == 5 + 1 and rec.stats()["written"] == 6
    rec.close()


@pytest.mark.parametrize("days", [180, 30])
def test_retention_setting_is_validated(days: int) -> None:
    from assistant.settings import ServingSettings

    assert ServingSettings(retention_days=days).retention_days == days
    with pytest.raises(ValueError):
        ServingSettings(retention_days=0)
