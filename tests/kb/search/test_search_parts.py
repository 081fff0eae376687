"""Search building blocks: chunks, fusion arithmetic, lexical and dense implementations, batch CLI."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from cli.main import main
from kb.procedures.chunks import chunks_hash, procedure_chunks
from kb.procedures.store import Store
from kb.search.dense import HashingEmbedder, VectorIndex
from kb.search.fusion import dense_full, roll_up, rrf, weighted
from kb.search.lexical import Bm25sIndex, FakeLexicalIndex
from kb.search.params import SearchParams
from kb.text.analysis import FoldSplitAnalyzer, index_terms


def test_chunk_ids_sections_and_hash(small_kb: Path) -> None:
    proc = Store(small_kb).load().get("9.000001")
    assert proc is not None
    chunks = procedure_chunks(proc)
    assert chunks[0].id == "9.000001:name:0" and chunks[0].text == proc.name
    assert {c.section for c in chunks} >= {"name", "components", "steps", "time_fees", "legal"}
    assert all(c.id == f"9.000001:{c.section}:{c.id.rsplit(':', 1)[1]}" for c in chunks)
    assert "›" in chunks[1].heading and len({c.id for c in chunks}) == len(chunks)
    h = chunks_hash(chunks)
    assert h == chunks_hash(procedure_chunks(proc))
    assert h != chunks_hash([replace(chunks[0], text="khác")] + chunks[1:])


def test_index_terms_fold_and_bigrams() -> None:
    an = FoldSplitAnalyzer()
    assert index_terms(an, "Đăng ký khai sinh") == ["dang", "ky", "khai", "sinh", "dang_ky", "ky_khai",
                                                     "khai_sinh"]


@pytest.mark.parametrize("impl", [Bm25sIndex, FakeLexicalIndex])
def test_lexical_contract(impl: type, tmp_path: Path) -> None:
    corpus = [["khai", "sinh", "con"], ["ket", "hon"], ["khai", "tu"], ["ket", "hon", "lai", "hon"]]
    idx = impl()
    idx.index(corpus)
    scores, reach = idx.scores(["ket", "hon", "khongco"])
    assert scores[0] == 0 and scores[2] == 0 and scores[1] > 0 and scores[3] > 0
    assert 0 < scores.max() < reach  # normalised score stays below 1
    idx.save(tmp_path / "lex")
    again, _ = impl.load(tmp_path / "lex").scores(["ket", "hon", "khongco"])
    np.testing.assert_allclose(again, scores, rtol=1e-5)


def test_fake_and_real_bm25_agree() -> None:
    corpus = [["a", "b", "c"], ["a", "a", "d"], ["e"], ["b", "x", "y", "z"]]
    real, fake = Bm25sIndex(), FakeLexicalIndex()
    real.index(corpus)
    fake.index(corpus)
    np.testing.assert_allclose(real.scores(["a", "b"])[0], fake.scores(["a", "b"])[0], rtol=1e-4)


def test_hashing_embedder_and_faiss_nearest_is_itself() -> None:
    emb = HashingEmbedder(64)
    texts = ["đăng ký khai sinh", "đăng ký kết hôn", "cấp giấy phép xây dựng"]
    vecs = emb.encode(texts)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, rtol=1e-5)
    sims, rows = VectorIndex.build(vecs).search(emb.encode(["đăng ký kết hôn"]), 2)
    assert rows[0][0] == 1 and sims[0][0] == pytest.approx(1.0, abs=1e-5)


def test_roll_up_takes_best_chunk_plus_second_bonus() -> None:
    scores = np.array([0.5, 0.2, 0.9, 0.1, 0.4], dtype=np.float32)
    rows = np.array([0, 0, 1, 1, 0], dtype=np.int64)
    w = np.ones(5, dtype=np.float32)
    doc, best = roll_up(scores, rows, 2, w, 0.1)
    np.testing.assert_allclose(doc, [0.5 + 0.04, 0.9 + 0.01], rtol=1e-5)
    assert list(best) == [0, 2]


def test_fusion_weighted_and_rrf() -> None:
    p = SearchParams(w_lexical=0.6, w_dense=0.4)
    lex = np.array([1.0, 0.5, 0.0], dtype=np.float32)
    dense = dense_full(3, np.array([0.9, -0.2], dtype=np.float32), np.array([2, 1]))
    np.testing.assert_allclose(dense, [0.0, 0.0, 0.9])
    np.testing.assert_allclose(weighted(lex, dense, p), [0.6, 0.3, 0.36], rtol=1e-5)
    r = rrf(lex, dense, p)
    assert r[0] == pytest.approx(0.6) and r[1] > 0 and r[2] == pytest.approx(0.4)


def test_batch_cli_shape(tmp_path: Path, small_portal: Path, capsys: pytest.CaptureFixture[str],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TTHC_BUILD_DENSE", "0")
    kb = tmp_path / "kb"
    assert main(["build", "--data", str(small_portal), "--out", str(kb)]) == 0
    capsys.readouterr()
    qs = tmp_path / "q.jsonl"
    qs.write_text('{"id": "a", "question": "đăng ký khai sinh"}\n'
                  '{"id": 7, "question": "giá vàng hôm nay bao nhiêu"}\n', encoding="utf-8")
    assert main(["search", "--batch", str(qs), "-k", "2", "--json", "--kb", str(kb)]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["id"] for x in lines] == ["a", 7]
    assert lines[0]["results"][0]["code"] == "9.000001" and len(lines[0]["results"]) <= 2
    assert set(lines[0]["results"][0]) == {"code", "name", "score"}
    assert lines[1]["results"] == []
    assert main(["search", "thủ tục kết hôn", "--kb", str(kb)]) == 0
    assert "9.000002" in capsys.readouterr().out
