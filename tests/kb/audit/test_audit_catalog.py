"""The registry catalog: shape, folded phrases, and legal bases the knowledge base can show."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from kb.audit.catalog import load_catalog, parse_catalog
from kb.procedures.store import Store
from kb.text.normalize import fold

FOUND_IN = re.compile(r"^procedure:\d+\.\d{6}$")


def test_catalog_shape() -> None:
    cat = load_catalog()
    ids = [d.id for d in cat.databases]
    assert {
        "dan_cu",
        "ho_tich",
        "dat_dai",
        "bao_hiem",
        "doanh_nghiep",
        "ly_lich_tu_phap",
        "giay_phep_lai_xe",
        "dang_ky_xe",
        "van_bang",
        "nguoi_co_cong",
        "an_sinh",
        "kho_du_lieu",
    } <= set(ids)
    for d in cat.databases:
        assert d.name and d.holds and d.legal_bases, d.id
        for ev in d.evidence:
            assert all(fold(p) in ev.folded for p in ev.phrases), ev.label  # folded forms derived
    for ref in cat.legal_refs():
        assert FOUND_IN.match(ref.found_in), ref
        assert re.search(r"\d+/\d{4}/", ref.number), ref


def test_duplicate_ids_rejected() -> None:
    db = {"id": "x", "name": "X", "legal_bases": []}
    with pytest.raises(ValueError):
        parse_catalog({"databases": [db, db]})


@pytest.mark.integration
def test_every_cited_number_is_in_the_kb(real_kb: Path) -> None:
    """No citation the KB cannot show: each number is among the named procedure's legal bases."""
    store = Store(real_kb).load()
    missing = []
    for ref in load_catalog().legal_refs():
        proc = store.get(ref.found_in.split(":", 1)[1])
        numbers = [b.number for b in proc.legal_bases] if proc else []
        if not any(ref.number in n for n in numbers):
            missing.append(f"{ref.number} not in {ref.found_in}")
    assert missing == []


@pytest.mark.integration
def test_compendium_topics_cite_the_numbers(shared_data: Path) -> None:
    """Where a reference names a legal-compendium topic, that topic's text contains the number."""
    wanted = {r.also_in.split(":", 1)[1]: [] for r in load_catalog().legal_refs() if r.also_in}
    for r in load_catalog().legal_refs():
        if r.also_in:
            wanted[r.also_in.split(":", 1)[1]].append(r.number)
    assert wanted, "expected some compendium cross-references"
    seen = set()
    with gzip.open(shared_data / "legal" / "phapdien-topics-2026-07.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            topic = json.loads(line)
            numbers = wanted.get(topic.get("source_path", ""))
            if numbers:
                seen.add(topic["source_path"])
                assert all(n in topic["markdown"] for n in numbers), (topic["source_path"], numbers)
    assert seen == set(wanted)
