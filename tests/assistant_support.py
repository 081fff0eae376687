"""Fixtures for the assistant tests: a KB built from our small portal files and a ready Assistant."""

from __future__ import annotations

import json
import math
import secrets
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.aspects import strip_cues
from assistant.auth import Role, TokenStore
from assistant.service import Assistant
from assistant.sessions import MemorySessionStore
from assistant.settings import ServingSettings
from assistant.startup import Services, load_services
from assistant.types import Candidate
from kb.procedures.store import Store
from kb.text.analysis import QUESTION_WORDS as STOPWORDS
from kb.text.analysis import tokenize as tokens

FIXTURES = Path(__file__).parent / "fixtures"


def _terms(text: str) -> Counter[str]:
    """Topic-word unigrams plus pairs of adjacent topic words."""
    toks = tokens(text)
    uni = [t for t in toks if t not in STOPWORDS]
    pairs = [f"{a}_{b}" for a, b in zip(toks, toks[1:], strict=False) if a not in STOPWORDS and b not in STOPWORDS]
    return Counter(uni + pairs)


class FakeRetriever:
    """In-memory stand-in for the search engine over procedure names (accent-folded unigrams and pairs,
    BM25-weighted): a name must hold half the query's topic words, and a pair of them when there are several."""

    def __init__(self, docs: list[tuple[str, str, str, tuple[str, ...]]]) -> None:
        self.docs = [(c, n, f, lv, _terms(n)) for c, n, f, lv in docs]
        df: Counter[str] = Counter(t for *_, terms in self.docs for t in terms)
        n = max(len(self.docs), 1)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.avg = sum(terms.total() for *_, terms in self.docs) / n

    @classmethod
    def from_store(cls, store: Store) -> FakeRetriever:
        rows = store.con.execute("SELECT code, name, field, levels FROM procedures ORDER BY code")
        return cls([(c, n, f, tuple(json.loads(lv))) for c, n, f, lv in rows])

    def search(self, query: str, k: int = 10, level: str | None = None) -> list[Candidate]:
        q = _terms(strip_cues(query))  # "lệ phí", "căn cứ pháp lý" … are not what a name holds
        words = {t for t in q if "_" not in t}
        found = []
        for code, name, field, levels, terms in self.docs:
            coverage = len(words & terms.keys()) / len(words) if words else 0.0
            if coverage < 0.5 or (level and level not in levels):
                continue
            if len(words) > 1 and not any("_" in t and t in terms for t in q):
                continue
            norm = 1.2 * (0.25 + 0.75 * terms.total() / self.avg)
            score = sum(self.idf[t] * terms[t] * 2.2 / (terms[t] + norm) for t in q if t in terms)
            found.append(Candidate(code, name, round(score * coverage, 4), levels, field, "name", name))
        found.sort(key=lambda c: (-c.score, c.code))
        return found[:k]


def bearer(client: TestClient, role: Role) -> dict[str, str]:
    """Headers with a fresh token of ``role`` stored in the client's app token store."""
    store: TokenStore = client.app.state.tokens  # type: ignore[attr-defined]
    return {"Authorization": "Bearer " + store.create(f"test-{role}-{secrets.token_hex(4)}", role)}


def fake_services(settings: ServingSettings) -> Services:
    """``load_services`` with the in-memory retriever instead of the search engine."""
    return load_services(settings, retriever=FakeRetriever.from_store)


@pytest.fixture(scope="session")
def assistant_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ingestion.build import build

    out = tmp_path_factory.mktemp("assistant_kb")
    build([FIXTURES / "portal_small.jsonl", FIXTURES / "assistant_portal.jsonl"], out)
    return out


@pytest.fixture()
def assistant(assistant_kb: Path) -> Assistant:
    store = Store(assistant_kb).load()
    return Assistant(store, FakeRetriever.from_store(store), MemorySessionStore(60))


@pytest.fixture(scope="session")
def served_kb(assistant_kb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The assistant KB with its BM25 search index (no dense model), as the CLI and Rasa serve it."""
    import shutil

    from kb.config import Settings
    from kb.search.indexes import build_indexes

    out = tmp_path_factory.mktemp("served_kb") / "kb"
    shutil.copytree(assistant_kb, out)
    build_indexes(out, Settings(kb_dir=out, build_dense=False))
    return out


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
