"""Frozen held-out splits: the rule, family keys, and the committed eval/splits/*.json files."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval import splits
from eval.splits import build_split, family_key, fold_name, load_split, part_of

FAMILY_SETS = [s.name for s in splits.SETS]


def test_part_of_is_the_sha256_rule() -> None:
    import hashlib

    for fam in ("khai sinh", "oos:F-011", "name:cong bo mo cang ca loai iii", "đất đai"):
        h = int(hashlib.sha256(f"tthc-split-v1:{fam}".encode()).hexdigest(), 16) % 100
        assert part_of(fam) == ("heldout" if h < 40 else "tune")
    assert part_of("khai sinh") == "heldout" and part_of("hộ chiếu") == "tune"


def test_fold_name_drops_level_words_and_diacritics() -> None:
    assert fold_name("Hưởng trợ cấp thất nghiệp (Cấp tỉnh)") == "huong tro cap that nghiep"
    assert fold_name("Cấp hộ chiếu phổ thông ở trong nước (thực hiện tại cấp tỉnh)") == (
        "cap ho chieu pho thong o trong nuoc")
    assert fold_name("Thủ tục đăng ký khai sinh") == "dang ky khai sinh"
    assert fold_name("Cấp đổi thẻ căn cước (thực hiện tại cấp trung ương)") == "cap doi the can cuoc"


def test_family_key_rules() -> None:
    by_code = {"1.1": "khai sinh"}
    names = {"9.9": "Đăng ký tạm trú (cấp xã)"}
    assert family_key({"id": "X", "expect": "abstain", "gold": [], "family": "ngoài phạm vi"},
                      by_code, names) == "oos:X"
    assert family_key({"id": "X", "expect": "answer", "gold": ["9.9"], "family": "f"}, by_code, names) == "f"
    assert family_key({"id": "X", "expect": "answer", "gold": ["9.9", "1.1"]}, by_code, names) == "khai sinh"
    assert family_key({"id": "X", "expect": "answer", "gold": ["9.9"]}, by_code, names) == "name:dang ky tam tru"
    with pytest.raises(KeyError):
        family_key({"id": "X", "expect": "answer", "gold": ["0.0"]}, by_code, names)


def test_build_split_keeps_families_on_one_side() -> None:
    fam = {f"q{i}": f"fam{i % 7}" for i in range(50)}
    doc = build_split("t", "src", fam)
    assert doc["counts"]["heldout"] + doc["counts"]["tune"] == 50
    for qid in doc["heldout"]:
        assert part_of(fam[qid]) == "heldout"
    assert {fam[q] for q in doc["heldout"]}.isdisjoint({fam[q] for q in doc["tune"]})


@pytest.mark.parametrize("name", FAMILY_SETS)
def test_committed_split_matches_rule(name: str) -> None:
    doc = load_split(name)
    assert doc["version"] == splits.VERSION and doc["rule"] == splits.RULE
    fam = doc["family_of"]
    assert set(doc["heldout"]) | set(doc["tune"]) == set(fam)
    assert not set(doc["heldout"]) & set(doc["tune"])
    for part in splits.PARTS:
        assert all(part_of(fam[q]) == part for q in doc[part]), part
    held = {fam[q] for q in doc["heldout"]}
    assert held.isdisjoint({fam[q] for q in doc["tune"]})
    assert doc["counts"]["heldout"] == len(doc["heldout"]) and doc["counts"]["tune"] == len(doc["tune"])
    assert doc["counts"]["families_heldout"] == len(held)


def test_family_on_one_side_across_sets() -> None:
    side: dict[str, str] = {}
    for name in FAMILY_SETS:
        doc = load_split(name)
        for part in splits.PARTS:
            for q in doc[part]:
                assert side.setdefault(doc["family_of"][q], part) == part


def test_own_split_is_the_committed_files() -> None:
    doc = load_split(splits.OWN_SPLIT)
    assert doc == splits.own_split()
    assert not set(doc["heldout"]) & set(doc["tune"])


@pytest.mark.integration
def test_frozen_splits_reproduce_from_data(shared_data: Path, real_kb: Path) -> None:
    from kb.procedures.store import Store

    store = Store(real_kb).load()
    names = {c: p.name for c in splits.gold_codes(shared_data) if (p := store.get(c)) is not None}
    fresh = splits.freeze(shared_data, names)
    for name, doc in fresh.items():
        assert doc == load_split(name), name
