"""Lexical (BM25) indexes over pre-tokenised chunks: bm25s for real, a tiny pure-Python fake for tests.

Scores come back for every chunk, together with a query-normalised score in [0, 1]:
BM25 divided by the score the query's terms tend to as tf grows (sum of idf over its known terms),
which is comparable across queries and so usable for fusion and the relevance floor.
"""

from __future__ import annotations

import json
import math
from collections import Counter
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
