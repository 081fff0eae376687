"""`tthc ask`: one question (text/JSON) and a JSONL batch, loading the KB once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main


def test_ask_json(served_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--kb", str(served_kb), "--json", "cấp lại thẻ căn cước bao nhiêu tiền"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "answered" and out["procedure"]["code"] == "8.000003"
    assert out["citations"][0] == {
        "code": "8.000003",
        "section": "fees",
        "label": "Thủ tục 8.000003 — Phí, lệ phí",
        "legal_number": "",
        "kind": "procedure",
        "article_code": "",
        "citation": "",
        "effective_date": "",
    }


def test_ask_voice_text(served_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--kb", str(served_kb), "--channel", "voice", "đăng ký tạm trú mất bao lâu"]) == 0
    out = capsys.readouterr().out
    assert "ba ngày làm việc" in out and "**" not in out


def test_ask_batch(served_kb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "q.jsonl"
    f.write_text(
        '{"id": "a", "question": "đăng ký tạm trú ở đâu"}\n{"id": "b", "question": "giá vàng hôm nay"}\n',
        encoding="utf-8",
    )
    assert main(["ask", "--kb", str(served_kb), "--batch", str(f), "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(x["id"], x["status"]) for x in lines] == [("a", "answered"), ("b", "out_of_scope")]
    assert lines[0]["procedure"]["code"] == "8.000008" and lines[1]["procedure"] is None
    assert all(set(x) >= {"id", "status", "procedure", "answer", "citations"} for x in lines)


def test_ask_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--kb", str(tmp_path), "câu hỏi"]) == 1
    assert "tthc build" in capsys.readouterr().err
    assert main(["ask", "--kb", str(tmp_path)]) == 2


def test_ask_without_search_index_fails_clearly(assistant_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--kb", str(assistant_kb), "đăng ký tạm trú"]) == 1
    assert "search:" in capsys.readouterr().err  # the missing component is named, no weaker fallback
