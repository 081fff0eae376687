"""Pure score arithmetic for hybrid search: fusion (weighted or RRF) and chunk → document roll-up."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FArray = npt.NDArray[np.float32]
IArray = npt.NDArray[np.int64]

DEFAULT_SECTION_WEIGHTS: dict[str, float] = {
    "name": 1.0, "components": 0.75, "steps": 0.7, "time_fees": 0.75, "conditions": 0.75,
    "results": 0.75, "legal": 0.6,
}


@dataclass(frozen=True, slots=True)
class FusionParams:
    """Tunables of hybrid scoring; defaults are the values chosen on the tuning question set."""

    method: str = "weighted"  # "weighted" (normalised score fusion) or "rrf"
    w_lexical: float = 0.7
    w_dense: float = 0.3
    rrf_k: int = 60
    dense_depth: int = 300  # chunks taken from FAISS per query
    second_bonus: float = 0.1  # share of a document's second-best chunk added to its best
    w_name: float = 0.3  # weight of name coverage (share of a procedure's name the query says)
    chunk_depth: int = 3000  # best chunks rolled up to documents
    rerank_depth: int = 50  # documents re-scored with name coverage
    w_phrase: float = 0.0  # weight of phrase (syllable-bigram) match in the ranking
    phrase_floor: float = 0.12  # a document must match this share of the query's bigrams
    floor_dense: float = 0.5  # floor in dense-only mode (cosine scale)
    floor: float = 0.33  # documents whose fused score is below this are not relevant
    variant_bonus: float = 0.002  # score step between same-name variants (citizen level first)


def dense_full(n: int, sims: FArray, rows: IArray) -> FArray:
    """Scatter top-k cosine similarities into a dense per-chunk array (others 0, negatives 0)."""
    out = np.zeros(n, dtype=np.float32)
    ok = rows >= 0
    out[rows[ok]] = np.maximum(sims[ok], 0.0)
    return out


def weighted(lex_norm: FArray, dense: FArray | None, p: FusionParams) -> FArray:
    """Weighted sum of query-normalised BM25 (0..1) and cosine (0..1); BM25 alone if no dense."""
    if dense is None:
        return lex_norm
    return (p.w_lexical * lex_norm + p.w_dense * dense).astype(np.float32)


def rrf(lex: FArray, dense: FArray | None, p: FusionParams, depth: int = 300) -> FArray:
    """Reciprocal-rank fusion over the top ``depth`` chunks of each list, scaled to ~[0, 1]."""
    out = np.zeros_like(lex)
    for scores, w in ((lex, p.w_lexical), (dense, p.w_dense)):
        if scores is None:
            continue
        top = np.argsort(-scores)[:depth]
        top = top[scores[top] > 0]
        out[top] += w / (p.rrf_k + 1 + np.arange(len(top)))
    return (out * (p.rrf_k + 1)).astype(np.float32)


def roll_up(chunk_scores: FArray, doc_rows: IArray, n_docs: int,
            section_w: FArray, second_bonus: float) -> tuple[FArray, IArray]:
    """Per document: best weighted chunk score + ``second_bonus`` × second best; and best chunk row."""
    s = chunk_scores * section_w
    order = np.lexsort((-s, doc_rows))  # grouped by doc, best chunk first within a doc
    d_sorted = doc_rows[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = d_sorted[1:] != d_sorted[:-1]
    second = np.zeros(len(order), dtype=bool)
    second[1:] = first[:-1] & ~first[1:]
    best = np.zeros(n_docs, dtype=np.float32)
    best_row = np.full(n_docs, -1, dtype=np.int64)
    best[d_sorted[first]] = s[order[first]]
    best_row[d_sorted[first]] = order[first]
    bonus = np.zeros(n_docs, dtype=np.float32)
    bonus[d_sorted[second]] = s[order[second]]
    return (best + second_bonus * bonus).astype(np.float32), best_row
