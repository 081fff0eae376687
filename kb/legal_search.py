"""Lexical index over legal chunks (BM25 on folded syllables + bigrams) behind a small interface.

The project's hybrid engine (``kb.search``, branch ``retrieval``) was not available when this was
written; :class:`LegalIndex` is the seam where it replaces this BM25-only implementation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from kb.text import fold

TOKENIZER = "fold-syllable-bigram-v1"
_WORD = re.compile(r"[0-9a-z]+(?:[/.-][0-9a-z]+)*")
# Frequent function words: dropped from unigrams (bigrams keep them, "theo quy định" still counts).
STOPWORDS = frozenset(
    "va cua cac la co duoc cho trong theo thi khi nay do voi mot nhung de tai ve tu hoac "
    "bi se da dang ma nhu tren duoi sau truoc".split()
)


def tokenize(text: str) -> list[str]:
    """Folded syllables (minus stopwords) plus syllable bigrams: the same at index and query time."""
    words = _WORD.findall(fold(text))
    uni = [w for w in words if w not in STOPWORDS]
    return uni + [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]


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
            json.dumps({"tokenizer": TOKENIZER, "engine": "bm25-numpy", **sizes}), encoding="utf-8"
        )
        return sizes

    def load(self, expect_chunks: int | None = None) -> BM25Index:
        """Load and check the tokenizer name and chunk count; raise ``ValueError`` on mismatch."""
        import numpy as np

        meta = json.loads((self.directory / "index.json").read_text(encoding="utf-8"))
        if meta.get("tokenizer") != TOKENIZER:
            raise ValueError(f"index tokenizer {meta.get('tokenizer')} != {TOKENIZER}; rebuild")
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

        ids = {self._vocab[t] for t in tokenize(query) if t in self._vocab}
        if not ids or not self.size:
            return []
        scores = np.zeros(self.size, dtype=np.float32)
        for t in ids:
            s, e = int(self._indptr[t]), int(self._indptr[t + 1])
            scores[self._indices[s:e]] += self._data[s:e]
        if rows is not None:
            keep = np.asarray(rows, dtype=np.int64)
            if not len(keep):
                return []
            sub = scores[keep]
            k = min(k, len(keep))
            top = keep[np.argsort(-sub, kind="stable")[:k]]
            return [ChunkHit(int(d), float(scores[d])) for d in top if scores[d] > 0]
        k = min(k, self.size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [ChunkHit(int(d), float(scores[d])) for d in top if scores[d] > 0]
