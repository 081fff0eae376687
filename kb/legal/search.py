"""Legal collection index on the project's search stack: its terms, BM25, dense model and fusion.

Terms come from the engine's analyzer (``kb.text.analysis.index_terms``: folded syllables + bigrams, the
same as the procedure collection). BM25 is the search stack's memory-lean sparse build
(:class:`kb.search.lexical.SparseBm25`); dense vectors (one per article, the engine's embedder) go
into the engine's FAISS ``VectorIndex`` and are fused with weights from
:data:`kb.search.params.LEGAL_PARAMS`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from kb.search.lexical import SparseBm25
from kb.text.analysis import TextAnalyzer, index_terms, load_analyzer


class LegalTerms:
    """The engine's analyzer (no diacritic model) as the legal collection tokenises with it."""

    def __init__(self, analyzer: TextAnalyzer, version: str) -> None:
        self.analyzer = analyzer
        self.version = version  # recorded as the manifest's analyzer_version

    @classmethod
    def load(cls) -> LegalTerms:
        """The engine's analyzer and its version."""
        return cls(*load_analyzer(None))

    def tokenize(self, text: str) -> list[str]:
        """Index-time terms of a passage (the engine's ``index_terms``)."""
        return index_terms(self.analyzer, text)

    def query_terms(self, query: str) -> list[str]:
        """Query-time terms: the engine's query normalisation, then the same term function."""
        return index_terms(self.analyzer, self.analyzer.normalize_query(query))


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


class LexicalChunks:
    """:class:`LegalIndex` over the shared sparse BM25: query terms, then BM25 of every chunk."""

    def __init__(self, lex: SparseBm25, terms: LegalTerms) -> None:
        self.lex = lex
        self.terms = terms

    def search(self, query: str, k: int, rows: Sequence[int] | None = None) -> list[ChunkHit]:
        return [ChunkHit(r, sc) for r, sc in self.lex.search(self.terms.query_terms(query), k, rows)]


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
        index = VectorIndex.build(vecs)
        index.save(directory / DENSE_FILE)
        meta = {"embedder": embedder.id, "dim": int(vecs.shape[1]), "rows": len(codes),
                "faiss_factory": index.factory}
        (directory / DENSE_META).write_text(
            json.dumps({**meta, "codes": codes}, ensure_ascii=False), encoding="utf-8"
        )
        return meta

    def load(self, embedder: Any, factory: str | None = None) -> DenseArticles:
        """Load; ``ValueError`` when the index was built with another embedder or is not the
        ``factory`` the manifest records."""
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
        if factory is not None and self._index.factory != factory:
            raise ValueError(f"legal dense index is {self._index.factory!r}, manifest records {factory!r}")
        self._embedder = embedder
        return self

    def search(self, query: str, k: int) -> dict[str, float]:
        """Article code → cosine similarity (≥ 0) for the ``k`` nearest articles."""
        sims, rows = self._index.search(self._embedder.encode([query]), k)
        pairs = zip(sims[0], rows[0], strict=True)
        return {self.codes[int(r)]: max(float(s), 0.0) for s, r in pairs if r >= 0}
