"""The legal collection on the shared search stack: same BM25 scores as before, one manifest schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingestion.legal_build import build_legal
from kb.legal.store import LEGAL_DIR, MANIFEST_NAME, LegalStore
from kb.procedures.store import KBError
from kb.search.lexical import SparseBm25
from kb.search.manifest import CORE_KEYS, FORMAT_VERSION
from kb.search.params import LEGAL_PARAMS, params_record

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "legal_topics.jsonl"

# (chunk row, BM25) per query, recorded with the legal module's own BM25Index before it moved to
# kb.search.lexical.SparseBm25 (commit 8f4995e): the shared implementation must give the same floats.
BEFORE = {
    "thẩm quyền: ủy ban cấp xã nơi cư trú": [
        (2, 23.29895782470703), (9, 13.04875659942627), (6, 4.725061416625977),
        (1, 2.399578094482422), (10, 1.308135986328125), (5, 1.2051795721054077)],
    "thoi han chung thuc": [
        (10, 16.60820960998535), (9, 6.923784255981445), (3, 6.747222900390625),
        (4, 1.4271060228347778), (2, 1.125678300857544)],
    "giấy tờ hồ sơ": [
        (9, 5.374929428100586), (5, 1.5139784812927246), (0, 1.3496620655059814),
        (1, 1.235234260559082)],
}
BEFORE_HITS = [("9.2.NĐ.1.2", 1.0), ("9.2.NĐ.1.1", 0.4169), ("9.1.TT.1.3", 0.4063),
               ("9.1.TT.1.4", 0.0859), ("9.1.LQ.2", 0.0678)]


@pytest.fixture(scope="module")
def legal_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    kb = tmp_path_factory.mktemp("legal")
    build_legal(FIXTURE, kb, workers=1)
    return kb


def test_shared_bm25_gives_the_former_scores(legal_kb: Path) -> None:
    store = LegalStore(legal_kb).load()
    assert store._index is not None
    for query, want in BEFORE.items():
        assert [(h.row, h.score) for h in store._index.search(query, 20)] == want
    hits = store.search("thoi han chung thuc", k=5)
    assert [(h.code, h.score) for h in hits] == BEFORE_HITS
    # within given rows: the same sums as the full pass
    sub = store._index.search("thoi han chung thuc", 20, rows=[9, 3, 2])
    assert [(h.row, h.score) for h in sub] == [(9, 6.923784255981445), (3, 6.747222900390625),
                                               (2, 1.125678300857544)]


def test_manifest_has_the_shared_schema_and_params(legal_kb: Path) -> None:
    man = json.loads((legal_kb / LEGAL_DIR / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert all(k in man for k in CORE_KEYS)
    assert (man["name"], man["format_version"], man["lexical"]) == ("legal", FORMAT_VERSION, SparseBm25.name)
    assert man["search_params"] == params_record(LEGAL_PARAMS)
    assert man["embedder"] is None and man["counts"]["index_chunks"] == man["counts"]["chunks"] == 11
    assert len(man["data_hash"]) == 32


@pytest.mark.parametrize(("key", "value", "message"), [
    ("format_version", 1, "format_version"),
    ("analyzer_version", "other-tokenizer", "analyzer_version"),
    ("lexical", "bm25s-lucene", "lexical"),
    ("search_params", {"version": 0}, "tham số tìm kiếm"),
])
def test_manifest_mismatch_fails_loudly(legal_kb: Path, tmp_path: Path, key: str, value: object,
                                        message: str) -> None:
    import shutil

    kb = tmp_path / "kb"
    shutil.copytree(legal_kb, kb)
    path = kb / LEGAL_DIR / MANIFEST_NAME
    man = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**man, key: value}), encoding="utf-8")
    with pytest.raises(KBError, match=message):
        LegalStore(kb).load()


def test_lexical_files_of_another_size_are_refused(legal_kb: Path) -> None:
    with pytest.raises(ValueError, match="chunks"):
        SparseBm25.load(legal_kb / LEGAL_DIR / "bm25", expect_chunks=12)
