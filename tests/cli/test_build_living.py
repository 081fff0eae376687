"""`tthc build --no-legal`: procedures, history and quality findings, incremental on a second run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main


def test_build_no_legal_records_history_and_quality_then_skips(tmp_path: Path, small_portal: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "kb"
    assert main(["build", "--data", str(small_portal), "--out", str(out), "--no-legal", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["history"] == {"versions": 4, "removed": 0}
    assert first["quality"]["skipped"] is True  # computed once by the store build, nothing changed after it
    assert not (out / "legal").exists() and (out / "quality" / "findings.json").exists()
    stored = json.loads((out / "quality" / "findings.json").read_text(encoding="utf-8"))
    assert stored["legal"] is False and stored["counts"]["total"] == len(stored["findings"])
    assert main(["build", "--data", str(small_portal), "--out", str(out), "--no-legal", "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["skipped"] is True and second["history"] == {} and second["quality"]["skipped"] is True
