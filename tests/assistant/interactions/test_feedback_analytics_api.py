"""POST /v1/feedback (citizen thumbs, agent corrections) and /v1/analytics/* (reform role)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.analytics import report as report_module
from assistant.analytics.examples import labelled_examples
from assistant.app import create_app
from assistant.settings import ServingSettings
from assistant.startup import Services
from kb.search.dense import HashingEmbedder
from tests.assistant_support import bearer, fake_services

QUESTIONS = ["đăng ký tạm trú cần giấy tờ gì", "đăng ký tạm trú lệ phí bao nhiêu", "cấp thẻ căn cước",
             "thời tiết hôm nay thế nào", "giá vàng hôm nay", "đăng ký tạm trú làm ở đâu"]


@pytest.fixture()
def client(agent_kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setattr(report_module, "encoder_of", lambda _r: HashingEmbedder(64).encode)
    settings = ServingSettings(kb_dir=agent_kb, database_url=f"sqlite:///{tmp_path / 'i.sqlite'}",
                               token_db=tmp_path / "tokens.sqlite")
    with TestClient(create_app(settings, fake_services)) as c:
        yield c


def services(c: TestClient) -> Services:
    s: Services = c.app.state.services  # type: ignore[attr-defined]
    return s


def flush(c: TestClient) -> None:
    rec = services(c).recorder
    assert rec is not None
    rec.flush()


def test_citizen_thumbs_through_the_session_cookie(client: TestClient) -> None:
    r = client.post("/v1/ask", json={"question": QUESTIONS[0], "session_cookie": True})
    assert r.status_code == 200
    down = client.post("/v1/feedback", json={"rating": "down", "reason": "incomplete", "session_cookie": True})
    assert down.status_code == 201
    client.cookies.clear()
    for unknown in ({"session_cookie": True}, {"session_id": "made.up"}, {}):  # no session of ours to rate: 404
        r = client.post("/v1/feedback", json={"rating": "up", **unknown})
        assert r.status_code == 404 and "Không tìm thấy phiên" in r.json()["detail"]
    assert client.post("/v1/feedback", json={"rating": "meh", "session_id": "x"}).status_code == 422
    sid = client.post("/v1/ask", json={"question": QUESTIONS[1]}).json()["session_id"]
    assert client.post("/v1/feedback", json={"rating": "up", "session_id": sid}).status_code == 201
    # a citizen cannot label examples
    corr = client.post("/v1/feedback", json={"rating": "down", "session_id": sid, "correct_code": "8.000008"})
    assert corr.status_code == 401


def test_agent_correction_becomes_a_labelled_example(client: TestClient) -> None:
    agent = bearer(client, "agent")
    s = client.post("/v1/agent/suggest", json={"text": "cấp thẻ căn cước cho em, số 0912345678"}, headers=agent)
    sid = s.json()["session_id"]
    again = client.post("/v1/agent/suggest", json={"text": "cấp lại thẻ căn cước bị mất", "session_id": sid},
                        headers=agent)
    assert again.json()["session_id"] == sid
    bad = {"session_id": sid, "rating": "down", "correct_code": "0.404"}
    r = client.post("/v1/feedback", json=bad, headers=agent)
    assert r.status_code == 404 and r.json()["detail"] == "Không có thủ tục mã 0.404"
    ok = {"session_id": sid, "rating": "down", "reason": "wrong_procedure", "correct_code": "8.000003",
          "note": "người gọi bị mất thẻ"}
    assert client.post("/v1/feedback", json=ok, headers=agent).status_code == 201
    flush(client)
    rec = services(client).recorder
    assert rec is not None
    (ex,) = labelled_examples(rec.store, lambda c: "tên " + c)
    assert ex["question"] == "cấp lại thẻ căn cước bị mất" and ex["gold"] == ["8.000003"]
    assert ex["expect"] == "answer" and ex["by"].startswith("test-agent") and ex["gold_name"] == "tên 8.000003"


def test_summary_counts_what_was_sent_and_needs_the_reform_role(client: TestClient) -> None:
    sent = {"web": 0, "voice": 0}
    for i, q in enumerate(QUESTIONS * 3):
        channel = "voice" if i % 3 == 0 else "web"
        sent[channel] += 1
        r = client.post("/v1/ask", json={"question": q, "channel": channel, "session_cookie": i % 2 == 0})
        assert r.status_code == 200
    client.post("/v1/feedback", json={"rating": "down", "reason": "unclear", "session_cookie": True})
    client.post("/v1/feedback", json={"rating": "up", "session_cookie": True})
    flush(client)
    assert client.get("/v1/analytics/summary").status_code == 401
    assert client.get("/v1/analytics/summary", headers=bearer(client, "agent")).status_code == 403
    reform = bearer(client, "reform")
    body = client.get("/v1/analytics/summary", headers=reform).json()
    assert body["total"] == len(QUESTIONS) * 3 and body["by_channel"] == sent
    assert sum(body["by_status"].values()) == body["total"]
    assert sum(d["total"] for d in body["by_day"]) == body["total"]
    assert body["by_status"]["answered"] >= 9 and body["feedback"] == {**body["feedback"], "up": 1, "down": 1}
    top = body["top_procedures"][0]
    assert top == {"code": "8.000008", "name": "Đăng ký tạm trú", "count": 9}  # three questions, three times
    declined = body["outcomes"]["declined"]
    assert declined >= 6 and sum(t["size"] for t in body["topics"]) >= declined
    assert all(t["label"] and 1 <= len(t["examples"]) <= 3 for t in body["topics"])
    assert any(p["code"] == "8.000008" for p in body["papers"])
    assert body["backlog"] is not None and body["backlog"]["citizens"] >= 1
    backlog = client.get("/v1/analytics/backlog", headers=reform).json()
    assert backlog["turns"] == body["total"] and backlog["procedures"] == body["backlog"]["procedures"]
    assert client.get("/v1/analytics/backlog", headers=bearer(client, "agent")).status_code == 403
    assert "/reform/assets/reform_demand.js" in client.get("/reform").text
    assert "window.showDemand" in client.get("/reform/assets/reform_demand.js").text
    voice = client.get("/v1/analytics/summary", params={"channel": "voice"}, headers=reform).json()
    assert voice["total"] == sent["voice"] and voice["by_channel"] == {"voice": sent["voice"]}
    empty = client.get("/v1/analytics/summary", params={"from": "2020-01-01", "to": "2020-01-31"}, headers=reform)
    assert empty.json()["total"] == 0 and empty.json()["topics"] == []
    back = client.get("/v1/analytics/summary", params={"from": "2020-02-01", "to": "2020-01-01"}, headers=reform)
    assert back.status_code == 200  # from after to: an empty period, echoed as asked
    assert (back.json()["from"], back.json()["to"], back.json()["total"]) == ("2020-02-01", "2020-01-01", 0)
    # the calendar's first and last days (where the default start or the day after would overflow) are clamped
    for edge, days in (("0001-01-01", ("0001-01-02", "0001-01-02")), ("9999-12-31", ("9999-12-01", "9999-12-30"))):
        r = client.get("/v1/analytics/summary", params={"to": edge}, headers=reform)
        assert r.status_code == 200 and (r.json()["from"], r.json()["to"], r.json()["total"]) == (*days, 0)
        r = client.get("/v1/analytics/export.csv", params={"from": edge, "to": edge}, headers=reform)
        assert r.status_code == 200
    assert client.get("/v1/analytics/backlog", params={"from": "9999-12-31"}, headers=reform).json()["turns"] == 0
    csv = client.get("/v1/analytics/export.csv", headers=reform)
    assert csv.status_code == 200 and f"total,{body['total']}" in csv.text and "8.000008" in csv.text
    xlsx = client.get("/v1/analytics/export.xlsx", headers=reform)
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx.content))
    assert {"overview", "top_procedures", "topics"} <= set(wb.sheetnames)
    assert wb["top_procedures"]["A2"].value == "8.000008"
