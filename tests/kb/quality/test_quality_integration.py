"""Quality findings on the real export: the stale bodies the issue counts, with context respected."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.procedures.store import Store
from kb.quality.stored import load_quality

pytestmark = pytest.mark.integration


def test_real_export_stale_findings(real_kb: Path) -> None:
    store = Store(real_kb).load()
    body = load_quality(real_kb, str(store.manifest["build_id"]))
    c = body["counts"]["procedures_by_rule"]
    # 2026-07 export: ~146 records mention "cấp huyện" in any sense; the rules keep the bodies a citizen deals with.
    assert 90 <= c["stale_district_level"] <= 150
    assert 40 <= c["stale_ministry"] <= 120 and c["stale_general_department"] >= 30
    assert c["code_conflict"] >= 1  # the export reuses 1.014325
    stale = [f for f in body["findings"] if f["rule"].startswith("stale_")]
    # 1.013061 cites "Thông\ntư số 41/2024/TT-BGTVT … của Bộ trưởng Bộ Giao thông vận tải" in its requirements
    assert not [f for f in stale if f["code"] == "1.013061" and f["field"] == "requirements"]
    assert any(f["field"] == "agencies" and f["severity"] == "high" for f in stale)
