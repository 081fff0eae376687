"""The fast paths of the search engine give the results of their straightforward definitions.

Each fast piece (top-k selection, sort-free roll-up, sparse fusion, BM25 over bm25s' matrix, filler
removal, name coverage, the HNSW index and its manifest checks) is compared with a reference.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from kb.config import Settings
from kb.search.collection import IndexError_, stale_reason
from kb.search.dense import FLAT, HNSW_EF_SEARCH, HNSW_FACTORY, HNSW_MIN_ROWS, VectorIndex, faiss_factory
from kb.search.engine import SearchEngine
from kb.search.fusion import dense_full, roll_up, top_k, weighted, weighted_sparse
from kb.search.indexes import INDEX_DIR, PROCEDURES, build_indexes
from kb.search.lexical import Bm25sIndex
from kb.search.params import SearchParams
from kb.text.analysis import index_terms
from kb.text.normalize import fold
from kb.text.speech import FILLERS, remove_fillers

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _stable_top(values: np.ndarray, k: int) -> np.ndarray:
    return np.sort(np.argsort(-values, kind="stable")[:k])


@pytest.mark.parametrize("seed", range(6))
def test_top_k_is_the_stable_sort_top_k(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(150):
        n = int(rng.integers(1, 6000))
        if seed % 2:
            v = rng.integers(0, int(rng.integers(1, 40)), n).astype(np.float32)  # many ties
        else:
            v = (rng.random(n) ** 8).astype(np.float32)  # skewed, like chunk scores
        v[: int(rng.integers(0, n))] *= rng.random() < 0.3  # sometimes a block of zeros
        k = int(rng.integers(0, n // 3 + 2)) if rng.random() < 0.7 else int(rng.integers(0, n + 5))
        got = top_k(v, k)
        assert len(got) == len(set(got.tolist())) == min(k, n)
        np.testing.assert_array_equal(np.sort(got), _stable_top(v, k))


def _roll_up_sorted(s: np.ndarray, rows: np.ndarray, n_docs: int, w: np.ndarray,
                    bonus: float) -> tuple[np.ndarray, np.ndarray]:
    """The former definition: sort chunks by (document, -score), take first and second."""
    s = s * w
    order = np.lexsort((-s, rows))
    d = rows[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = d[1:] != d[:-1]
    second = np.zeros(len(order), dtype=bool)
    second[1:] = first[:-1] & ~first[1:]
    best = np.zeros(n_docs, dtype=np.float32)
    best_row = np.full(n_docs, -1, dtype=np.int64)
    best[d[first]] = s[order[first]]
    best_row[d[first]] = order[first]
    extra = np.zeros(n_docs, dtype=np.float32)
    extra[d[second]] = s[order[second]]
    return (best + bonus * extra).astype(np.float32), best_row


def test_roll_up_matches_the_sorting_definition() -> None:
    rng = np.random.default_rng(7)
    for _ in range(300):
        n, n_docs = int(rng.integers(1, 3000)), int(rng.integers(1, 400))
        s = rng.random(n).astype(np.float32)
        s[rng.random(n) < 0.2] = 0.5  # equal scores within a document
        rows = rng.integers(0, n_docs, n).astype(np.int64)
        w = rng.choice([1.0, 0.75, 0.6], n).astype(np.float32)
        got, got_row = roll_up(s, rows, n_docs + 3, w, 0.1)
        want, want_row = _roll_up_sorted(s, rows, n_docs + 3, w, 0.1)
        np.testing.assert_array_equal(got, want)
        np.testing.assert_array_equal(got_row >= 0, want_row >= 0)
        ok = got_row >= 0
        np.testing.assert_array_equal((s * w)[got_row[ok]], (s * w)[want_row[ok]])
        assert all(rows[r] == d for d, r in enumerate(got_row) if r >= 0)


def test_weighted_sparse_is_bit_identical_to_weighted() -> None:
    rng = np.random.default_rng(3)
    p = SearchParams()
    for _ in range(50):
        n = 5000
        lex = (rng.random(n) * (rng.random(n) < 0.6)).astype(np.float32)
        rows = rng.choice(n, 150, replace=False).astype(np.int64)
        rows[:3] = -1  # FAISS pads missing neighbours with -1
        sims = (rng.random(150) * 2 - 0.5).astype(np.float32)  # some negative cosines
        want = weighted(lex, dense_full(n, sims, rows), p)
        np.testing.assert_array_equal(weighted_sparse(lex, rows, sims, p), want)


@pytest.mark.parametrize("dense_share", [0.0, 0.125, 1.01])  # every term / frequent terms / none dense
def test_bm25_scores_equal_bm25s(dense_share: float, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Bm25sIndex, "DENSE_SHARE", dense_share)
    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(60)]
    corpus = [[rng.choice(vocab[: rng.randint(3, 60)]) for _ in range(rng.randint(1, 30))]
              for _ in range(400)]
    idx = Bm25sIndex()
    idx.index(corpus)
    assert (len(idx._dense) == len(idx.idf)) if dense_share == 0 else (
        0 < len(idx._dense) < len(idx.idf) if dense_share < 1 else not idx._dense)
    for _ in range(50):
        terms = [rng.choice(vocab + ["unknown"]) for _ in range(rng.randint(0, 12))]
        terms += terms[:2]  # a repeated term counts twice, as in bm25s
        known = [t for t in terms if t in idx.idf]
        got, reach = idx.scores(terms)
        want = (np.asarray(idx._bm.get_scores(known), dtype=np.float32) if known
                else np.zeros(len(corpus), dtype=np.float32))
        np.testing.assert_array_equal(got, want)
        assert reach == pytest.approx(sum(idx.idf[t] for t in known), abs=1e-12)


def _remove_fillers_reference(words: list[str]) -> list[str]:
    """The former definition: try every filler, longest first, at every position."""
    folded = [fold(w) for w in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        for f in FILLERS:
            n = len(f)
            if tuple(words[i : i + n]) == f or (n > 1 and tuple(folded[i : i + n]) == tuple(map(fold, f))):
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    while out and out[-1] in ("a", "ạ", "à"):
        out.pop()
    return out


def test_remove_fillers_matches_reference() -> None:
    rng = random.Random(11)
    vocab = [w for f in FILLERS for w in f] + [fold(w) for f in FILLERS for w in f]
    vocab += "đăng ký khai sinh ở đâu đã a ạ à cho em hỏi tôi muốn".split()
    for _ in range(5000):
        ws = [rng.choice(vocab) for _ in range(rng.randint(0, 12))]
        assert remove_fillers(ws) == _remove_fillers_reference(ws), ws
    assert remove_fillers("alo cho em hoi dang ky khai sinh a".split()) == ["dang", "ky", "khai", "sinh"]


def test_name_coverage_matches_its_definition(search_kb: Path) -> None:
    eng = SearchEngine.load(search_kb, Settings(kb_dir=search_kb, search_mode="bm25"))
    idf = eng.col.lex.idf
    docs = np.arange(len(eng.col.doc_ids))
    for q in ["đăng ký kết hôn", "cấp lại giấy khai sinh bản sao", "thất nghiệp", "xyz"]:
        q_terms = set(eng.prepare(q)[1])
        want = []
        for name in eng._docs.names:
            terms = {t: idf.get(t, 0.0) for t in set(index_terms(eng.analyzer, name))}
            total = sum(terms.values())
            want.append(sum(w for t, w in terms.items() if t in q_terms) / total if total > 0 else 0.0)
        np.testing.assert_allclose(eng._name_coverage(docs, q_terms), want, rtol=1e-6, atol=1e-7)


def test_faiss_factory_by_size_and_hnsw_round_trip(tmp_path: Path) -> None:
    assert faiss_factory(HNSW_MIN_ROWS - 1) == FLAT and faiss_factory(HNSW_MIN_ROWS) == HNSW_FACTORY
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(40, 32))
    x = (centres[rng.integers(0, 40, 3000)] + 0.3 * rng.normal(size=(3000, 32))).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    flat, hnsw = VectorIndex.build(x), VectorIndex.build(x, HNSW_FACTORY)
    assert flat.factory == FLAT and hnsw.factory == HNSW_FACTORY
    hnsw.save(tmp_path / "h.faiss")
    again = VectorIndex.load(tmp_path / "h.faiss")
    assert again.factory == HNSW_FACTORY and again._index.hnsw.efSearch == HNSW_EF_SEARCH
    q = x[:50] + 0.05 * rng.normal(size=(50, 32)).astype(np.float32)
    _, want = flat.search(q, 20)
    _, got = again.search(q, 20)
    recall = np.mean([len(set(a) & set(b)) / 20 for a, b in zip(want, got, strict=True)])
    assert recall > 0.95


def test_stale_faiss_factory_fails_on_load_and_is_rebuilt(tmp_path: Path) -> None:
    from ingestion.build import build

    kb = tmp_path / "kb"
    build([FIXTURES / "portal_small.jsonl", FIXTURES / "portal_search.jsonl"], kb)
    s = Settings(kb_dir=kb, search_mode="hybrid")
    build_indexes(kb, s)  # embedded dense model; few chunks: a Flat index
    man_path = kb / INDEX_DIR / PROCEDURES / "manifest.json"
    man = json.loads(man_path.read_text())
    assert man["faiss_factory"] == FLAT and stale_reason(man) is None
    good = SearchEngine.load(kb, s).search("trợ cấp thất nghiệp", k=3)
    # An index built by a version that chose another FAISS type: clear error, then rebuilt.
    man_path.write_text(json.dumps({**man, "faiss_factory": HNSW_FACTORY}))
    assert stale_reason(json.loads(man_path.read_text()))
    with pytest.raises(IndexError_, match="faiss_factory.*tthc build"):
        SearchEngine.load(kb, s)
    rep = build_indexes(kb, s)
    assert not rep["skipped"]
    assert SearchEngine.load(kb, s).search("trợ cấp thất nghiệp", k=3) == good
    # The manifest and the index file disagree: clear error too.
    other = tmp_path / "other"
    shutil.copytree(kb, other)
    vecs = np.random.default_rng(0).random((json.loads(man_path.read_text())["counts"]["chunks"], 256))
    VectorIndex.build(vecs.astype(np.float32), HNSW_FACTORY).save(
        other / INDEX_DIR / PROCEDURES / "dense.faiss")
    with pytest.raises(IndexError_, match="dense.faiss"):
        SearchEngine.load(other, Settings(kb_dir=other, search_mode="hybrid"))
