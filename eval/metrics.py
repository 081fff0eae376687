"""Pure retrieval metrics: Recall@k, MRR@k, nDCG@k (a hit on any gold code counts), abstain accuracy."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence


def first_gold_rank(ranked: Sequence[str], gold: Iterable[str]) -> int | None:
    """1-based rank of the first result that is a gold code, or None."""
    g = set(gold)
    for i, code in enumerate(ranked, 1):
        if code in g:
            return i
    return None


def recall_at(ranked: Sequence[str], gold: Iterable[str], k: int) -> float:
    """1.0 when any gold code is among the first ``k`` results (gold sets are alternatives)."""
    r = first_gold_rank(ranked, gold)
    return 1.0 if r is not None and r <= k else 0.0


def mrr_at(ranked: Sequence[str], gold: Iterable[str], k: int = 10) -> float:
    """Reciprocal rank of the first gold code within ``k`` (0 when none)."""
    r = first_gold_rank(ranked, gold)
    return 1.0 / r if r is not None and r <= k else 0.0


def ndcg_at(ranked: Sequence[str], gold: Iterable[str], k: int = 10) -> float:
    """Binary nDCG@k where any gold code is relevant, normalised by the ideal ranking."""
    g = set(gold)
    if not g:
        return 0.0
    dcg = sum(1.0 / math.log2(i + 1) for i, c in enumerate(ranked[:k], 1) if c in g)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(g), k) + 1))
    return dcg / ideal


def abstained(ranked: Sequence[str]) -> float:
    """1.0 when the system returned nothing (the right outcome for out-of-scope questions)."""
    return 1.0 if len(ranked) == 0 else 0.0


def mean(values: Iterable[float]) -> float:
    """Arithmetic mean; 0.0 for no values."""
    v = list(values)
    return sum(v) / len(v) if v else 0.0


def summarize(results: Sequence[tuple[Sequence[str], Sequence[str], str]]) -> dict[str, float | int]:
    """Aggregate (ranked codes, gold codes, expect) triples into the report's metric set."""
    ans = [(r, g) for r, g, e in results if e != "abstain"]
    abst = [r for r, _, e in results if e == "abstain"]
    return {
        "n_answer": len(ans), "n_abstain": len(abst),
        "recall@1": round(mean(recall_at(r, g, 1) for r, g in ans), 4),
        "recall@5": round(mean(recall_at(r, g, 5) for r, g in ans), 4),
        "recall@10": round(mean(recall_at(r, g, 10) for r, g in ans), 4),
        "mrr@10": round(mean(mrr_at(r, g, 10) for r, g in ans), 4),
        "ndcg@10": round(mean(ndcg_at(r, g, 10) for r, g in ans), 4),
        "answered_rate": round(mean(1.0 - abstained(r) for r, _ in ans), 4),
        "abstain_acc": round(mean(abstained(r) for r in abst), 4) if abst else float("nan"),
    }
