"""Fixtures for the assistant tests: a KB built from our small portal files and a ready Assistant."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.retriever import KeywordRetriever
from assistant.service import Assistant
from assistant.sessions import MemorySessionStore
from kb.store import Store

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
