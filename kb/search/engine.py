"""Hybrid procedure search: BM25 + dense chunk scores, fused, rolled up to procedures, filtered.

The orchestration only: score arithmetic is in :mod:`kb.search.fusion`, name coverage in
:mod:`kb.search.names`, same-name variants and filters in :mod:`kb.search.variants`, level words
in :mod:`kb.procedures.levels`, parameters in :mod:`kb.search.params`.

Light to import: numpy only; bm25s, faiss (and torch, for dense models other than a bare
StaticEmbedding) load inside :meth:`SearchEngine.load`.
See docs/retrieval.md for the API contract other teams build on.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from kb.config import Settings
from kb.procedures.levels import level_named
from kb.procedures.schema import Hit
from kb.search.collection import Collection, IndexError_, read_manifest
from kb.search.dense import Embedder, FArray, PreprocessedEmbedder
from kb.search.dense_train import MODEL_INPUT_TERMS
from kb.search.fusion import dense_full, roll_up, rrf, top_k, weighted, weighted_sparse
from kb.search.indexes import (
    INDEX_DIR,
    PROCEDURES,
    RESTORER_DIR,
    build_indexes,
    load_embedder,
)
from kb.search.names import NameTerms
from kb.search.params import OTHER_SECTION, PROCEDURE_PARAMS, SECTION_WEIGHTS, SearchParams
from kb.search.variants import DocTable
from kb.text.analysis import TextAnalyzer, index_terms, load_analyzer
from kb.text.normalize import has_diacritics

log = logging.getLogger(__name__)
__all__ = ["Hit", "SearchEngine", "build_indexes", "IndexError_", "SearchParams"]


class SearchEngine:
    """Procedure-level search over the indexes that :func:`build_indexes` wrote under ``kb_dir``."""

    def __init__(self, col: Collection, analyzer: TextAnalyzer, embedder: Embedder | None,
                 params: SearchParams | None = None, mode: str = "hybrid",
                 plain: TextAnalyzer | None = None, terms_embedder: Embedder | None = None) -> None:
        """``terms_embedder``: the embedded model, which reads the query's index terms joined by
        spaces; given, it encodes the terms :meth:`prepare` found instead of analysing the query
        a second time inside ``embedder`` (the same vector)."""
        self.col = col
        self.analyzer = analyzer
        self.embedder = embedder
        self.params = params or PROCEDURE_PARAMS
        self.mode = mode if embedder is not None else "bm25"
        self._plain = plain
        self._terms_embedder = terms_embedder
        self._docs = DocTable.of(col)
        self._names = NameTerms.build(analyzer, self._docs.names, col.lex.idf)
        self._section_w = np.array([SECTION_WEIGHTS.get(c.section, OTHER_SECTION) for c in col.chunks],
                                   dtype=np.float32)

    @classmethod
    def load(cls, kb_dir: Path, settings: Settings | None = None, *, mode: str | None = None,
             params: SearchParams | None = None) -> SearchEngine:
        """Load analyzer, BM25 and (in hybrid/dense mode) the dense model + FAISS; check manifests."""
        settings = settings or Settings(kb_dir=Path(kb_dir))
        base = Path(kb_dir) / INDEX_DIR
        restorer = base / RESTORER_DIR
        analyzer, version = load_analyzer(restorer if restorer.exists() else None)
        mode = mode or settings.search_mode
        built_dense = bool(read_manifest(base / PROCEDURES).get("embedder"))
        if mode != "bm25" and not built_dense and not settings.dense_model:
            log.warning("no dense index (built with TTHC_BUILD_DENSE=0): searching with BM25 only")
            mode = "bm25"
        embedder = load_embedder(Path(kb_dir), settings, analyzer) if mode != "bm25" else None
        col = Collection.load(base / PROCEDURES, analyzer_version=version,
                              embedder_id=embedder.id if embedder is not None else None)
        plain = load_analyzer(None)[0] if restorer.exists() else None  # same tokenizer, no restorer
        # The embedded model reads model_input(analyzer, q): the first terms of prepare(q).
        inner = (embedder.inner if isinstance(embedder, PreprocessedEmbedder) and not settings.dense_model
                 else None)
        return cls(col, analyzer, embedder, params, mode, plain, inner)

    def with_params(self, **changes: Any) -> SearchEngine:
        """A copy sharing the loaded indexes, with other fusion parameters or mode (for eval)."""
        mode = changes.pop("mode", self.mode)
        eng = SearchEngine.__new__(SearchEngine)
        eng.__dict__.update(self.__dict__)
        eng.params = replace(self.params, **changes)
        eng.mode = mode if self.embedder is not None else "bm25"
        return eng

    def _chunk_scores(self, query: str, terms: list[str],
                      qvec: FArray | None = None) -> tuple[FArray, tuple[FArray, float] | None]:
        """Fused score per chunk, and the bigram-only BM25 with its reach, from which the phrase
        score (normalised bigram BM25) of any chunk is ``bi / reach_b``."""
        n = len(self.col.chunks)
        p = self.params
        lex = phrase = None
        if self.mode != "dense":
            uni, reach_u = self.col.lexical([t for t in terms if "_" not in t])
            bi, reach_b = self.col.lexical([t for t in terms if "_" in t])
            reach = reach_u + reach_b
            lex = np.divide(np.add(uni, bi, out=uni), reach, out=uni) if reach > 0 else uni
            phrase = (bi, reach_b)
        if self.mode == "bm25" or self.embedder is None:
            assert lex is not None
            return weighted(lex, None, p), phrase
        qv = qvec if qvec is not None else self.embedder.encode([query])
        sims, rows = self.col.dense(qv.reshape(1, -1), p.dense_depth)
        if lex is None:
            return dense_full(n, sims[0], rows[0]), None
        if p.method == "rrf":
            return rrf(lex, dense_full(n, sims[0], rows[0]), p), phrase
        return weighted_sparse(lex, rows[0], sims[0], p), phrase

    def _name_coverage(self, docs: Any, q_terms: set[str]) -> FArray:
        """Share (idf-weighted) of each document name's terms that the query contains."""
        return self._names.coverage(docs, q_terms)

    def prepare(self, query: str) -> tuple[str, list[str]]:
        """Normalised query and its BM25 terms. A query typed without diacritics is also read as
        typed (folded, no restoration), so a wrong restoration cannot hide a colloquial term."""
        q, terms, _ = self._prepare(query)
        return q, terms

    def _prepare(self, query: str) -> tuple[str, list[str], int]:
        """:meth:`prepare` plus how many leading terms are the normalised query's own."""
        q = self.analyzer.normalize_query(query or "")
        terms = index_terms(self.analyzer, q)
        n_own = len(terms)
        if self._plain is not None and query and not has_diacritics(query):
            seen = set(terms)
            terms += [t for t in index_terms(self._plain, self._plain.normalize_query(query))
                      if t not in seen]
        return q, terms, n_own

    def _vectors(self, prepared: list[tuple[str, list[str], int]]) -> FArray | None:
        """Query vectors (None in BM25 mode)."""
        if self.mode == "bm25" or self.embedder is None or not prepared:
            return None
        if self._terms_embedder is not None:
            return self._terms_embedder.encode(
                [" ".join(t[: min(n, MODEL_INPUT_TERMS)]) for _, t, n in prepared])
        return self.embedder.encode([q for q, _, _ in prepared])

    def search_many(self, queries: list[str], k: int = 10, **filters: str | None) -> list[list[Hit]]:
        """:meth:`search` for many queries; the dense model encodes them in one batch."""
        prepared = [self._prepare(q) for q in queries]
        vecs = self._vectors(prepared)
        return [self._search(q, t, k, None if vecs is None else vecs[i], **filters)
                for i, (q, t, _) in enumerate(prepared)]

    def search(self, query: str, k: int = 10, *, level: str | None = None, field: str | None = None,
               agency: str | None = None) -> list[Hit]:
        """Best procedures for ``query`` (at most ``k``); [] when nothing is relevant enough."""
        prepared = self._prepare(query)
        vecs = self._vectors([prepared])
        return self._search(prepared[0], prepared[1], k, None if vecs is None else vecs[0],
                            level=level, field=field, agency=agency)

    def _search(self, q: str, terms: list[str], k: int, qvec: FArray | None, *,
                level: str | None = None, field: str | None = None,
                agency: str | None = None) -> list[Hit]:
        if not q.strip() or not terms and self.mode == "bm25":
            return []
        p = self.params
        scores, phrase = self._chunk_scores(q, terms, qvec)
        positive = scores > 0
        n_pos = int(np.count_nonzero(positive))
        if n_pos == 0:
            return []
        if n_pos > p.chunk_depth:  # only the best chunks can make a top document
            nz = top_k(scores, p.chunk_depth)  # all positive, as more than chunk_depth are
        else:
            nz = np.flatnonzero(positive)
        n_docs = len(self.col.doc_ids)
        doc_scores, best = roll_up(scores[nz], self.col.doc_rows[nz], n_docs,
                                   self._section_w[nz], p.second_bonus)
        ok = doc_scores > 0
        if level or field or agency:
            ok &= self._docs.filter_mask(level, field, agency)
        cand = np.flatnonzero(ok)
        depth = max(k, p.rerank_depth)
        if len(cand) > 2 * depth:  # the best ``depth`` (ascending ids), then a stable sort as before
            cand = np.sort(cand[top_k(doc_scores[cand], depth)])
        cand = cand[np.argsort(-doc_scores[cand], kind="stable")][:depth]
        if p.w_name > 0 and len(cand):
            cov = self._name_coverage(cand, set(terms))
            doc_scores[cand] += p.w_name * cov
        if phrase is not None and len(cand):
            bi, reach_b = phrase
            doc_phrase = np.zeros(n_docs, dtype=np.float32)
            np.maximum.at(doc_phrase, self.col.doc_rows[nz], bi[nz] / reach_b if reach_b > 0 else bi[nz])
            doc_scores[cand] += p.w_phrase * doc_phrase[cand]
            cand = cand[doc_phrase[cand] >= p.phrase_floor]
        self._docs.order_variants(cand, doc_scores, level or level_named(q), p.variant_bonus)
        cand = cand[doc_scores[cand] >= (p.floor if self.mode != "dense" else p.floor_dense)]
        cand = cand[np.argsort(-doc_scores[cand], kind="stable")][:k]
        hits = []
        for d in cand:
            c = self.col.chunks[int(nz[best[d]])]
            hits.append(Hit(code=self.col.doc_ids[d], name=self._docs.names[d],
                            score=round(float(doc_scores[d]), 4), section=c.section,
                            chunk_id=c.id, snippet=c.text[:240], levels=self._docs.levels[d],
                            field=self._docs.fields[d]))
        return hits
