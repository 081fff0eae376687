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


def top_k(values: FArray, k: int) -> IArray:
    """Positions of the ``k`` largest ``values``, ties at the boundary going to the lowest positions
    (the set a stable descending sort would put first; the order of the result is unspecified).

    A 1,024-bucket histogram of the values finds the boundary bucket, so only that bucket is
    partitioned: ~4× faster than ``argpartition`` over the ~30k non-zero chunk scores of a query.
    """
    n = len(values)
    if n <= k:
        return np.arange(n, dtype=np.int64)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    lo, hi = float(values.min()), float(values.max())
    if not hi > lo:
        return np.arange(k, dtype=np.int64)
    n_bins = 1024
    # monotone in the value: a higher bucket never holds a smaller value
    bucket = ((values - np.float32(lo)) * np.float32((n_bins - 1) / (hi - lo))).astype(np.int32)
    np.clip(bucket, 0, n_bins - 1, out=bucket)
    from_top = np.cumsum(np.bincount(bucket, minlength=n_bins)[::-1])
    j = int(np.searchsorted(from_top, k))  # the k-th largest value lies in bucket n_bins-1-j
    edge = n_bins - 1 - j
    sure = np.flatnonzero(bucket > edge)
    border = np.flatnonzero(bucket == edge)
    need = k - len(sure)
    if need < len(border):
        vals = values[border]
        kth = np.partition(vals, len(vals) - need)[len(vals) - need]  # the need-th largest
        above = border[vals > kth]
        border = np.concatenate([above, border[vals == kth][: need - len(above)]])
    return np.concatenate([sure, border]).astype(np.int64, copy=False)


def roll_up_sorted(chunk_scores: FArray, doc_rows: IArray, n_docs: int,
                   section_w: FArray, second_bonus: float) -> tuple[FArray, IArray]:
    """Reference implementation of :func:`roll_up` by sorting (kept for tests)."""
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


def roll_up(chunk_scores: FArray, doc_rows: IArray, n_docs: int,
            section_w: FArray, second_bonus: float) -> tuple[FArray, IArray]:
    """Per document: best weighted chunk score + ``second_bonus`` × second best; and best chunk row
    (the first row among equal best scores). Three scatter passes, no sort."""
    s = chunk_scores * section_w
    best = np.full(n_docs, -np.inf, dtype=np.float32)
    np.maximum.at(best, doc_rows, s)
    rows = np.flatnonzero(s == best[doc_rows])
    best_row = np.full(n_docs, len(s), dtype=np.int64)
    np.minimum.at(best_row, doc_rows[rows], rows)
    has = best_row < len(s)
    rest = s.copy()
    rest[best_row[has]] = -np.inf
    second = np.full(n_docs, -np.inf, dtype=np.float32)
    np.maximum.at(second, doc_rows, rest)
    best[~has] = 0.0
    second[~np.isfinite(second)] = 0.0
    best_row[~has] = -1
    return (best + second_bonus * second).astype(np.float32), best_row
