"""The assistant warns, never rewrites: a dissolved body or an expired fee in the record gets a short note."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.reorg_step import record_warnings
from assistant.service import Assistant
from assistant.sessions import MemorySessionStore
from assistant.settings import ServingSettings
from ingestion.build import build
from kb.procedures.store import Store
from tests.assistant_support import FakeRetriever, bearer, fake_services
from tests.kb.quality.support import make

OLD_AGENCY = "Ủy ban nhân dân cấp huyện"


@pytest.fixture(scope="module")
def stale_kb(tmp_path_factory: pytest.TempPathFactory, small_portal: Path) -> Path:
    recs = [json.loads(x) for x in small_portal.read_text(encoding="utf-8").splitlines() if x.strip()]
    d = recs[0]["raw_procedure"]["detail"]
    d["departmentsExecuting"] = [{"id": "d", "name": OLD_AGENCY, "code": "A"}]
    online = next(m for m in d["executionMethods"] if m["submissionMethod"] == "ONLINE")
    online["fees"][0]["description"] = "Nộp trực tuyến: từ ngày 01/01/2024 đến hết ngày 31/12/2025 thu 4.000 đồng"
    tmp = tmp_path_factory.mktemp("reorg")
    (tmp / "e.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    build([tmp / "e.jsonl"], tmp / "kb")
    return tmp / "kb"


def test_warning_names_the_body_now_in_charge_and_the_basis_only_when_known() -> None:
    p = make(agencies=(OLD_AGENCY,))
    known = record_warnings(p, p.agencies, lambda n: n == "72/2025/QH15", date(2026, 1, 1))
    assert len(known) == 1 and "cấp xã" in known[0] and "(72/2025/QH15)" in known[0] and OLD_AGENCY[-9:] in known[0]
    unknown = record_warnings(p, p.agencies, lambda n: False, date(2026, 1, 1))
    assert "72/2025/QH15" not in unknown[0] and "Luật Tổ chức chính quyền địa phương" in unknown[0]
    assert record_warnings(make(), make().agencies, lambda n: True, date(2026, 1, 1)) == []


def test_answer_keeps_the_official_text_and_adds_the_warnings(stale_kb: Path) -> None:
    store = Store(stale_kb).load()
    bot = Assistant(store, FakeRetriever.from_store(store), MemorySessionStore(60))
    assert "reorg_warnings" in bot.hooks
    reply = bot.ask("thủ tục 9.000001 nộp hồ sơ ở đâu, lệ phí bao nhiêu")
    assert reply.status == "answered", reply.answer
    assert OLD_AGENCY in reply.answer  # official text kept
    assert "không còn sau sắp xếp bộ máy năm 2025" in reply.answer and "cấp xã" in reply.answer
    assert "chỉ áp dụng đến ngày 31/12/2025" in reply.answer


def test_agent_card_shows_the_same_warnings(stale_kb: Path) -> None:
    with TestClient(create_app(ServingSettings(kb_dir=stale_kb), fake_services)) as client:
        client.headers.update(bearer(client, "agent"))
        body = client.post("/v1/agent/suggest", json={"text": "thủ tục 9.000001"}).json()
        card = next(s for s in body["suggestions"] if s["code"] == "9.000001")
        assert any("không còn sau sắp xếp" in w for w in card["warnings"])
        assert any("31/12/2025" in w for w in card["warnings"])
        assert card["where"] == [OLD_AGENCY] or OLD_AGENCY in " ".join(card["where"])
