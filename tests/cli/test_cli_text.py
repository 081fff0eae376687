"""`tthc text report|mine`: the command-line side of kb.text's measurements and mining."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from cli.text import register


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tthc")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_report_prints_the_measurements_as_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[tuple[Path, Path, Path]] = []

    def measure(kb: Path, data: Path, model: Path) -> dict[str, Any]:
        seen.append((kb, data, model))
        return {"procedures": 3, "chars": "điều"}

    monkeypatch.setattr("kb.text.report.measure", measure)
    assert _run(["text", "report", "--kb", "k", "--data", "d", "--model", "m"]) == 0
    assert seen == [(Path("k"), Path("d"), Path("m"))]
    assert json.loads(capsys.readouterr().out) == {"procedures": 3, "chars": "điều"}


def test_mine_reports_what_was_regenerated(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[tuple[Path, int]] = []

    def regenerate(kb: Path, uts_sentences: int) -> dict[str, Any]:
        calls.append((kb, uts_sentences))
        return {"stats": {"kept": 7}, "fold_keep": 2, "seconds": 1.5}

    monkeypatch.setattr("kb.text.mining.regenerate", regenerate)
    assert _run(["text", "mine", "--kb", "var/x", "--uts-sentences", "5"]) == 0
    assert calls == [(Path("var/x"), 5)]
    assert capsys.readouterr().out.strip() == "{'kept': 7}, fold-keep 2 in 1.5s"


def test_text_needs_an_action() -> None:
    with pytest.raises(SystemExit):
        _run(["text"])
