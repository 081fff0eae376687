"""HTTP API of the assistant: /v1/ask, /v1/search, /v1/agent/suggest, pages and 4xx errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.settings import ServingSettings
from tests.assistant_support import bearer, fake_services


@pytest.fixture(scope="module")
def client(assistant_kb: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ServingSettings(kb_dir=assistant_kb, max_question_chars=200), fake_services)) as c:
        yield c


def test_ask_answer_and_follow_up(client: TestClient) -> None:
    r = client.post("/v1/ask", json={"question": "đăng ký tạm trú cần giấy tờ gì"}).json()
    assert r["status"] == "answered" and r["procedure"] == {"code": "8.000008", "name": "Đăng ký tạm trú"}
    assert r["citations"][0]["code"] == "8.000008" and r["sections"][0]["aspect"] == "documents"
    assert r["clarification"] is None and r["timings"]["total"] > 0
    f = client.post("/v1/ask", json={"question": "làm ở đâu?", "session_id": r["session_id"]}).json()
    assert f["procedure"]["code"] == "8.000008" and f["aspect"] == "where"


def test_ask_clarification_payload(client: TestClient) -> None:
    r = client.post("/v1/ask", json={"question": "làm căn cước", "channel": "agent"},
                    headers=bearer(client, "agent"))
    body = r.json()
    assert body["status"] == "clarification" and body["procedure"] is None
    assert {c["code"] for c in body["clarification"]["choices"]} == {"8.000001", "8.000003"}
    pick = client.post(
        "/v1/ask",
        json={"question": body["clarification"]["choices"][0]["code"], "session_id": body["session_id"]},
    ).json()
    assert (
        pick["status"] == "answered"
        and pick["procedure"]["code"] == body["clarification"]["choices"][0]["code"]
    )


@pytest.mark.parametrize(
    ("kwargs", "code", "text"),
    [
        ({"json": {"question": ""}}, 422, "không được để trống"),
        ({"json": {"question": "   "}}, 422, "không được để trống"),
        ({"json": {"question": "a" * 201}}, 422, "tối đa 200 ký tự"),
        ({"json": {"question": "0" * 150}}, 422, "không có từ nào đọc được"),
        ({"json": {"question": "a " * 51}}, 422, "tối đa 50 từ"),
        ({"json": {}}, 422, "Thiếu trường bắt buộc: question"),
        ({"json": {"question": "x", "channel": "fax"}}, 422, "web, voice, agent"),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "JSON"),
        ({"content": b"plain text"}, 400, "JSON"),
    ],
)
def test_ask_rejects_bad_input_in_vietnamese(client: TestClient, kwargs: dict, code: int, text: str) -> None:
    r = client.post("/v1/ask", **kwargs)
    assert r.status_code == code and text in r.json()["detail"]


def test_search_and_agent_suggest(client: TestClient) -> None:
    auth = bearer(client, "agent")
    hits = client.get("/v1/search", params={"q": "cap lai the can cuoc"}).json()["hits"]
    assert hits[0]["code"] == "8.000003"
    assert client.get("/v1/search", params={"q": ""}).status_code == 422
    s = client.post(
        "/v1/agent/suggest", json={"text": "alo em hỏi cấp lại thẻ căn cước, sđt 0912345678"}, headers=auth
    ).json()
    top = s["suggestions"][0]
    assert top["code"] == "8.000003" and "0912345678" not in s["text"]
    assert "mã 8.000003" in top["script"] and "70.000 đồng/thẻ căn cước" in " ".join(top["fees"])
    assert top["checklist"] and top["legal_basis"] == ["26/2023/QH15 — Luật Căn cước"]
    assert ".." not in top["script"] and "thủ tục “Thủ tục" not in top["script"]
    assert s["status"] == "answered" and s["timings"]["retrieve"] >= 0 and s["timings"]["cards"] >= 0
    assert {"redact", "understand", "decide"} <= set(s["timings"]) and "render" not in s["timings"]
    assert s["timings"]["total"] == pytest.approx(sum(v for n, v in s["timings"].items() if n != "total"), abs=0.01)
    c = client.post("/v1/agent/suggest", json={"text": "làm căn cước"}, headers=auth).json()
    assert c["clarifying_question"] and len(c["choices"]) == 2 and c["status"] == "clarification"
    h = client.post("/v1/agent/suggest", json={"text": "cho tôi gặp người thật"}, headers=auth).json()
    assert h["status"] == "handoff" and h["suggestions"] == []
    o = client.post("/v1/agent/suggest", json={"text": "giá vàng hôm nay bao nhiêu"}, headers=auth).json()
    assert o["status"] == "out_of_scope" and o["suggestions"] == []


def test_pages_and_assets_are_served_offline(client: TestClient) -> None:
    chat = client.get("/").text
    assert 'lang="vi"' in chat and "/static/chat.js" in chat and "http" not in chat.replace("http-equiv", "")
    agent = client.get("/agent").text
    assert "Bàn làm việc tổng đài viên" in agent and "/static/agent.js" in agent
    assert client.get("/static/chat.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/missing.js").status_code == 404
    assert "/v1/ask" in client.get("/openapi.json").json()["paths"]
