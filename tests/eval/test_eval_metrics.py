"""Retrieval and understanding metrics and the question variants used by the evaluation."""

from __future__ import annotations

import math

import pytest

from eval.metrics import (
    Judged,
    Outcome,
    abstained,
    answered_right,
    by_style,
    declined,
    fact_stated,
    facts_stated,
    first_gold_rank,
    mrr_at,
    ndcg_at,
    offered_right,
    recall_at,
    summarize,
    summarize_understanding,
)
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


# --- understanding metrics on hand-made outcomes ---


ANSWER = "Thời hạn: 15 ngày làm việc. Lệ phí: Miễn phí. Hồ sơ: Sổ BHXH."


def test_offered_and_direct() -> None:
    answered = Outcome("answered", "1.1", (), ANSWER)
    clar = Outcome("clarification", None, ("2.2", "1.1"))
    assert answered_right(answered, ["1.1"]) and offered_right(answered, ["1.1", "9"])
    assert not answered_right(answered, ["2.2"]) and not offered_right(answered, ["2.2"])
    assert offered_right(clar, ["1.1"]) and not answered_right(clar, ["1.1"])
    assert not offered_right(clar, ["3.3"])
    # choices on a reply that did not ask to clarify do not count as offered
    assert not offered_right(Outcome("out_of_scope", None, ("1.1",)), ["1.1"])


def test_fact_matching_case_and_nfc() -> None:
    import unicodedata

    assert fact_stated(ANSWER, ["15 NGÀY LÀM VIỆC"])
    assert fact_stated(ANSWER, [unicodedata.normalize("NFD", "sổ bhxh")])
    assert not fact_stated(ANSWER, ["30 ngày", ""])
    assert fact_stated(ANSWER, ["30 ngày", "miễn phí"])


def test_facts_only_count_for_answered_replies() -> None:
    facts = (("15 ngày làm việc",), ("Sổ BHXH", "Sổ bảo hiểm xã hội"), ("Tờ khai",))
    assert facts_stated(Outcome("answered", "1.1", (), ANSWER), facts) == 2
    assert facts_stated(Outcome("clarification", None, ("1.1",), ANSWER), facts) == 0
    assert declined(Outcome("handoff")) and declined(Outcome("no_content")) and not declined(Outcome("answered"))


def test_summarize_understanding_counts() -> None:
    items = [
        Judged(("1.1",), "answer", Outcome("answered", "1.1", (), ANSWER), ("1.1", "2"), ("2", "1.1"),
               (("15 ngày làm việc",), ("Tờ khai",)), "formal"),
        Judged(("2.2",), "answer", Outcome("clarification", None, ("2.2", "3")), ("3", "4", "5", "6", "7", "2.2"),
               (), (("Lệ phí",),), "hotline"),
        Judged(("4.4",), "answer", Outcome("answered", "5.5", (), "Lệ phí 10.000 đồng"), (), (),
               (("Lệ phí",),), "hotline"),
        Judged((), "abstain", Outcome("out_of_scope")),
        Judged((), "abstain", Outcome("answered", "1.1", (), ANSWER)),
    ]
    m = summarize_understanding(items)
    assert (m["answerable"], m["out_of_scope"]) == (3, 2)
    assert m["search_r@1"] == {"k": 1, "n": 3, "rate": 0.3333}
    assert m["search_r@5"]["k"] == 1 and m["search_no_diacritics_r@5"]["k"] == 1
    assert m["right_offered"]["k"] == 2 and m["right_direct"]["k"] == 1
    assert m["clarification_rate"] == {"k": 1, "n": 3, "rate": 0.3333}
    # the wrong procedure's answer states "Lệ phí": facts measure the text, not the procedure
    assert m["facts_stated"] == {"k": 2, "n": 4, "rate": 0.5}
    assert m["oos_declined"] == {"k": 1, "n": 2, "rate": 0.5}
    s = by_style(items)
    assert s["hotline"]["right_direct"] == {"k": 0, "n": 2, "rate": 0.0}
    assert s["formal"]["facts_stated"]["k"] == 1 and set(s) == {"formal", "hotline"}
    assert summarize_understanding([])["right_offered"]["rate"] is None
