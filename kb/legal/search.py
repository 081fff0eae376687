"""Legal collection index on the project's search engine: its terms, BM25, dense model and fusion.

Terms come from the engine's analyzer (``kb.text.analysis.index_terms``: folded syllables + bigrams, the
same as the procedure collection). BM25 is kept here as a term-major sparse matrix in ``.npy`` files
(the engine's bm25s wrapper would hold every token string of the 100 M-character corpus in memory at
once); dense vectors (one per article, the engine's embedder) go into the engine's FAISS
``VectorIndex`` and are fused with the engine's weighted fusion.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from kb.text.analysis import TextAnalyzer, index_terms, load_analyzer

_ANALYZER: tuple[TextAnalyzer, str] | None = None


def analyzer() -> tuple[TextAnalyzer, str]:
    """The engine's analyzer and its version (loaded once per process)."""
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = load_analyzer(None)
    return _ANALYZER


def tokenizer_name() -> str:
    """Versioned name of the term function, stored in the index manifest and checked on load."""
    return f"engine-index-terms:{analyzer()[1]}"


def tokenize(text: str) -> list[str]:
    """Index-time terms of a passage (the engine's ``index_terms``)."""
    return index_terms(analyzer()[0], text)


def query_terms(query: str) -> list[str]:
    """Query-time terms: the engine's query normalisation, then the same term function."""
    an = analyzer()[0]
    return index_terms(an, an.normalize_query(query))


@dataclass(frozen=True, slots=True)
class ChunkHit:
    """One matching chunk: its row in the chunk table and its score."""

    row: int
    score: float


class LegalIndex(Protocol):
    """What legal search needs from an index (BM25 today, the hybrid engine later)."""

    def search(self, query: str, k: int, rows: Sequence[int] | None = None) -> list[ChunkHit]:
        """Top ``k`` chunk rows for ``query`` (only among ``rows`` when given)."""
        ...


