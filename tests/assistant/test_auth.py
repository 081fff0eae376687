"""Roles and tokens: hashed store, 401/403 with stable codes, anonymous citizen routes, the token CLI."""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.auth import TokenError, TokenStore, hash_token
from assistant.settings import ServingSettings
from cli import tokens as token_cli
from tests.assistant_support import bearer, fake_services


@pytest.fixture(scope="module")
def client(assistant_kb: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("auth") / "tokens.sqlite"
    with TestClient(create_app(ServingSettings(kb_dir=assistant_kb, token_db=db), fake_services)) as c:
        yield c


def test_store_keeps_only_hashes_and_revokes(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "var" / "tokens.sqlite")
    assert store.list() == [] and not store.path.exists()  # listing creates nothing
    token = store.create("an", "agent")
    raw = sqlite3.connect(store.path).execute("SELECT * FROM tokens").fetchall()
    assert token not in repr(raw) and hash_token(token) in repr(raw)
    assert store.lookup(token).role == "agent" and store.lookup(token + "x") is None  # type: ignore[union-attr]
    with pytest.raises(TokenError, match="already exists"):
        store.create("an", "admin")
    with pytest.raises(TokenError, match="unknown role"):
        store.create("bo", "root")
    assert [t.name for t in store.list()] == ["an"]
    store.revoke("an")
    assert store.lookup(token) is None
    with pytest.raises(TokenError, match="no token"):
        store.revoke("an")


@pytest.mark.parametrize(("method", "path", "body", "role"), [
    ("POST", "/v1/agent/suggest", {"text": "cấp lại thẻ căn cước"}, "agent"),
    ("POST", "/v1/ask", {"question": "cấp lại thẻ căn cước", "channel": "agent"}, "agent"),
    ("GET", "/v1/audit/summary", None, "reform"),
])
def test_protected_routes(client: TestClient, method: str, path: str, body: dict | None, role: str) -> None:
    none = client.request(method, path, json=body)
    assert none.status_code == 401 and none.json()["code"] == "auth_required"
    assert none.headers["www-authenticate"] == "Bearer" and "mã truy cập" in none.json()["detail"]
    bad = client.request(method, path, json=body, headers={"Authorization": "Bearer tthc_made-up"})
    assert bad.status_code == 401 and bad.json()["code"] == "auth_invalid"
    other = "reform" if role == "agent" else "agent"
    wrong = client.request(method, path, json=body, headers=bearer(client, other))  # type: ignore[arg-type]
    assert wrong.status_code == 403 and wrong.json()["code"] == "auth_forbidden" and "quyền" in wrong.json()["detail"]
    for who in (role, "admin"):
        ok = client.request(method, path, json=body, headers=bearer(client, who))  # type: ignore[arg-type]
        assert ok.status_code in (200, 503), (who, ok.text)  # 503: no stored audit in this KB
        assert ok.status_code != 503 or path.startswith("/v1/audit")


def test_citizen_routes_and_pages_stay_anonymous(client: TestClient) -> None:
    for channel in ("web", "voice"):
        r = client.post("/v1/ask", json={"question": "đăng ký tạm trú cần giấy tờ gì", "channel": channel})
        assert r.status_code == 200
    assert client.get("/v1/search", params={"q": "tạm trú"}).status_code == 200
    assert client.get("/v1/procedures/8.000008").status_code == 200
    for page in ("/", "/agent", "/reform"):
        assert client.get(page).status_code == 200
    agent = client.get("/agent").text
    assert 'id="login"' in agent and "/static/auth.js" in agent and "/static/auth.js" in client.get("/reform").text
    js = client.get("/static/auth.js").text
    assert "sessionStorage" in js and "localStorage" not in js


def test_revoked_token_is_refused(client: TestClient) -> None:
    store: TokenStore = client.app.state.tokens  # type: ignore[attr-defined]
    token = store.create("leaving", "agent")
    h = {"Authorization": "Bearer " + token}
    assert client.post("/v1/agent/suggest", json={"text": "tạm trú"}, headers=h).status_code == 200
    store.revoke("leaving")
    assert client.post("/v1/agent/suggest", json={"text": "tạm trú"}, headers=h).status_code == 401


@pytest.mark.parametrize("credential", ["Bearer tthc_made-up", "Bearer ", "Basic dXNlcjpwdw==", "tthc_no-scheme", ""])
def test_a_presented_invalid_token_is_refused_on_anonymous_routes_too(client: TestClient, credential: str) -> None:
    h = {"Authorization": credential}
    calls = [client.post("/v1/ask", json={"question": "đăng ký tạm trú", "channel": "web"}, headers=h),
             client.get("/v1/search", params={"q": "tạm trú"}, headers=h),
             client.get("/v1/procedures/8.000008", headers=h), client.get("/healthz", headers=h)]
    for r in calls:
        assert r.status_code == 401 and r.json()["code"] == "auth_invalid", (r.request.url, r.text)
        assert r.headers["www-authenticate"] == "Bearer" and "không hợp lệ" in r.json()["detail"]


def test_a_valid_token_of_any_role_may_call_anonymous_routes(client: TestClient) -> None:
    for role in ("agent", "reform"):
        h = bearer(client, role)  # type: ignore[arg-type]
        assert client.post("/v1/ask", json={"question": "đăng ký tạm trú"}, headers=h).status_code == 200
        assert client.get("/v1/search", params={"q": "tạm trú"}, headers=h).status_code == 200


def test_openapi_documents_bearer_and_errors(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/v1/agent/suggest"]["post"]
    assert {"401", "403"} <= set(op["responses"]) and op["security"] == [{"HTTPBearer": []}]
    # web and voice are anonymous on /v1/ask, and citizens rate anonymously: the token is optional there
    for path in ("/v1/ask", "/v1/feedback"):
        security = spec["paths"][path]["post"]["security"]
        assert sorted(map(str, security)) == ["{'HTTPBearer': []}", "{}"]
    # every other operation names the optional token too (checked when presented), and its 401
    for path, item in spec["paths"].items():
        for op in item.values():
            assert {} in op["security"] or op["security"] == [{"HTTPBearer": []}], path
            assert op["responses"]["401"]["content"]["application/json"]["schema"]["$ref"].endswith("/AuthErrorOut")


def test_token_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    token_cli.register(parser.add_subparsers())
    db = tmp_path / "t.sqlite"

    def run(*argv: str) -> int:
        args = parser.parse_args(["token", "--db", str(db), *argv])
        return int(args.func(args))

    assert run("create", "an", "--role", "reform") == 0
    token = capsys.readouterr().out.strip()
    assert TokenStore(db).lookup(token).name == "an"  # type: ignore[union-attr]
    assert run("create", "an", "--role", "agent") == 1 and "already exists" in capsys.readouterr().err
    assert run("list") == 0 and capsys.readouterr().out.startswith("an\treform\t")
    assert run("revoke", "an") == 0 and TokenStore(db).lookup(token) is None
    assert run("revoke", "an") == 1
    with pytest.raises(SystemExit):
        parser.parse_args(["token", "create", "x", "--role", "root"])
