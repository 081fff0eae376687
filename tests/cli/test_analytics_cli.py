"""`tthc analytics`: purge applies the retention period; report writes json, csv and xlsx."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.interactions import InteractionStore
from cli import analytics


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    analytics.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return int(args.func(args))


def row(at: datetime) -> dict[str, object]:
    return {"at": at, "channel": "web", "question": "q", "status": "answered", "code": None, "family": None,
            "aspect": "overview", "choices": "[]", "latency_ms": 1.0, "pipeline": "t", "session": "h"}


def test_purge_keeps_the_retention_period(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'i.sqlite'}"
    store = InteractionStore(url)
    store.migrate()
    now = datetime.now(UTC)
    store.add_turns([row(now - timedelta(days=d)) for d in (1, 100, 179, 181, 400)])
    monkeypatch.setenv("TTHC_RETENTION_DAYS", "180")
    assert run(["analytics", "--db", url, "purge"]) == 0
    assert json.loads(capsys.readouterr().out)["deleted"] == {"turns": 2, "feedback": 0}
    assert run(["analytics", "--db", url, "purge", "--days", "50"]) == 0
    assert json.loads(capsys.readouterr().out)["deleted"]["turns"] == 2
    assert store.count() == 1
    assert run(["analytics", "--db", url, "purge", "--days", "0"]) == 2


def test_report_in_three_formats(served_kb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'i.sqlite'}"
    store = InteractionStore(url)
    store.migrate()
    now = datetime.now(UTC)
    store.add_turns([{**row(now), "code": "8.000008", "family": "dang ky tam tru"}, row(now - timedelta(days=1)),
                     {**row(now), "status": "no_content", "question": "giá vàng hôm nay"}])
    base = ["analytics", "--db", url, "report", "--kb", str(served_kb)]
    assert run(base) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 3 and data["by_status"] == {"answered": 2, "no_content": 1}
    assert data["top_procedures"] == [{"code": "8.000008", "name": "Đăng ký tạm trú", "count": 1}]
    assert data["topics_note"] and data["topics"] == []  # the served KB has no dense model
    from assistant.analytics.summary import HOTLINE_TZ

    today = now.astimezone(HOTLINE_TZ).date().isoformat()  # days are the hotline's (UTC+7)
    assert run([*base, "--from", today, "--to", today, "--format", "csv"]) == 0
    assert "total,2" in capsys.readouterr().out
    assert run([*base, "--format", "xlsx"]) == 2
    out = tmp_path / "r.xlsx"
    assert run([*base, "--format", "xlsx", "--out", str(out)]) == 0 and out.read_bytes()[:2] == b"PK"
