"""Search engine on a small KB: build/skip/load, manifest errors, atomic rebuild, filters, abstain."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kb.config import Settings
from kb.search.collection import IndexError_
from kb.search.engine import SearchEngine
from kb.search.indexes import INDEX_DIR, PROCEDURES, build_indexes

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(scope="module")
def engine(search_kb: Path) -> SearchEngine:
    return SearchEngine.load(search_kb, Settings(kb_dir=search_kb, search_mode="bm25"))


def test_finds_procedure_at_rank_one_with_hit_fields(engine: SearchEngine) -> None:
    hits = engine.search("Đăng ký kết hôn cần giấy tờ gì?", k=3)
    assert hits[0].code == "9.000002"
    h = hits[0]
    assert h.name.startswith("Đăng ký kết hôn") and h.levels == ("xa",) and h.field == "Hộ tịch"
    assert h.chunk_id.startswith("9.000002:") and h.section in h.chunk_id and h.snippet
    assert [x.score for x in hits] == sorted((x.score for x in hits), reverse=True)


def test_no_diacritics_query_finds_same_procedure(engine: SearchEngine) -> None:
    assert engine.search("dang ky thuong tru", k=1)[0].code == "9.000004"


def test_same_name_variants_citizen_level_first_unless_level_named(engine: SearchEngine) -> None:
    codes = [h.code for h in engine.search("làm lại thẻ căn cước", k=3)]
    assert codes == ["9.100001", "9.100002", "9.100003"]
    assert engine.search("cấp lại thẻ căn cước ở cấp tỉnh", k=1)[0].code == "9.100002"


def test_filters_level_field_agency(engine: SearchEngine) -> None:
    assert {h.code for h in engine.search("cấp lại thẻ căn cước", level="trung_uong")} == {"9.100003"}
    assert all(h.field == "Hộ tịch" for h in engine.search("đăng ký", field="hộ tịch"))
    assert [h.code for h in engine.search("cấp lại thẻ căn cước", agency="công an cấp tỉnh")] == ["9.100002"]


@pytest.mark.parametrize("junk", ["Thời tiết hôm nay thế nào?", "asdkjh qwe zzz", "", "   "])
def test_junk_returns_nothing(engine: SearchEngine, junk: str) -> None:
    assert engine.search(junk) == []


def test_rebuild_unchanged_is_skipped(search_kb: Path, tmp_path: Path) -> None:
    rep = build_indexes(search_kb, Settings(kb_dir=search_kb, build_dense=False))
    assert rep["skipped"] is True
    from ingestion.build import build

    kb = tmp_path / "kb"
    shutil.copytree(search_kb, kb)
    build([FIXTURES / "portal_small.jsonl", FIXTURES / "portal_search.jsonl"], kb, force=True)
    again = build_indexes(kb, Settings(kb_dir=kb, build_dense=False))  # new store, same chunks
    assert again["skipped"] is True
    man = json.loads((kb / INDEX_DIR / PROCEDURES / "manifest.json").read_text())
    assert man["store_build_id"] == json.loads((kb / "manifest.json").read_text())["build_id"]
    build([FIXTURES / "portal_small.jsonl"], kb)  # fewer procedures: real rebuild
    changed = build_indexes(kb, Settings(kb_dir=kb, build_dense=False))
    assert changed["skipped"] is False and changed["procedures"] == 4


def test_missing_and_mismatched_index_fail_clearly(search_kb: Path, tmp_path: Path) -> None:
    with pytest.raises(IndexError_, match="tthc build"):
        SearchEngine.load(tmp_path, Settings(kb_dir=tmp_path, search_mode="bm25"))
    kb = tmp_path / "kb"
    shutil.copytree(search_kb, kb)
    man_path = kb / INDEX_DIR / PROCEDURES / "manifest.json"
    man = json.loads(man_path.read_text())
    man_path.write_text(json.dumps({**man, "analyzer_version": "other-tokenizer"}))
    with pytest.raises(IndexError_, match="analyzer_version"):
        SearchEngine.load(kb, Settings(kb_dir=kb, search_mode="bm25"))
    man_path.write_text(json.dumps({**man, "counts": {"chunks": 1, "docs": 1}}))
    with pytest.raises(IndexError_, match="manifest"):
        SearchEngine.load(kb, Settings(kb_dir=kb, search_mode="bm25"))


def test_failed_rebuild_keeps_old_index(search_kb: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(search_kb, kb)
    before = (kb / INDEX_DIR / PROCEDURES / "manifest.json").read_text()

    def boom(self: object, corpus: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("kb.search.lexical.Bm25sIndex.index", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        build_indexes(kb, Settings(kb_dir=kb, build_dense=False), force=True)
    assert (kb / INDEX_DIR / PROCEDURES / "manifest.json").read_text() == before
    assert not [p for p in (kb / INDEX_DIR).iterdir() if p.name.startswith(".")]
    monkeypatch.undo()
    eng = SearchEngine.load(kb, Settings(kb_dir=kb, search_mode="bm25"))
    assert eng.search("đăng ký khai sinh", k=1)[0].code == "9.000001"
