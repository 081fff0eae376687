"""`tthc simulate`: varied questions through the API; the store's summary counts what was sent."""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.settings import ServingSettings
from cli import simulate
from tests.assistant_support import bearer, fake_services


def test_variations_keep_the_words_recognisable() -> None:
    rng = random.Random(3)
    assert simulate.strip_marks("Đăng ký khai sinh ở đâu?") == "Dang ky khai sinh o dau?"
    t = simulate.typo("đăng ký khai sinh", rng)
    assert t != "đăng ký khai sinh" and sorted(t) == sorted("đăng ký khai sinh")
    seen = {simulate.vary("đăng ký kết hôn", random.Random(i)) for i in range(40)}
    assert "đăng ký kết hôn" in seen and "dang ky ket hon" in seen and any(s.startswith(("alo", "dạ")) for s in seen)


def test_simulated_turns_all_reach_the_summary(assistant_kb: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text("".join(json.dumps({"question": q}, ensure_ascii=False) + "\n" for q in
                                 ["đăng ký tạm trú cần giấy tờ gì", "cấp thẻ căn cước", "giá vàng hôm nay"]),
                         encoding="utf-8")
    settings = ServingSettings(kb_dir=assistant_kb, database_url=f"sqlite:///{tmp_path / 'i.sqlite'}",
                               token_db=tmp_path / "t.sqlite")
    with TestClient(create_app(settings, fake_services)) as client:
        monkeypatch.setattr(simulate, "open_client", lambda _url: client)
        parser = argparse.ArgumentParser()
        simulate.register(parser.add_subparsers())
        args = parser.parse_args(["simulate", "--questions", str(questions), "--n", "40", "--concurrency", "4",
                                  "--follow-ups", "0.3"])
        assert args.func(args) == 0
        sent = json.loads(capsys.readouterr().out)
        assert sent["questions"] == 40 and sent["turns"] > 40 and not sent["failed"]
        client.app.state.services.recorder.flush()  # type: ignore[attr-defined]
        body = client.get("/v1/analytics/summary", headers=bearer(client, "reform")).json()
    assert body["total"] == sent["turns"] and body["by_status"] == sent["by_status"]
    assert body["by_channel"] == sent["by_channel"]
