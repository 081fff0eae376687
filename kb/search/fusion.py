"""Pure score arithmetic for hybrid search: fusion (weighted or RRF) and chunk → document roll-up."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from kb.search.params import SearchParams

FArray = npt.NDArray[np.float32]
IArray = npt.NDArray[np.int64]

def dense_full(n: int, sims: FArray, rows: IArray) -> FArray:
    """Scatter top-k cosine similarities into a dense per-chunk array (others 0, negatives 0)."""
    out = np.zeros(n, dtype=np.float32)
    ok = rows >= 0
    out[rows[ok]] = np.maximum(sims[ok], 0.0)
    return out


def weighted(lex_norm: FArray, dense: FArray | None, p: SearchParams) -> FArray:
    """Weighted sum of query-normalised BM25 (0..1) and cosine (0..1); BM25 alone if no dense."""
    if dense is None:
        return lex_norm
    return (p.w_lexical * lex_norm + p.w_dense * dense).astype(np.float32)


def weighted_sparse(lex_norm: FArray, rows: IArray, sims: FArray, p: SearchParams) -> FArray:
    """:func:`weighted` with the dense side given as FAISS top-k (rows, cosines): the same float32
    values (w·lex + w·0 is w·lex), one full-length pass instead of five."""
    out: FArray = np.multiply(lex_norm, np.float32(p.w_lexical), dtype=np.float32)
    ok = rows >= 0
    r = rows[ok]
    out[r] = out[r] + np.float32(p.w_dense) * np.maximum(sims[ok], np.float32(0.0))
    return out


def rrf(lex: FArray, dense: FArray | None, p: SearchParams, depth: int = 300) -> FArray:
    """Reciprocal-rank fusion over the top ``depth`` chunks of each list, scaled to ~[0, 1]."""
    out = np.zeros_like(lex)
    for scores, w in ((lex, p.w_lexical), (dense, p.w_dense)):
        if scores is None:
            continue
        top = np.argsort(-scores)[:depth]
        top = top[scores[top] > 0]
        out[top] += w / (p.rrf_k + 1 + np.arange(len(top)))
    return (out * (p.rrf_k + 1)).astype(np.float32)


def _top_exact(values: FArray, k: int) -> IArray:
    kth = np.partition(values, len(values) - k)[len(values) - k]  # the k-th largest value
    above = np.flatnonzero(values > kth)
    return np.concatenate([above, np.flatnonzero(values == kth)[: k - len(above)]])


def top_k(values: FArray, k: int, stride: int = 8) -> IArray:
    """Positions of the ``k`` largest ``values``, ties at the boundary going to the lowest positions
    (the set a stable descending sort would put first); order unspecified.

    Every ``stride``-th value gives a threshold a little below where the k-th largest should be;
    when at least ``k`` values reach it (checked, else a lower one), the exact top ``k`` is found
    among those few thousand only. Several times faster than ``argpartition`` on 46k chunk scores.
    """
    n = len(values)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if n <= k:
        return np.arange(n, dtype=np.int64)
    if n >= 4 * stride * k // 3:
        sample = values[::stride]
        for margin in (1.15, 1.5):
            r = min(len(sample), int(margin * k / stride) + 1)
            t = np.partition(sample, len(sample) - r)[len(sample) - r]
            cand = np.flatnonzero(values >= t)
            if len(cand) >= k:  # every value ≥ the k-th largest is among them
                return cand[_top_exact(values[cand], k)]
    return _top_exact(values, k)


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
