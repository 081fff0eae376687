"""README figures: the committed block equals what `python -m eval readme` generates from the reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval import readme


def test_readme_figures_match_reports() -> None:
    text = readme.README.read_text(encoding="utf-8")
    assert readme.START in text and readme.END in text
    assert readme.rewrite(text, readme.generate()) == text, "README figures are stale: run `python -m eval readme`"


def test_rewrite_replaces_only_the_block() -> None:
    text = f"intro 1.00\n{readme.START}\nold 1.00\n{readme.END}\noutro\n"
    new = f"{readme.START}\nnew\n{readme.END}"
    assert readme.rewrite(text, new) == f"intro 1.00\n{new}\noutro\n"
    with pytest.raises(ValueError):
        readme.rewrite("no markers", "x")
    with pytest.raises(ValueError):
        readme.rewrite(f"{readme.END} {readme.START}", "x")


def _part(rate_direct: float) -> dict[str, object]:
    k = int(rate_direct * 10)
    r = {"k": k, "n": 10, "rate": rate_direct}
    return {"web": {"questions": 11, "search_r@1": r, "search_r@5": r, "search_no_diacritics_r@1": r,
                    "search_no_diacritics_r@5": r, "right_offered": r, "right_direct": r,
                    "clarification_rate": {"k": 0, "n": 10, "rate": 0.0},
                    "oos_declined": {"k": 1, "n": 1, "rate": 1.0}}}


def test_generate_puts_heldout_first_and_check_detects_staleness(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    rep = {"split_version": "v", "results": {"citizen-dev": {"tune": _part(0.9), "heldout": _part(0.4)}}}
    (reports / "understanding.json").write_text(json.dumps(rep), encoding="utf-8")
    block = readme.generate(reports)
    assert block.index("held-out part") < block.index("tune part")
    assert block.index("0.400 (4/10)") < block.index("0.900 (9/10)")
    assert "retrieval.json" not in block  # sections only for reports that exist
    md = tmp_path / "README.md"
    md.write_text(f"# T\n\n{readme.START}\nhand-written 1.00\n{readme.END}\n\nprose\n", encoding="utf-8")
    assert readme.main(check=True, readme=md, reports=reports) == 1
    assert readme.main(readme=md, reports=reports) == 0
    assert readme.main(check=True, readme=md, reports=reports) == 0
    text = md.read_text(encoding="utf-8")
    assert "hand-written" not in text and text.endswith("\n\nprose\n") and "0.400 (4/10)" in text
