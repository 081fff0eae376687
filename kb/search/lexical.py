"""The one BM25 module: bm25s for the procedures, a memory-lean sparse build for the legal corpus.

``Bm25sIndex`` (procedures) scores a query against every chunk and also returns the score its
terms tend to as tf grows (sum of idf over its known terms), so BM25 can be query-normalised to
[0, 1] for fusion and the relevance floor. ``SparseBm25`` (legal) is built from (term id,
frequency) counts straight into a term-major matrix of ``.npy`` files, so the 100 M-character
corpus never needs its token strings in memory at once. ``FakeLexicalIndex`` is the
dependency-free fake for contract tests.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

K1, B = 1.2, 0.75
FArray = npt.NDArray[np.float32]


class LexicalIndex(Protocol):
    """Build once from token lists, save/load as plain files, score a query against all chunks."""

    def index(self, corpus: list[list[str]]) -> None: ...
    def scores(self, terms: list[str]) -> tuple[FArray, float]: ...  # (per-chunk, max reachable)
    def save(self, path: Path) -> None: ...


def _idf(n_docs: int, df: int) -> float:
    return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))  # Lucene's idf, as bm25s "lucene"


class Bm25sIndex:
    """BM25 (Lucene variant, no (k1+1) factor) on bm25s' sparse matrix, over our own tokens.

    Scoring reads bm25s' precomputed per-(term, chunk) scores (CSC: ``data``, ``indices``,
    ``indptr``) directly and adds them term by term in float32, as bm25s does, with one vocabulary
    lookup per term instead of bm25s' per-call conversions. Terms found in at least ``DENSE_SHARE``
    of the chunks (193 terms of 130k on the procedures, 36 MB) also get a dense column at load
    time (the same float32 values, zeros elsewhere): adding one is several times cheaper than
    scattering their long postings.
    """

    DENSE_SHARE = 0.125

    name = "bm25s-lucene"

    def __init__(self) -> None:
        self._bm: Any = None
        self._idf: dict[str, float] = {}
        self._matrix: tuple[Any, Any, Any, int] | None = None  # data, indices, indptr, n_chunks

    def _prepare(self) -> None:
        """Cache the sparse score matrix and term ids (query-independent, at build/load time)."""
        sc = self._bm.scores
        if getattr(self._bm, "nonoccurrence_array", None) is not None:  # not for "lucene"
            raise ValueError("bm25s variants with non-occurrence scores are not supported")
        data, indices, indptr = (np.asarray(sc["data"], dtype=np.float32), np.asarray(sc["indices"]),
                                 np.asarray(sc["indptr"]))
        n = int(sc["num_docs"])
        self._matrix = (data, indices, indptr, n)
        self._tid: dict[str, int] = dict(self._bm.vocab_dict)
        frequent = np.flatnonzero(np.diff(indptr) >= max(1.0, self.DENSE_SHARE * n))
        self._dense: dict[int, FArray] = {}
        for i in frequent.tolist():
            col = np.zeros(n, dtype=np.float32)
            col[indices[indptr[i] : indptr[i + 1]]] = data[indptr[i] : indptr[i + 1]]
            self._dense[i] = col

    def index(self, corpus: list[list[str]]) -> None:
        import logging

        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on import
        self._bm = bm25s.BM25(k1=K1, b=B, method="lucene")
        vocab: dict[str, int] = {}
        ids = [[vocab.setdefault(t, len(vocab)) for t in doc] for doc in corpus]
        self._bm.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocab), show_progress=False)
        df: Counter[str] = Counter()
        for doc in corpus:
            df.update(set(doc))
        self._idf = {t: _idf(len(corpus), n) for t, n in df.items()}
        self._prepare()

    def scores(self, terms: list[str]) -> tuple[FArray, float]:
        """Per-chunk BM25 (a repeated term counts again, as in bm25s) and Σ idf of known terms."""
        assert self._matrix is not None
        data, indices, indptr, n = self._matrix
        out = np.zeros(n, dtype=np.float32)
        reach = 0.0
        idf, tid, dense = self._idf, self._tid, self._dense
        for t in terms:
            w = idf.get(t)
            if w is None:
                continue
            reach += w
            i = tid[t]
            col = dense.get(i)
            if col is not None:
                np.add(out, col, out=out)  # x + 0.0 == x: the same sums as the scatter below
            else:
                a, b = indptr[i], indptr[i + 1]
                np.add.at(out, indices[a:b], data[a:b])
        return out, float(reach)

    @property
    def idf(self) -> dict[str, float]:
        return self._idf

    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self._bm.save(str(path / "bm25s"))
        (path / "idf.json").write_text(json.dumps(self._idf, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Bm25sIndex:
        import bm25s

        self = cls()
        self._bm = bm25s.BM25.load(str(path / "bm25s"), mmap=False)
        self._idf = json.loads((path / "idf.json").read_text(encoding="utf-8"))
        self._prepare()
        return self


class FakeLexicalIndex:
    """Pure-Python BM25 with the same formula; slow, dependency-free, for contract tests."""

    name = "fake-bm25"

    def __init__(self) -> None:
        self._docs: list[Counter[str]] = []
        self._idf: dict[str, float] = {}
        self._avg = 1.0

    def index(self, corpus: list[list[str]]) -> None:
        self._docs = [Counter(d) for d in corpus]
        self._avg = sum(len(d) for d in corpus) / max(1, len(corpus))
        df: Counter[str] = Counter()
        for doc in corpus:
            df.update(set(doc))
        self._idf = {t: _idf(len(corpus), n) for t, n in df.items()}

    def scores(self, terms: list[str]) -> tuple[FArray, float]:
        known = [t for t in terms if t in self._idf]
        out = np.zeros(len(self._docs), dtype=np.float32)
        for i, d in enumerate(self._docs):
            dl = sum(d.values())
            for t in known:
                tf = d.get(t, 0)
                if tf:
                    out[i] += self._idf[t] * tf / (tf + K1 * (1 - B + B * dl / self._avg))
        return out, float(sum(self._idf[t] for t in known))

    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        (path / "fake.json").write_text(json.dumps([dict(d) for d in self._docs]), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> FakeLexicalIndex:
        self = cls()
        self.index([list(Counter(d).elements())
                    for d in json.loads((path / "fake.json").read_text(encoding="utf-8"))])
        return self


class SparseBm25:
    """BM25 (Robertson: with the (k1+1) factor, k1=1.2, b=0.75) as a term-major sparse matrix of
    precomputed weights in ``.npy`` files (memory-mapped on load); a query sums its terms' rows.

    The legal collection's lexical index: built from per-chunk (term ids, frequencies), not token
    strings, so the 100 M-character corpus fits the build machine.
    """

    name = "bm25-robertson-npy"
    FILES = ("indptr.npy", "indices.npy", "data.npy", "vocab.json", "lexical.json")

    def __init__(self) -> None:
        self.size = 0
        self._vocab: dict[str, int] = {}
        self._indptr: Any = None
        self._indices: Any = None
        self._data: Any = None

    @staticmethod
    def build(counts: Sequence[tuple[Sequence[int], Sequence[int]]], vocab: dict[str, int],
              directory: Path) -> dict[str, int]:
        """Index chunks given as (term ids, term frequencies), row order = chunk rows; terms are the
        keys of ``vocab``. Returns sizes (chunks, vocab, postings)."""
        n = len(counts)
        lens = np.array([sum(tf) for _, tf in counts], dtype=np.float32)
        avg = float(lens.mean()) if n else 1.0
        nnz = sum(len(ids) for ids, _ in counts)
        terms = np.empty(nnz, dtype=np.int32)
        docs = np.empty(nnz, dtype=np.int32)
        tfs = np.empty(nnz, dtype=np.float32)
        pos = 0
        for d, (ids, tf) in enumerate(counts):
            m = len(ids)
            terms[pos : pos + m] = ids
            docs[pos : pos + m] = d
            tfs[pos : pos + m] = tf
            pos += m
        order = np.argsort(terms, kind="stable")
        terms, docs, tfs = terms[order], docs[order], tfs[order]
        del order
        df = np.bincount(terms, minlength=len(vocab)).astype(np.float32)
        idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
        norm = K1 * (1 - B + B * lens[docs] / avg)
        data = (idf[terms] * tfs * (K1 + 1) / (tfs + norm)).astype(np.float32)
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(df.astype(np.int64), out=indptr[1:])
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / "indptr.npy", indptr)
        np.save(directory / "indices.npy", docs)
        np.save(directory / "data.npy", data)
        (directory / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        sizes = {"chunks": n, "vocab": len(vocab), "postings": int(nnz)}
        meta = {"lexical": SparseBm25.name, "k1": K1, "b": B, **sizes}
        (directory / "lexical.json").write_text(json.dumps(meta), encoding="utf-8")
        return sizes

    @classmethod
    def load(cls, directory: Path, expect_chunks: int | None = None) -> SparseBm25:
        """Load; ``ValueError`` when the files are another variant or hold another chunk count."""
        meta = json.loads((directory / "lexical.json").read_text(encoding="utf-8"))
        if meta.get("lexical") != cls.name or (meta.get("k1"), meta.get("b")) != (K1, B):
            raise ValueError(f"lexical index is {meta.get('lexical')} k1={meta.get('k1')} b={meta.get('b')}")
        if expect_chunks is not None and meta.get("chunks") != expect_chunks:
            raise ValueError(f"lexical index has {meta.get('chunks')} chunks, expected {expect_chunks}")
        self = cls()
        self._vocab = json.loads((directory / "vocab.json").read_text(encoding="utf-8"))
        self._indptr = np.load(directory / "indptr.npy")
        self._indices = np.load(directory / "indices.npy", mmap_mode="r")
        self._data = np.load(directory / "data.npy", mmap_mode="r")
        self.size = int(meta["chunks"])
        return self

    def search(self, terms: list[str], k: int, rows: Sequence[int] | None = None) -> list[tuple[int, float]]:
        """Top ``k`` (chunk row, BM25) with a positive score (only among ``rows`` when given); a
        repeated query term counts once."""
        ids = {self._vocab[t] for t in terms if t in self._vocab}
        if not ids or not self.size:
            return []
        if rows is not None:
            keep = np.asarray(rows, dtype=np.int64)
            if not len(keep):
                return []
            sub = self._subset_scores(ids, keep)
            k = min(k, len(keep))
            order = np.argsort(-sub, kind="stable")[:k]
            return [(int(keep[i]), float(sub[i])) for i in order if sub[i] > 0]
        scores = np.zeros(self.size, dtype=np.float32)
        for t in ids:
            s, e = int(self._indptr[t]), int(self._indptr[t + 1])
            scores[self._indices[s:e]] += self._data[s:e]
        k = min(k, self.size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(d), float(scores[d])) for d in top if scores[d] > 0]

    def _subset_scores(self, ids: set[int], rows: Any) -> Any:
        """BM25 of the given chunk rows only (same sums as the full pass, in the same term order):
        a term's postings are sorted by row, so each row is found by binary search instead of
        scoring every chunk to keep a few hundred (a search within one document)."""
        order = np.argsort(rows, kind="stable")
        srt = rows[order]
        sub = np.zeros(len(rows), dtype=np.float32)
        for t in ids:
            s, e = int(self._indptr[t]), int(self._indptr[t + 1])
            if s == e:
                continue
            post = self._indices[s:e]
            pos = np.minimum(np.searchsorted(post, srt), e - s - 1)
            found = np.asarray(post[pos]) == srt
            vals = np.zeros(len(srt), dtype=np.float32)
            vals[found] = self._data[s:e][pos[found]]
            sub[order] += vals
        return sub
