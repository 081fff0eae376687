"""The `tthc` command line: build, show and stats, text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main


def test_build_show_stats_json(tmp_path: Path, small_portal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "kb"
    assert main(["build", "--data", str(small_portal), "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["read"], summary["accepted"], summary["rejected"]) == (4, 4, 0)
    assert main(["show", "9.000001", "--json", "--kb", str(out)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["code"] == "9.000001" and shown["name"].startswith("Đăng ký khai sinh")
    comp = shown["components"][0]
    assert {k: comp[k] for k in ("id", "kind", "original_qty", "copy_qty", "case")} == {
        "id": "c-1", "kind": "document", "original_qty": 1, "copy_qty": 0, "case": "Giấy tờ phải nộp:"}
    assert shown["legal_bases"][0] == {"number": "123/2015/NĐ-CP", "title": "Nghị định quy định chi tiết Luật Hộ tịch"}
    assert {m["submission"] for m in shown["methods"]} == {"DIRECT", "ONLINE"}
    assert main(["stats", "--json", "--kb", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["procedures"] == 4


def test_show_text_and_unknown_code(small_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "9.000001", "--kb", str(small_kb)]) == 0
    text = capsys.readouterr().out
    assert "THÀNH PHẦN HỒ SƠ" in text and "bản chính: 1" in text and "123/2015/NĐ-CP" in text
    assert main(["show", "0.000000", "--kb", str(small_kb)]) == 1
    assert "Không tìm thấy" in capsys.readouterr().err


def test_build_with_rejections_and_strict(tmp_path: Path, broken_portal: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "kb"
    assert main(["build", "--data", str(broken_portal), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{broken_portal}:2: malformed JSON" in err
    assert main(["build", "--data", str(broken_portal), "--out", str(tmp_path / "kb2"), "--strict"]) == 1
    assert not (tmp_path / "kb2" / "kb.sqlite").exists()
    assert main(["build", "--data", str(tmp_path / "none.jsonl"), "--out", str(tmp_path / "kb3")]) == 1


def test_missing_kb_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--kb", str(tmp_path)]) == 1
    assert "tthc build" in capsys.readouterr().err


def test_serve_logging_keeps_query_strings_out() -> None:
    """Workers log through our config: uvicorn's access log (raw paths and query strings) stays off,
    our route-template access log is on in every worker."""
    from cli.serve import log_config

    cfg = log_config()
    assert cfg["loggers"]["tthc.access"]["level"] == "INFO" and cfg["root"]["level"] == "WARNING"
