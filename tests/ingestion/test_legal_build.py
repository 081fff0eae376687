"""Legal collection build/store/search/links on fixtures: atomic, incremental, manifest-checked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ingestion.build import BuildError
from ingestion.legal_build import build_legal
from kb.legal.links import cite_for_procedure, cite_for_question, resolve_basis
from kb.legal.search import LegalTerms
from kb.legal.store import DB_NAME, LEGAL_DIR, MANIFEST_NAME, LegalStore
from kb.procedures.schema import LegalBasis, Procedure
from kb.procedures.store import KBError

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "legal_topics.jsonl"


@pytest.fixture()
def legal_kb(tmp_path: Path) -> Path:
    build_legal(FIXTURE, tmp_path, workers=1)
    return tmp_path


def _proc(*bases: LegalBasis, name: str = "Thủ tục đăng ký khai sinh") -> Procedure:
    return Procedure(
        code="9.999",
        name=name,
        field="Hộ tịch",
        field_code="",
        levels=("xa",),
        agencies=(),
        subjects=(),
        steps="",
        methods=(),
        components=(),
        requirements="",
        results=(),
        legal_bases=bases,
        decision="",
        issuer="",
        updated_at=0,
    )


def test_build_report_and_store(tmp_path: Path) -> None:
    rep = build_legal(FIXTURE, tmp_path, workers=1)
    assert (rep.topics, rep.topics_with_articles, rep.articles, rep.parsed_fully) == (3, 2, 11, 7)
    assert rep.failures == {
        "no_source_note": 1,
        "note_unrecognised": 1,
        "amendment_unparsed": 1,
        "empty_text": 1,
    }
    store = LegalStore(tmp_path).load()
    assert len(store) == 11 and store.manifest["counts"]["documents"] == 4
    assert store.get("9.1.LQ.2") is not None
    assert [a.code for a in store.articles_of("99/2030/qh99")] == ["9.1.LQ.1", "9.1.LQ.2", "9.1.LQ.8"]
    assert [a.code for a in store.amended_by("12/2033/ND-CP")] == ["9.1.NĐ.1.1"]


def test_search_returns_citations(legal_kb: Path) -> None:
    store = LegalStore(legal_kb).load()
    hits = store.search("thẩm quyền: ủy ban cấp xã nơi cư trú", k=3)
    assert hits[0].citation == "Điều 13 Luật 99/2030/QH99"
    assert hits[0].document_number == "99/2030/QH99" and hits[0].effective_date == "2031-01-01"
    assert store.search("thoi han chung thuc", k=1)[0].code == "9.2.NĐ.1.2"  # no diacritics
    assert [h.code for h in store.search("khai sinh", k=5, number="55/2031/NĐ-CP")] == []
    assert store.search("zzzz qqqq", k=3) == []
    tokenize = LegalTerms.load().tokenize
    assert "dang_ky" in tokenize("Đăng ký") and "va" not in tokenize("và")


def test_rebuild_skips_then_updates_incrementally(legal_kb: Path, tmp_path: Path) -> None:
    assert build_legal(FIXTURE, legal_kb, workers=1).skipped
    changed = tmp_path / "changed.jsonl"
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    d = json.loads(lines[1])
    d["markdown"] = d["markdown"].replace("ngay trong ngày", "trong 02 ngày làm việc")
    changed.write_text(json.dumps(d, ensure_ascii=False) + "\n", encoding="utf-8")  # first topic dropped
    rep = build_legal(changed, legal_kb, workers=1)
    assert (rep.added, rep.changed, rep.removed) == (0, 1, 9)
    store = LegalStore(legal_kb).load()
    assert "02 ngày làm việc" in (store.get("9.2.NĐ.1.2") or pytest.fail()).text
    assert store.get("9.1.LQ.2") is None and len(store) == 2
    assert store.search("02 ngày làm việc", k=1)[0].code == "9.2.NĐ.1.2"


def test_failed_build_keeps_the_old_collection(legal_kb: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text(json.dumps({"source_path": "x.md", "markdown": "# nothing"}) + "\n", encoding="utf-8")
    with pytest.raises(BuildError):
        build_legal(empty, legal_kb, workers=1)
    assert len(LegalStore(legal_kb).load()) == 11


def test_manifest_mismatch_is_refused(legal_kb: Path) -> None:
    man = legal_kb / LEGAL_DIR / MANIFEST_NAME
    m = json.loads(man.read_text(encoding="utf-8"))
    m["build_id"] = "other"
    man.write_text(json.dumps(m), encoding="utf-8")
    with pytest.raises(KBError):
        LegalStore(legal_kb).load()
    shutil.rmtree(legal_kb / LEGAL_DIR)
    with pytest.raises(KBError):
        LegalStore(legal_kb).load()
    assert not (legal_kb / LEGAL_DIR / DB_NAME).exists()


def test_links_resolve_variants_and_amendments(legal_kb: Path) -> None:
    store = LegalStore(legal_kb).load()
    assert resolve_basis(store, LegalBasis("99/2030/qh99", "")).status == "document"
    assert (
        resolve_basis(store, LegalBasis("Thông tư", "Thông tư 01/2032/TT-BTP hướng dẫn")).status == "document"
    )
    assert resolve_basis(store, LegalBasis("12/2033/NĐ-CP", "")).status == "amending"
    assert resolve_basis(store, LegalBasis("5/2099/NĐ-CP", "")).status == "not_in_corpus"
    assert resolve_basis(store, LegalBasis("", "Quyết định của UBND")).status == "no_number"


def test_cite_for_procedure_only_cites_the_corpus(legal_kb: Path) -> None:
    store = LegalStore(legal_kb).load()
    ans = cite_for_procedure(store, _proc(LegalBasis("99/2030/QH99", "Luật Hộ tịch mẫu")), "thẩm quyền")
    assert ans["status"] == "answered"
    assert ans["citations"][0]["citation"] == "Điều 13 Luật 99/2030/QH99"
    none = cite_for_procedure(store, _proc(LegalBasis("5/2099/NĐ-CP", "Nghị định khác")))
    assert none["status"] == "no_content" and none["citations"] == [] and "Điều" not in none["text"]


def test_hybrid_with_the_engine_embedder(tmp_path: Path) -> None:
    from kb.search.dense import HashingEmbedder

    rep = build_legal(FIXTURE, tmp_path, workers=1, embedder=HashingEmbedder(64))
    assert rep.articles == 11
    store = LegalStore(tmp_path).load(embedder=HashingEmbedder(64))
    assert store.mode == "hybrid" and store.manifest["dense"]["rows"] == 11
    assert store.search("thời hạn chứng thực bản sao", k=1)[0].code == "9.2.NĐ.1.2"
    assert LegalStore(tmp_path).load().mode == "bm25"
    with pytest.raises(KBError):
        LegalStore(tmp_path).load(embedder=HashingEmbedder(32))


def test_cite_for_question(legal_kb: Path) -> None:
    store = LegalStore(legal_kb).load()
    ans = cite_for_question(store, "thoi han chung thuc ban sao", k=1)
    assert ans["status"] == "answered" and ans["citations"][0]["citation"] == "Điều 7 Nghị định 55/2031/NĐ-CP"
    assert cite_for_question(store, "zzzz qqqq")["status"] == "no_content"
