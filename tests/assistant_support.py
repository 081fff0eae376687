"""Fixtures for the assistant tests: a KB built from our small portal files and a ready Assistant."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.retriever import KeywordRetriever
from assistant.service import Assistant
from assistant.sessions import MemorySessionStore
from kb.procedures.store import Store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def assistant_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ingestion.build import build

    out = tmp_path_factory.mktemp("assistant_kb")
    build([FIXTURES / "portal_small.jsonl", FIXTURES / "assistant_portal.jsonl"], out)
    return out


@pytest.fixture()
def assistant(assistant_kb: Path) -> Assistant:
    store = Store(assistant_kb).load()
    return Assistant(store, KeywordRetriever.from_store(store), MemorySessionStore(60))


AGENT_CODE = "9.100001"


@pytest.fixture(scope="session")
def agent_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The assistant KB plus a commune-level procedure whose bases are in the legal fixture, the legal
    collection and the 2025 unit map (both hooks installed, as on the real KB)."""
    import json
    import shutil

    from ingestion.build import build
    from ingestion.legal_build import build_legal
    from ingestion.units import CONVERSION_FILE, DIVISIONS_FILE, build_units

    out = tmp_path_factory.mktemp("agent_kb")
    rec = json.loads((FIXTURES / "portal_small.jsonl").read_text(encoding="utf-8").splitlines()[0])
    raw = rec["raw_procedure"]
    name = "Đăng ký khai sinh cho trẻ em theo luật mẫu"
    raw.update(id=f"id-{AGENT_CODE}", code=AGENT_CODE, name=name)
    raw["detail"].update(id=f"id-{AGENT_CODE}", code=AGENT_CODE, codeNotation=AGENT_CODE, name=name,
                         legalBasisesDetails=[{"id": "b1", "code": "99/2030/QH99", "name": "Luật Hộ tịch mẫu"},
                                              {"id": "b2", "code": "77/2031/NĐ-CP", "name": "Nghị định mẫu"}])
    portal = out.parent / f"{out.name}-agent_portal.jsonl"
    portal.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    build([FIXTURES / "portal_small.jsonl", FIXTURES / "assistant_portal.jsonl", portal], out)
    build_legal(FIXTURES / "legal_topics.jsonl", out, workers=1)
    data = out.parent / f"{out.name}-units_data"
    (data / "admin-units").mkdir(parents=True)
    shutil.copy(FIXTURES / "units_conversion.csv", data / CONVERSION_FILE)
    shutil.copy(FIXTURES / "units_divisions.json", data / DIVISIONS_FILE)
    build_units(data, out)
    return out
