"""The one index stack: procedure manifest schema and params, level words, one BM25 module."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from kb.config import Settings
from kb.procedures.levels import LEVEL_NOTE, level_named, name_key
from kb.search.collection import IndexError_
from kb.search.engine import SearchEngine
from kb.search.indexes import INDEX_DIR, PROCEDURES
from kb.search.manifest import CORE_KEYS, FORMAT_VERSION, check_manifest
from kb.search.params import PARAMS_VERSION, PROCEDURE_PARAMS, SearchParams, params_record

ROOT = Path(__file__).resolve().parents[3]


def test_procedure_manifest_records_schema_and_params(search_kb: Path) -> None:
    man = json.loads((search_kb / INDEX_DIR / PROCEDURES / "manifest.json").read_text())
    assert all(k in man for k in CORE_KEYS) and man["format_version"] == FORMAT_VERSION
    assert man["search_params"] == params_record(PROCEDURE_PARAMS)
    assert man["search_params"]["dense_depth"] == 150 and man["search_params"]["version"] == PARAMS_VERSION


@pytest.mark.parametrize(("key", "value"), [("format_version", 1), ("search_params", {"version": 99}),
                                            ("lexical", "bm25-robertson-npy")])
def test_procedure_manifest_mismatch_fails_loudly(search_kb: Path, tmp_path: Path, key: str,
                                                  value: object) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(search_kb, kb)
    path = kb / INDEX_DIR / PROCEDURES / "manifest.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), key: value}))
    with pytest.raises(IndexError_, match="tthc build"):
        SearchEngine.load(kb, Settings(kb_dir=kb, search_mode="bm25"))


def test_check_manifest_names_missing_keys(tmp_path: Path) -> None:
    with pytest.raises(IndexError_, match="data_hash"):
        check_manifest({"format_version": FORMAT_VERSION}, tmp_path, "tthc build")


def test_params_are_frozen_and_per_collection() -> None:
    with pytest.raises(AttributeError):
        PROCEDURE_PARAMS.floor = 0.1  # type: ignore[misc]
    assert SearchParams().lexical_depth(3) == 40 and SearchParams().lexical_depth(10) == 80


def test_level_words() -> None:
    assert level_named("đăng ký khai sinh ở phường") == "xa"
    assert level_named("cấp tỉnh") == "tinh" and level_named("khai sinh") is None
    assert name_key("Thủ tục đăng ký khai sinh (cấp xã).") == "dang ky khai sinh"
    assert LEVEL_NOTE.sub("", "x (thuc hien tai cap tinh)") == "x "


def test_only_one_module_imports_bm25s() -> None:
    pat = re.compile(r"^\s*(import bm25s|from bm25s)", re.M)
    found = sorted(str(p.relative_to(ROOT)) for d in ("kb", "assistant", "ingestion", "eval", "cli")
                   for p in (ROOT / d).rglob("*.py") if pat.search(p.read_text(encoding="utf-8")))
    assert found == ["kb/search/lexical.py"]
