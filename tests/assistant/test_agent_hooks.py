"""POST /v1/agent/suggest carries compendium articles and the 2025 unit + agency (the citizen hooks)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import assistant.agent_hooks as agent_hooks
from assistant.app import create_app
from assistant.legal_step import extra_topic
from assistant.settings import ServingSettings
from tests.assistant_support import AGENT_CODE, bearer, fake_services

WARD_Q = "tôi ở phường Hàng Bạc quận Trung Tâm cũ thì đăng ký khai sinh cho trẻ em ở đâu"
SPLIT_Q = "phuong ngoc ha ba dinh dang ky khai sinh cho tre em o dau"
HO_GUOM_UBND = ("Ủy ban nhân dân phường Hồ Gươm hoặc Trung tâm phục vụ hành chính công Phường Hồ Gươm "
                "(Thành phố Thử Nghiệm)")


@pytest.fixture(scope="module")
def client(agent_kb: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ServingSettings(kb_dir=agent_kb), fake_services)) as c:
        c.headers.update(bearer(c, "agent"))
        yield c


def card(body: dict[str, Any], code: str = AGENT_CODE) -> dict[str, Any]:
    return next(s for s in body["suggestions"] if s["code"] == code)


def suggest(client: TestClient, text: str) -> dict[str, Any]:
    r = client.post("/v1/agent/suggest", json={"text": text})
    assert r.status_code == 200
    body: dict[str, Any] = r.json()
    return body


def test_suggestion_cites_articles_of_its_own_bases(client: TestClient) -> None:
    s = card(suggest(client, "đăng ký khai sinh cho trẻ em cần gì"))
    assert s["legal_basis"] == ["99/2030/QH99 — Luật Hộ tịch mẫu", "77/2031/NĐ-CP — Nghị định mẫu"]
    arts = s["legal_articles"]
    assert arts and {a["citation"].rsplit(" ", 1)[-1] for a in arts} <= {"99/2030/QH99", "77/2031/NĐ-CP"}
    legal = client.app.state.services.legal  # type: ignore[attr-defined]
    for a in arts:
        art = legal.get(a["code"])
        assert art is not None and art.citation == a["citation"] and art.title == a["title"]
        assert a["text"].startswith(f"{a['citation']} — {a['title']}")
    law = next(a for a in arts if a["citation"] == "Điều 13 Luật 99/2030/QH99")
    assert law["effective_date"] == "2031-01-01" and law["text"].endswith("(hiệu lực từ 01/01/2031)")
    # A procedure whose bases are not in the compendium gets no article, never a guessed one.
    other = card(suggest(client, "alo cho em hỏi cấp lại thẻ căn cước"), "8.000003")
    assert other["legal_basis"] == ["26/2023/QH15 — Luật Căn cước"] and other["legal_articles"] == []


def test_old_ward_maps_to_new_unit_and_agency_per_suggestion(client: TestClient) -> None:
    body = suggest(client, WARD_Q)
    assert [(u["kind"], u["name"], u["district"]) for u in body["units"]] == [
        ("old", "Phường Hàng Bạc", "Quận Trung Tâm")]
    place = card(body)["place"]
    assert place["level"] == "xa" and place["level_label"] == "cấp xã" and place["ask"] is False
    assert place["items"] == [
        "Phường Hàng Bạc (Quận Trung Tâm, Thành phố Thử Nghiệm) nay thuộc Phường Hồ Gươm, Thành phố Thử Nghiệm.",
        "Cách sắp xếp: nhập toàn bộ; mã đơn vị mới 00070.",
        f"Thủ tục cấp xã nộp tại {HO_GUOM_UBND}.",
    ]
    assert place["options"] == [{"unit_code": "00070", "unit_name": "Phường Hồ Gươm",
                                 "province": "Thành phố Thử Nghiệm", "how": "Nhập toàn bộ",
                                 "agency": HO_GUOM_UBND}]
    # The place words do not steer retrieval: the same procedures as without them, best first.
    plain = suggest(client, "đăng ký khai sinh cho trẻ em ở đâu")
    assert [s["code"] for s in body["suggestions"]] == [s["code"] for s in plain["suggestions"]]


def test_split_ward_lists_every_new_unit_and_asks(client: TestClient) -> None:
    place = card(suggest(client, SPLIT_Q))["place"]
    assert place["ask"] is True
    assert sorted(o["unit_name"] for o in place["options"]) == ["Phường Ba Đình", "Phường Hồ Gươm"]
    assert all(o["how"] == "Nhập một phần" and o["agency"].startswith("Ủy ban nhân dân phường ")
               for o in place["options"])
    assert place["items"][-1].startswith("Anh/chị cư trú ở phần thuộc đơn vị nào?")


def test_no_place_no_unit_block(client: TestClient) -> None:
    body = suggest(client, "thủ tục đăng ký khai sinh cho trẻ em cấp xã nộp ở đâu")
    assert body["units"] == []
    assert card(body)["place"] == {"level": "", "level_label": "", "items": [], "options": [], "ask": False}


def test_procedure_citation_is_cached_and_legal_questions_steer_a_search(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = agent_hooks.cite_for_procedure

    def counting(store: Any, proc: Any, question: str = "", k: int = 3) -> dict[str, Any]:
        calls.append(question)
        assert store is client.app.state.services.legal  # type: ignore[attr-defined]  # the app's one object
        return real(store, proc, question, k)

    monkeypatch.setattr(agent_hooks, "cite_for_procedure", counting)
    first = card(suggest(client, "đăng ký khai sinh cho trẻ em cần gì"))["legal_articles"]
    again = card(suggest(client, "đăng ký khai sinh cho trẻ em mất bao lâu"))["legal_articles"]
    assert again == first and "" not in calls  # procedure-level citation came from the LRU
    q = "căn cứ pháp lý đăng ký khai sinh cho trẻ em ở bệnh viện"
    body = suggest(client, q)
    steered = card(body)
    # One search per suggestion steered by the words beyond its name, as in the citizen hook.
    assert calls == [extra_topic(q, s["name"]) for s in body["suggestions"] if s["legal_basis"]]
    assert "benh vien" in calls and steered["legal_articles"]


def test_openapi_describes_the_new_fields(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    ok = spec["paths"]["/v1/agent/suggest"]["post"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"]["$ref"].endswith("/SuggestResponse")
    schemas = spec["components"]["schemas"]
    assert {"legal_articles", "place"} <= set(schemas["SuggestionOut"]["properties"])
    assert {"citation", "effective_date", "text"} <= set(schemas["ArticleOut"]["properties"])
    assert {"unit_name", "agency"} <= set(schemas["FilingOptionOut"]["properties"])
    assert "units" in schemas["SuggestResponse"]["properties"]


def test_script_reads_once_and_cleanly() -> None:
    from assistant.agent import script
    from kb.procedures.schema import Procedure

    p = Procedure("1.000894", "Thủ tục đăng ký kết hôn", "Hộ tịch", "", ("xa",),
                  ("Ủy ban Nhân dân xã, phường, thị trấn.",), (), "", (), (), "", (), (), "", "", 0)
    text = script(p)
    assert text.startswith("Dạ, anh/chị cần làm thủ tục “đăng ký kết hôn”, mã 1.000894.")
    assert "Hồ sơ nộp tại: Ủy ban Nhân dân xã, phường, thị trấn." in text and ".." not in text
