"""Quality eval: precision per rule counts only labelled findings the rules still produce."""

from __future__ import annotations

from eval.suites.quality import GOLD, key, load_gold, precision_by_rule


def _g(rule: str, code: str, label: bool) -> dict[str, object]:
    return {"rule": rule, "code": code, "field": "steps", "evidence": "e", "label": label, "split": "held_out"}


def test_precision_by_rule() -> None:
    gold = [_g("stale_ministry", "1", True), _g("stale_ministry", "2", False), _g("stale_ministry", "3", True),
            _g("no_steps", "4", True)]
    produced = {key(gold[0]), key(gold[1])}  # 3 (true) is no longer produced, nor 4
    got = precision_by_rule(gold, produced)
    assert got["stale_ministry"] == {"labelled": 3, "produced": 2, "true": 1, "lost_true": 1, "precision": 0.5}
    assert got["no_steps"]["precision"] is None and got["no_steps"]["lost_true"] == 1


def test_gold_sample_is_large_enough_and_labelled() -> None:
    gold = load_gold(GOLD)
    assert len(gold) >= 60 and {g["split"] for g in gold} == {"tuning", "held_out"}
    assert all(isinstance(g["label"], bool) and g["evidence"] for g in gold)
    assert not all(g["label"] for g in gold)  # the sample has false positives too
