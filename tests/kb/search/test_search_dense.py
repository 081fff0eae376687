"""Hybrid search with the embedded dense model trained at build time, and dense-model errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.config import Settings
from kb.search.collection import IndexError_
from kb.search.dense import DenseModelError
from kb.search.engine import SearchEngine
from kb.search.indexes import DENSE_DIR, INDEX_DIR, PROCEDURES, build_indexes

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(scope="module")
def hybrid_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ingestion.build import build

    out = tmp_path_factory.mktemp("hybridkb")
    build([FIXTURES / "portal_small.jsonl", FIXTURES / "portal_search.jsonl"], out)
    rep = build_indexes(out, Settings(kb_dir=out))
    assert rep["dense_training"]["steps"] >= 0 and not rep["skipped"]
    return out


def test_hybrid_and_dense_modes_find_procedure(hybrid_kb: Path) -> None:
    eng = SearchEngine.load(hybrid_kb, Settings(kb_dir=hybrid_kb, search_mode="hybrid"))
    assert eng.mode == "hybrid" and eng.embedder is not None
    assert eng.search("hưởng trợ cấp thất nghiệp cần giấy tờ gì", k=1)[0].code == "9.100004"
    qs = ["trợ cấp thất nghiệp", "dang ky ket hon", "thời tiết hôm nay"]
    assert eng.search_many(qs, 3) == [eng.search(q, 3) for q in qs]
    dense = eng.with_params(mode="dense")
    assert dense.search("trợ cấp thất nghiệp", k=1)[0].code == "9.100004"
    man = json.loads((hybrid_kb / INDEX_DIR / PROCEDURES / "manifest.json").read_text())
    assert man["embedder"]["id"].startswith("static-local:") and man["faiss_factory"] == "Flat"
    assert (hybrid_kb / INDEX_DIR / DENSE_DIR / "modules.json").exists()


def test_configured_dense_model_missing_is_a_clear_error(hybrid_kb: Path, tmp_path: Path) -> None:
    s = Settings(kb_dir=hybrid_kb, dense_model=str(tmp_path / "no-such-model"), search_mode="hybrid")
    with pytest.raises(DenseModelError, match="TTHC_DENSE_MODEL"):
        SearchEngine.load(hybrid_kb, s)


def test_index_built_with_other_model_is_rejected(hybrid_kb: Path) -> None:
    # the embedded model folder is a plain sentence-transformers model: configure it by path
    s = Settings(kb_dir=hybrid_kb, dense_model=str(hybrid_kb / INDEX_DIR / DENSE_DIR), search_mode="hybrid")
    with pytest.raises(IndexError_, match="mô hình dense"):
        SearchEngine.load(hybrid_kb, s)


def _embedders(hybrid_kb: Path) -> list[object]:
    from kb.search.dense import HashingEmbedder
    from kb.search.indexes import load_embedder
    from kb.text.analysis import FoldSplitAnalyzer

    return [HashingEmbedder(64), load_embedder(hybrid_kb, Settings(kb_dir=hybrid_kb), FoldSplitAnalyzer())]


def test_embedder_contract(hybrid_kb: Path) -> None:
    import numpy as np

    texts = ["đăng ký kết hôn", "Đăng ký kết hôn", "hưởng trợ cấp thất nghiệp"]
    for emb in _embedders(hybrid_kb):
        vecs = emb.encode(texts)  # type: ignore[attr-defined]
        assert vecs.shape == (3, emb.dim) and vecs.dtype == np.float32  # type: ignore[attr-defined]
        np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, rtol=1e-4)
        assert float(vecs[0] @ vecs[1]) == pytest.approx(1.0, abs=1e-5)  # case does not matter
        assert float(vecs[0] @ vecs[2]) < 0.99
        assert isinstance(emb.id, str) and emb.id  # type: ignore[attr-defined]


def test_import_search_is_light() -> None:
    import subprocess
    import sys

    code = ("import sys, kb.search.engine, cli.search, kb.search.indexes, kb.search.collection;"
            "heavy = {'faiss', 'torch', 'sentence_transformers', 'bm25s', 'underthesea'};"
            "print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_static_model_fast_path_gives_sentence_transformers_vectors(hybrid_kb: Path, tmp_path: Path) -> None:
    import shutil

    import numpy as np

    from kb.search.dense import SentenceTransformerEmbedder, StaticBag
    from kb.search.dense_train import model_input
    from kb.search.engine import SearchEngine

    model_dir = hybrid_kb / INDEX_DIR / DENSE_DIR
    fast = SentenceTransformerEmbedder(model_dir).load()
    generic = SentenceTransformerEmbedder(model_dir, fast=False).load()
    assert isinstance(fast._model, StaticBag) and not isinstance(generic._model, StaticBag)
    eng = SearchEngine.load(hybrid_kb, Settings(kb_dir=hybrid_kb, search_mode="hybrid"))
    texts = [model_input(eng.analyzer, t) for t in ["hưởng trợ cấp thất nghiệp", "Đăng ký kết hôn"]]
    texts += [c.text for c in eng.col.chunks[:50]]  # raw text: the tokenizer path
    texts += ["", "   ", "từ_lạ zzz", "dang  ky\tket hon", "a\u00a0b", "x\x1cy z"]
    np.testing.assert_allclose(fast.encode(texts), generic.encode(texts), rtol=0, atol=1e-6)
    assert fast.dim == generic.dim
    # A folder with more than the static module keeps the generic sentence-transformers path.
    other = tmp_path / "two-modules"
    shutil.copytree(model_dir, other)
    mods = json.loads((other / "modules.json").read_text())
    (other / "modules.json").write_text(json.dumps(mods + [{"idx": 1, "name": "1", "path": "1_Normalize",
                                                            "type": "sentence_transformers.models.Normalize"}]))
    assert StaticBag.from_folder(other) is None


def test_query_vector_from_prepared_terms_is_the_embedders(hybrid_kb: Path) -> None:
    import numpy as np

    from kb.search.engine import SearchEngine

    eng = SearchEngine.load(hybrid_kb, Settings(kb_dir=hybrid_kb, search_mode="hybrid"))
    assert eng._terms_embedder is not None  # the embedded model: terms are reused
    qs = ["hưởng trợ cấp thất nghiệp cần giấy tờ gì", "dang ky ket hon", "alo cho em hỏi khai sinh ạ"]
    prepared = [eng._prepare(q) for q in qs]
    got = eng._vectors(prepared)
    want = eng.embedder.encode([q for q, _, _ in prepared])  # type: ignore[union-attr]
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-7)
    generic = eng.with_params()
    generic._terms_embedder = None
    assert [eng.search(q, 5) for q in qs] == [generic.search(q, 5) for q in qs]
