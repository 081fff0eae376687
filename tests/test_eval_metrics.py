"""Retrieval metrics and question variants used by the evaluation."""

from __future__ import annotations

import math

import pytest

from eval.metrics import abstained, first_gold_rank, mrr_at, ndcg_at, recall_at, summarize
from eval.retrieval import noisy_hotline, strip_diacritics


def test_recall_mrr_any_gold_counts() -> None:
    ranked = ["a", "b", "c", "d"]
    assert first_gold_rank(ranked, {"c", "z"}) == 3
    assert recall_at(ranked, {"c", "z"}, 1) == 0.0 and recall_at(ranked, {"c", "z"}, 3) == 1.0
    assert mrr_at(ranked, {"c", "b"}) == pytest.approx(0.5)
    assert mrr_at(ranked, {"z"}) == 0.0 and mrr_at(ranked, {"d"}, k=3) == 0.0


def test_ndcg_binary() -> None:
    assert ndcg_at(["a", "b"], {"a"}) == pytest.approx(1.0)
    assert ndcg_at(["x", "a"], {"a"}) == pytest.approx(1 / math.log2(3))
    assert ndcg_at(["a", "x", "b"], {"a", "b"}) == pytest.approx((1 + 0.5) / (1 + 1 / math.log2(3)))
    assert ndcg_at([], {"a"}) == 0.0 and ndcg_at(["a"], set()) == 0.0


def test_summarize_separates_abstain() -> None:
    m = summarize([(["a"], ["a"], "answer"), (["x", "b"], ["b"], "answer"), ([], [], "abstain"),
                   (["q"], [], "abstain")])
    assert (m["n_answer"], m["n_abstain"]) == (2, 2)
    assert m["recall@1"] == 0.5 and m["recall@5"] == 1.0 and m["mrr@10"] == 0.75
    assert m["abstain_acc"] == 0.5 and abstained([]) == 1.0


def test_variants() -> None:
    assert strip_diacritics("Đăng ký khai sinh ở đâu?") == "Dang ky khai sinh o đau?".replace("đ", "d")
    noisy = noisy_hotline("Đăng ký kết hôn, cần gì?", "Q1")
    assert noisy == noisy.lower() and "," not in noisy and "?" not in noisy
    assert "đăng ký kết hôn" not in noisy or noisy.split()[0] in {"alo", "dạ"}
    assert noisy == noisy_hotline("Đăng ký kết hôn, cần gì?", "Q1")
