"""`tthc build` on a data folder builds the unit map and the legal collection; reruns skip them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli.main import main

FIX = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture()
def data_dir(tmp_path: Path, small_portal: Path) -> Path:
    d = tmp_path / "data"
    for sub in ("procedures", "legal", "admin-units"):
        (d / sub).mkdir(parents=True)
    import gzip

    with (
        open(small_portal, "rb") as src,
        gzip.open(d / "procedures" / "dichvucong-procedures-2026-07.jsonl.gz", "wb") as dst,
    ):
        dst.write(src.read())
    with (
        open(FIX / "legal_topics.jsonl", "rb") as src,
        gzip.open(d / "legal" / "phapdien-topics-2026-07.jsonl.gz", "wb") as dst,
    ):
        dst.write(src.read())
    shutil.copy(FIX / "units_conversion.csv", d / "admin-units" / "ward-conversion-2025-07.csv")
    shutil.copy(FIX / "units_divisions.json", d / "admin-units" / "divisions-2025-07.json")
    return d


def test_build_folder_then_search_and_ward(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "kb"
    assert main(["build", "--data", str(data_dir), "--out", str(out), "--json", "--no-progress"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert (s["legal"]["articles"], s["legal"]["parsed_fully"], s["legal"]["skipped"]) == (11, 7, False)
    assert (s["units"]["units"], s["units"]["rejected"]) == (5, 2)
    assert main(["build", "--data", str(data_dir), "--out", str(out), "--json", "--no-progress"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["legal"]["skipped"] and again["units"]["skipped"]
    assert main(["search", "--collection", "legal", "thoi han chung thuc", "--json", "--kb", str(out)]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert (
        hits[0]["citation"] == "Điều 7 Nghị định 55/2031/NĐ-CP" and hits[0]["effective_date"] == "2031-04-10"
    )
    assert main(["legal", "9.1.LQ.2", "--kb", str(out)]) == 0
    assert "Điều 13 Luật 99/2030/QH99" in capsys.readouterr().out
    assert main(["ward", "phường hàng bạc, quận trung tâm", "--kb", str(out)]) == 0
    assert "Phường Hồ Gươm" in capsys.readouterr().out