class BM25Index:
    """BM25 (k1=1.2, b=0.75) as a term-major sparse matrix of precomputed weights in ``.npy`` files.

    Written for our token counts directly (bm25s would need every token string of a 100 M-character
    corpus in memory at once); a query sums the rows of its terms into one score per chunk.
    """

    K1, B = 1.2, 0.75

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.size = 0
        self._vocab: dict[str, int] = {}
        self._indptr: Any = None
        self._indices: Any = None
        self._data: Any = None

    @staticmethod
    def build(
        counts: Sequence[tuple[Sequence[int], Sequence[int]]], vocab: dict[str, int], directory: Path
    ) -> dict[str, int]:
        """Index chunks given as (term ids, term frequencies), row order = chunk rows.

        Returns sizes (chunks, vocab, postings). Terms are the keys of ``vocab``.
        """
        import numpy as np

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
        norm = BM25Index.K1 * (1 - BM25Index.B + BM25Index.B * lens[docs] / avg)
        data = (idf[terms] * tfs * (BM25Index.K1 + 1) / (tfs + norm)).astype(np.float32)
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(df.astype(np.int64), out=indptr[1:])
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / "indptr.npy", indptr)
        np.save(directory / "indices.npy", docs)
        np.save(directory / "data.npy", data)
        (directory / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        sizes = {"chunks": n, "vocab": len(vocab), "postings": int(nnz)}
        (directory / "index.json").write_text(
            json.dumps({"tokenizer": tokenizer_name(), "engine": "bm25-numpy", **sizes}), encoding="utf-8"
        )
        return sizes

    def load(self, expect_chunks: int | None = None) -> BM25Index:
        """Load and check the tokenizer name and chunk count; raise ``ValueError`` on mismatch."""
        import numpy as np

        meta = json.loads((self.directory / "index.json").read_text(encoding="utf-8"))
        if meta.get("tokenizer") != tokenizer_name():
            raise ValueError(f"index tokenizer {meta.get('tokenizer')} != {tokenizer_name()}; rebuild")
        if expect_chunks is not None and meta.get("chunks") != expect_chunks:
            raise ValueError(f"index has {meta.get('chunks')} chunks, store has {expect_chunks}; rebuild")
        self._vocab = json.loads((self.directory / "vocab.json").read_text(encoding="utf-8"))
        self._indptr = np.load(self.directory / "indptr.npy")
        self._indices = np.load(self.directory / "indices.npy", mmap_mode="r")
        self._data = np.load(self.directory / "data.npy", mmap_mode="r")
        self.size = int(meta["chunks"])
        return self

    def search(self, query: str, k: int, rows: Sequence[int] | None = None) -> list[ChunkHit]:
        import numpy as np

        ids = {self._vocab[t] for t in query_terms(query) if t in self._vocab}
        if not ids or not self.size:
            return []
        if rows is not None:
            keep = np.asarray(rows, dtype=np.int64)
            if not len(keep):
                return []
            sub = self._subset_scores(ids, keep)
            k = min(k, len(keep))
            order = np.argsort(-sub, kind="stable")[:k]
            return [ChunkHit(int(keep[i]), float(sub[i])) for i in order if sub[i] > 0]
        scores = np.zeros(self.size, dtype=np.float32)
        for t in ids:
            s, e = int(self._indptr[t]), int(self._indptr[t + 1])
            scores[self._indices[s:e]] += self._data[s:e]
        k = min(k, self.size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [ChunkHit(int(d), float(scores[d])) for d in top if scores[d] > 0]


    def _subset_scores(self, ids: set[int], rows: Any) -> Any:
        """BM25 of the given chunk rows only (same sums as the full pass, in the same term order).

        A term's postings are sorted by chunk row, so each row is found by binary search instead
        of scoring all 110,000 chunks to keep a few hundred (a search within one document)."""
        import numpy as np

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


DENSE_FILE = "dense.faiss"
DENSE_META = "dense.json"


def dense_text(title: str, document_title: str, text: str) -> str:
    """What the embedder reads for an article: title, document title, start of the text."""
    return f"{title}. {document_title}. {text[:300]}"


class DenseArticles:
    """One vector per article (the engine's embedder) in the engine's FAISS index."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.codes: list[str] = []
        self._index: Any = None
        self._embedder: Any = None

    @staticmethod
    def build(
        codes: list[str],
        texts: list[str],
        embedder: Any,
        directory: Path,
        on_batch: Any = None,
        batch: int = 1024,
    ) -> dict[str, Any]:
        """Encode ``texts`` (aligned with ``codes``) and save the index; returns its metadata."""
        import numpy as np

        from kb.search.dense import VectorIndex

        parts = []
        for i in range(0, len(texts), batch):
            parts.append(embedder.encode(texts[i : i + batch]))
            if on_batch:
                on_batch(min(batch, len(texts) - i))
        vecs = np.vstack(parts).astype(np.float32)
        directory.mkdir(parents=True, exist_ok=True)
        VectorIndex.build(vecs).save(directory / DENSE_FILE)
        meta = {"embedder": embedder.id, "dim": int(vecs.shape[1]), "rows": len(codes)}
        (directory / DENSE_META).write_text(
            json.dumps({**meta, "codes": codes}, ensure_ascii=False), encoding="utf-8"
        )
        return meta

    def load(self, embedder: Any) -> DenseArticles:
        """Load; ``ValueError`` when the index was built with another embedder."""
        from kb.search.dense import VectorIndex

        meta = json.loads((self.directory / DENSE_META).read_text(encoding="utf-8"))
        if meta["embedder"] != embedder.id:
            raise ValueError(f"legal dense index built with {meta['embedder']}, model is {embedder.id}")
        self.codes = list(meta["codes"])
        self._index = VectorIndex.load(self.directory / DENSE_FILE)
        import faiss

        # One query at a time: OpenMP threads only contend (measured p95 84 ms with 2 threads on the
        # loaded 2-core box, 23 ms with 1). Process-wide FAISS setting.
        faiss.omp_set_num_threads(1)
        if len(self._index) != len(self.codes):
            raise ValueError("legal dense index and its article list differ")
        self._embedder = embedder
        return self

    def search(self, query: str, k: int) -> dict[str, float]:
        """Article code → cosine similarity (≥ 0) for the ``k`` nearest articles."""
        sims, rows = self._index.search(self._embedder.encode([query]), k)
        pairs = zip(sims[0], rows[0], strict=True)
        return {self.codes[int(r)]: max(float(s), 0.0) for s, r in pairs if r >= 0}
