"""Parsing, bad input, atomic and incremental builds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ingestion.build import BuildError, build
from ingestion.portal import RecordError, parse_procedure
from ingestion.reader import read_procedures
from kb.procedures.schema import Procedure, RejectedRecord
from kb.procedures.store import KBError, Store


def _records(path: Path) -> list[Procedure]:
    rej: list[RejectedRecord] = []
    return list(read_procedures([path], rej))


def test_parse_small_fixture(small_portal: Path) -> None:
    procs = {p.code: p for p in _records(small_portal)}
    assert sorted(procs) == ["9.000001", "9.000002", "9.000003", "9.000004"]
    ks = procs["9.000001"]
    assert ks.levels == ("xa",) and ks.field == "Hộ tịch"
    assert [c.id for c in ks.components] == ["c-1", "c-2", "c-3", "c-4", "c-5"]
    assert [c.kind for c in ks.components] == ["document", "document", "note", "document", "note"]
    c1 = ks.components[0]
    assert (c1.text, c1.raw_text) == ("Tờ khai đăng ký khai sinh theo mẫu;", "- Tờ khai đăng ký khai sinh theo mẫu;")
    assert (c1.original_qty, c1.copy_qty, c1.has_electronic_form, c1.case) == (1, 0, True, "Giấy tờ phải nộp:")
    assert ks.components[3].copy_qty == 1 and ks.components[3].text == "Bản sao Thẻ căn cước"
    assert [b.number for b in ks.legal_bases] == ["123/2015/NĐ-CP", "60/2014/QH13"]
    online = next(m for m in ks.methods if m.submission == "ONLINE")
    assert online.time.value == 3 and online.fees[0].amount == 8000
    kh = procs["9.000002"]
    assert kh.methods[0].time.unit == "working_day" and kh.methods[0].time.value == 5
    assert kh.methods[0].fees[0].amount is None
    assert procs["9.000004"].name == "Đăng ký thường trú (thử nghiệm)"  # NFD normalised
    assert procs["9.000004"].components[0].text == "Tờ khai thay đổi thông tin cư trú"


def test_roundtrip_dict(small_portal: Path) -> None:
    for p in _records(small_portal):
        assert Procedure.from_dict(json.loads(json.dumps(p.to_dict()))) == p


def test_bad_records_reported_with_line_and_reason(broken_portal: Path) -> None:
    rej: list[RejectedRecord] = []
    procs = list(read_procedures([broken_portal], rej))
    assert [p.code for p in procs] == ["9.000001", "9.000002"]
    by_line = {r.line: r.reason for r in rej}
    assert by_line[2].startswith("malformed JSON")
    assert "missing procedure 'code'" in by_line[3]
    assert "executionCases" in by_line[4] and "list" in by_line[4]
    assert "originalQty" in by_line[6]
    assert by_line[7].startswith("duplicate code")
    assert "expected an object" in by_line[8]
    assert all(r.file == str(broken_portal) for r in rej)


def test_missing_and_empty_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    rej: list[RejectedRecord] = []
    assert list(read_procedures([tmp_path / "nope.jsonl", empty], rej)) == []
    assert [r.reason for r in rej] == ["file not found", "empty file"]
    with pytest.raises(BuildError):
        build([empty], tmp_path / "kb")
    assert not (tmp_path / "kb" / "kb.sqlite").exists()


def test_parse_rejects_wrong_types() -> None:
    with pytest.raises(RecordError, match="name"):
        parse_procedure({"raw_procedure": {"detail": {"code": "1.000001", "name": 5}}})
    with pytest.raises(RecordError, match="malformed procedure code"):
        parse_procedure({"code": "!!", "name": "x"})


def test_build_incremental_and_atomic(tmp_path: Path, small_portal: Path, broken_portal: Path) -> None:
    out = tmp_path / "kb"
    first = build([small_portal], out)
    assert (first.added, first.accepted, first.skipped) == (4, 4, False)
    again = build([small_portal], out)
    assert again.skipped and again.accepted == 4
    # change one record: only it is rewritten
    src = tmp_path / "changed.jsonl"
    lines = small_portal.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("Tờ khai đăng ký kết hôn", "Tờ khai đăng ký kết hôn (mẫu mới)")
    src.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")  # and drop the 4th
    upd = build([src], out)
    assert (upd.added, upd.changed, upd.removed, upd.unchanged) == (0, 1, 1, 2)
    store = Store(out).load()
    assert len(store) == 3 and store.get("9.000004") is None
    assert store.get("9.000002").components[0].text.endswith("(mẫu mới)")  # type: ignore[union-attr]
    store.close()
    before = (out / "kb.sqlite").read_bytes()
    with pytest.raises(BuildError):
        build([broken_portal], out, strict=True)
    assert (out / "kb.sqlite").read_bytes() == before
    assert not list(out.glob(".staging-*"))


def test_store_refuses_mismatched_manifest(tmp_path: Path, small_kb: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(small_kb, kb)
    man = json.loads((kb / "manifest.json").read_text())
    man["build_id"] = "other"
    (kb / "manifest.json").write_text(json.dumps(man))
    with pytest.raises(KBError, match="does not match"):
        Store(kb).load()
    with pytest.raises(KBError, match="tthc build"):
        Store(tmp_path / "missing").load()


def test_stats(small_kb: Path) -> None:
    st = Store(small_kb).load().stats()
    assert st["procedures"] == 4 and st["components"] == 9
    assert st["components_by_kind"] == {"document": 7, "note": 2}
    assert st["by_level"] == {"xa": 3, "tinh": 1}
    assert st["by_field"]["Hộ tịch"] == 2
