"""Human control: pinned approved answers, switched-off procedures, every change recorded with its author."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.interactions import InteractionStore
from assistant.interactions.control import Controls
from assistant.settings import ServingSettings
from assistant.types import Reply
from cli import control as control_cli
from tests.assistant_support import bearer, fake_services

Q = "đăng ký tạm trú cần giấy tờ gì"


@pytest.fixture()
def client(assistant_kb: Path, tmp_path: Path) -> Iterator[TestClient]:
    settings = ServingSettings(kb_dir=assistant_kb, database_url=f"sqlite:///{tmp_path / 'i.sqlite'}",
                               token_db=tmp_path / "t.sqlite")
    with TestClient(create_app(settings, fake_services)) as c:
        yield c


def ask(c: TestClient) -> dict[str, object]:
    body: dict[str, object] = c.post("/v1/ask", json={"question": Q}).json()
    return body


def test_pin_and_disable_change_answers_and_are_recorded(client: TestClient) -> None:
    reform = bearer(client, "reform")
    composed = ask(client)
    assert composed["status"] == "answered" and composed["aspect"] == "documents"
    assert client.post("/v1/control", json={"action": "disable", "code": "8.000008"},
                       headers=bearer(client, "agent")).status_code == 403
    pin = {"action": "pin", "family": "8.000008", "aspect": "documents", "answer": "Mang **căn cước** và tờ khai CT01."}
    r = client.post("/v1/control", json=pin, headers=reform)
    assert r.status_code == 201 and r.json()["rule"]["family"] == "dang ky tam tru"
    pinned = ask(client)
    assert str(pinned["answer"]).startswith("Mang **căn cước**") and "phê duyệt" in str(pinned["answer"])
    assert "test-reform" in str(pinned["answer"]) and pinned["sections"] == []
    off = {"action": "disable", "code": "8.000008", "note": "đang sửa quy định"}
    assert client.post("/v1/control", json=off, headers=reform).status_code == 201
    handed = ask(client)
    assert handed["status"] == "handoff" and "đang sửa quy định" in str(handed["answer"])
    client.post("/v1/control", json={"action": "enable", "code": "8.000008"}, headers=reform)
    client.post("/v1/control", json={**pin, "action": "unpin"}, headers=reform)
    assert ask(client)["answer"] == composed["answer"]
    listed = client.get("/v1/control", headers=reform).json()
    assert listed["rules"] == [] and [h["action"] for h in listed["history"]] == ["unpin", "enable", "disable", "pin"]
    assert all(h["by"].startswith("test-reform") for h in listed["history"])
    bad = client.post("/v1/control", json={"action": "pin", "code": "8.000008", "aspect": "fees", "answer": "x"},
                      headers=reform)
    assert bad.status_code == 422


def test_controls_keep_the_last_known_state_when_the_store_fails(tmp_path: Path) -> None:
    store = InteractionStore(f"sqlite:///{tmp_path / 'i.sqlite'}")
    store.migrate()
    controls = Controls(store, ttl_s=0)
    controls.change("disable", "me", family="Đăng ký tạm trú")
    reply = Reply("answered", "ok", "s", "web", procedure=("8.000008", "Thủ tục đăng ký tạm trú"))
    assert controls.review(reply).status == "handoff"
    with store.engine.begin() as con:
        con.exec_driver_sql("DROP TABLE controls")  # reads now fail
    assert controls.review(reply).status == "handoff"
    other = Reply("answered", "ok", "s", "web", procedure=("1.1", "Cấp hộ chiếu"))
    assert controls.review(other) is other


def test_cli_pin_and_list(assistant_kb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'i.sqlite'}"
    parser = argparse.ArgumentParser()
    control_cli.register(parser.add_subparsers())

    def run(*argv: str) -> int:
        args = parser.parse_args(["control", "--db", url, "--kb", str(assistant_kb), *argv])
        return int(args.func(args))

    assert run("pin", "--family", "8.000008", "--aspect", "fees", "--answer", "Miễn phí.", "--by", "lan") == 0
    assert json.loads(capsys.readouterr().out)["rule"]["by"] == "lan"
    assert run("disable", "--code", "8.000001", "--note", "tạm dừng") == 0
    capsys.readouterr()
    assert run("list") == 0
    listed = json.loads(capsys.readouterr().out)
    assert {r["kind"] for r in listed["rules"]} == {"pin", "disable"} and len(listed["history"]) == 2
    assert run("pin", "--code", "8.000008", "--aspect", "fees", "--answer", "x") == 2


TABLE = [
    ({"action": "pin", "family": "Đăng ký tạm trú", "aspect": "fees", "answer": "Miễn phí."}, 201),
    ({"action": "unpin", "family": "Đăng ký tạm trú", "aspect": "fees"}, 201),
    ({"action": "disable", "family": "Đăng ký tạm trú"}, 201),
    ({"action": "disable", "code": "8.000008", "aspect": "fees"}, 201),  # the aspect of a switch is ignored
    ({"action": "enable", "code": " 8.000008 "}, 201),
    ({"action": "disable", "family": "   ", "code": "8.000008"}, 201),  # a blank family counts as none
    ({"action": "disable", "code": "9.999999"}, 404),  # well formed, but no such procedure
    ({"action": "pin", "family": "Đăng ký tạm trú", "aspect": "fees"}, 422),  # no approved answer
    ({"action": "pin", "family": "Đăng ký tạm trú", "aspect": "fees", "answer": " \n"}, 422),
    ({"action": "pin", "code": "8.000008", "aspect": "fees", "answer": "x"}, 422),  # a pin is for a family
    ({"action": "unpin", "family": "Đăng ký tạm trú"}, 422),  # and an aspect
    ({"action": "disable"}, 422),
    ({"action": "disable", "family": "Đăng ký tạm trú", "code": "8.000008"}, 422),
    ({"action": "disable", "code": "8.000008", "aspect": "nope"}, 422),
    ({"action": "stop", "code": "8.000008"}, 422),
    ({"action": "disable", "family": "🙂 ★"}, 422),  # no letter: its family key would be empty
    ({"action": "disable", "family": "Привет"}, 422),
    ({"action": "disable", "family": "đăng ky tam tru"}, 201),
]


def test_the_schema_admits_exactly_the_changes_the_route_accepts(client: TestClient) -> None:
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    schema = client.get("/openapi.json").json()["components"]["schemas"]["ControlRequest"]
    validator = jsonschema_rs.validator_for(schema)
    reform = bearer(client, "reform")
    for body, status in TABLE:
        r = client.post("/v1/control", json=body, headers=reform)
        assert r.status_code == status, (body, r.text)
        assert validator.is_valid(body) is (status != 422), body  # 404 is about the data, not the form
        if status == 422:
            assert r.json()["detail"].startswith(("Yêu cầu không hợp lệ: ", "Giá trị không hợp lệ")), r.text
    assert "Không có thủ tục mã 9.999999" in client.post("/v1/control", json=TABLE[6][0], headers=reform).text


def test_the_longest_change_fits_the_body_cap_even_with_every_letter_escaped(client: TestClient) -> None:
    """A client that escapes non-ASCII (Python's json.dumps default) sends 6 bytes per Vietnamese
    letter: the field limits keep the longest allowed change under the 16 kB body cap."""
    reform = bearer(client, "reform")
    body = {"action": "pin", "family": "ệ" * 300, "code": "", "aspect": "fees", "answer": "ệ" * 2000,
            "note": "ệ" * 300}
    raw = json.dumps(body).encode()
    assert len(raw) > 15_000
    r = client.post("/v1/control", content=raw, headers={**reform, "Content-Type": "application/json"})
    assert r.status_code != 413 and r.status_code < 500
    longer = client.post("/v1/control", json={**body, "answer": "ệ" * 2001}, headers=reform)
    assert longer.status_code == 422
