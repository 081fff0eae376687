"""Integration: the real portal export in ../shared loads completely and parses known procedures."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.procedures.store import Store

pytestmark = pytest.mark.integration


def test_all_records_load(real_kb: Path) -> None:
    store = Store(real_kb).load()
    st = store.stats()
    assert st["procedures"] == 5665
    assert st["components"] == 28064
    assert st["components_by_kind"]["note"] > 500
    assert store.manifest["counts"]["rejected"] == 0


def test_khai_sinh(real_kb: Path) -> None:
    p = Store(real_kb).load().get("1.001193")
    assert p is not None and p.name == "Thủ tục đăng ký khai sinh"
    assert p.levels == ("xa",) and p.field == "Hộ tịch"
    texts = [c.text for c in p.documents]
    assert any(t.startswith("Tờ khai đăng ký khai sinh") for t in texts)
    cs = next(c for c in p.documents if c.text.startswith("Giấy chứng sinh"))
    assert (cs.original_qty, cs.copy_qty) == (1, 0)
    assert any(c.kind == "note" and c.text.startswith("Trường hợp không khai thác") for c in p.components)
    assert {"123/2015/NĐ-CP", "104/2022/NĐ-CP"} <= {b.number for b in p.legal_bases}


def test_ket_hon(real_kb: Path) -> None:
    p = Store(real_kb).load().get("1.000894")
    assert p is not None and "kết hôn" in p.name.lower()
    assert any("Tờ khai đăng ký kết hôn" in c.text for c in p.documents)
    assert p.legal_bases and all(b.number or b.title for b in p.legal_bases)
    assert {m.submission for m in p.methods} <= {"DIRECT", "ONLINE", "POSTAL"}


def test_code_conflict_is_kept_not_lost(real_kb: Path) -> None:
    store = Store(real_kb).load()
    a, b = store.get("1.014325"), store.get("1.014325#2")
    assert a is not None and b is not None and a.name != b.name
