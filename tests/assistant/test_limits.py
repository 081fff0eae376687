"""Limits and guards: body cap before reading, question cost bounds, rate limits, time budget, headers,
error bodies, CORS, offline /docs, /metrics access."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.limits import Busy, QuestionLimits, QuestionRejected, analysable, bound
from assistant.pipeline import OVER_BUDGET
from assistant.ratelimit import RateLimiter
from assistant.service import Assistant
from assistant.settings import ServingSettings
from assistant.web import STATIC
from tests.assistant_support import bearer, fake_services

Q = "đăng ký tạm trú cần giấy tờ gì"


@pytest.fixture(scope="module")
def client(assistant_kb: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("limits") / "tokens.sqlite"
    settings = ServingSettings(kb_dir=assistant_kb, token_db=db, rate_per_minute=0, token_rate_per_minute=0)
    with TestClient(create_app(settings, fake_services), raise_server_exceptions=False) as c:
        yield c


def test_question_bounds() -> None:
    lim = QuestionLimits(max_chars=2000, max_words=80, max_word_chars=24)
    for bad, why in [("", "trống"), ("0" * 2000, "không có từ nào"), ("😀" * 1000, "không có từ nào"),
                     ("中" * 2000, "không có từ nào"), ("a " * 81, "80 từ"), ("a" * 2001, "2000 ký tự")]:
        with pytest.raises(QuestionRejected, match=why):
            analysable(bad, lim)
    assert analysable("cấp lại " + "x" * 30 + " căn cước", lim) == "cấp lại căn cước"
    assert bound("a " * 500, lim) == " ".join(["a"] * 80) and bound("0" * 5000, lim) == ""


def test_body_cap_is_checked_before_reading(client: TestClient) -> None:
    big = b'{"question": "' + b"a" * 20_000 + b'"}'
    r = client.post("/v1/ask", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "body_too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while streaming
        yield b'{"question": "'
        for _ in range(40):
            yield b"a" * 1000
        yield b'"}'

    r = client.post("/v1/ask", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and "quá lớn" in r.json()["detail"]
    assert client.post("/v1/ask", json={"question": Q}).status_code == 200


def test_rate_limits_per_client_and_per_token(assistant_kb: Path, tmp_path: Path) -> None:
    settings = ServingSettings(kb_dir=assistant_kb, token_db=tmp_path / "t.sqlite", rate_per_minute=3,
                               token_rate_per_minute=5)
    with TestClient(create_app(settings, fake_services)) as c:
        codes = [c.get("/v1/search", params={"q": "tạm trú"}).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        r = c.get("/v1/search", params={"q": "tạm trú"})
        assert r.json()["code"] == "rate_limited" and 1 <= int(r.headers["retry-after"]) <= 60
        assert c.get("/").status_code == 200 and c.get("/healthz").status_code == 200  # pages: not limited
        fake = {"Authorization": "Bearer tthc_made-up"}  # a made-up token counts against the client
        assert c.get("/v1/search", params={"q": "x"}, headers=fake).status_code == 429
        h = bearer(c, "agent")
        codes = [c.get("/v1/search", params={"q": "tạm trú"}, headers=h).status_code for _ in range(6)]
        assert codes == [200] * 5 + [429]


def test_rate_limiter_survives_unreachable_redis() -> None:
    limiter = RateLimiter("redis://127.0.0.1:1/0")
    start = time.perf_counter()
    assert [limiter.check("c:x", 2) for _ in range(3)][:2] == [None, None]
    assert limiter.check("c:x", 2) is not None and time.perf_counter() - start < 2
    assert limiter.faults.counts["redis"] == 1 and "redis" in limiter.faults.degraded()


def test_time_budget(assistant: Assistant) -> None:
    assistant.budget_s = 0.05
    assert assistant._slots.acquire()
    try:
        start = time.perf_counter()
        with pytest.raises(Busy):
            assistant.ask(Q)
        assert time.perf_counter() - start < 1
    finally:
        assistant._slots.release()
    assistant.budget_s = -1  # already over budget: the content steps are skipped, the answer is polite
    r = assistant.ask(Q)
    assert r.status == "error" and r.answer == OVER_BUDGET and "1022" in r.answer


def test_busy_is_503_with_retry_after(client: TestClient) -> None:
    a = client.app.state.services.assistant  # type: ignore[attr-defined]
    a.budget_s = 0.05
    assert a._slots.acquire()
    try:
        r = client.post("/v1/ask", json={"question": Q})
        assert r.status_code == 503 and r.headers["retry-after"] == "5" and "1022" in r.json()["detail"]
        assert client.app.state.metrics.events["busy"] >= 1  # type: ignore[attr-defined]
    finally:
        a._slots.release()
        a.budget_s = 10.0


def test_security_headers_and_pages_without_inline_script(client: TestClient) -> None:
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert client.post("/v1/ask", json={"question": Q}).headers["x-content-type-options"] == "nosniff"
    for f in STATIC.glob("*.html"):
        html = f.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f.name  # every script is a file
        assert not re.search(r"\son[a-z]+=|style=", html), f.name
    assert "access-control-allow-origin" not in client.get("/v1/search", params={"q": "x"},
                                                            headers={"Origin": "https://evil.example"}).headers


def test_cors_only_when_configured(assistant_kb: Path) -> None:
    settings = ServingSettings(kb_dir=assistant_kb, cors_origins=("https://dichvucong.example",))
    with TestClient(create_app(settings, fake_services)) as c:
        ok = c.get("/v1/search", params={"q": "x"}, headers={"Origin": "https://dichvucong.example"})
        assert ok.headers["access-control-allow-origin"] == "https://dichvucong.example"
        other = c.get("/v1/search", params={"q": "x"}, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_errors_carry_no_trace_or_version(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    a = client.app.state.services.assistant  # type: ignore[attr-defined]
    monkeypatch.setattr(a, "ask", lambda *args, **kw: (_ for _ in ()).throw(RuntimeError("secret /srv/path")))
    r = client.post("/v1/ask", json={"question": Q})
    assert r.status_code == 500 and r.json()["code"] == "internal_error"
    assert client.app.state.metrics.events["internal_error"] >= 1  # type: ignore[attr-defined]
    assert "Traceback" not in r.text and "/srv/path" not in r.text and "1022" in r.json()["detail"]
    assert "server" not in {k.lower() for k in r.headers if r.headers[k].startswith("uvicorn")}
    assert client.get("/openapi.json").json()["info"]["version"] == "1"


def test_docs_offline_and_no_cdn_pages(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/docs.js" in docs.text and "cdn" not in docs.text.lower()
    assert "http" not in docs.text and client.get("/static/docs.js").status_code == 200
    assert client.get("/redoc").status_code == 404 and client.get("/openapi.json").status_code == 200


def test_metrics_need_admin_off_loopback(client: TestClient) -> None:
    client.get("/v1/search", params={"q": "tạm trú"})
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers=bearer(client, "reform")).status_code == 403
    text = client.get("/metrics", headers=bearer(client, "admin")).text
    assert 'tthc_requests_total{route="/v1/search",status="200"}' in text
    assert 'tthc_request_seconds_bucket{route="/v1/search",le="+Inf"}' in text and "tthc_rate_limited_total" in text


def test_invalid_input_is_never_echoed(client: TestClient) -> None:
    secret = "0912345678" + "x" * 400
    for path in ("/v1/units/resolve", "/v1/legal/search", "/v1/search"):
        r = client.get(path, params={"q": secret})
        assert r.status_code in (422, 503) and "0912345678" not in r.text, path
    r = client.get("/v1/audit/001085012345", headers=bearer(client, "reform"))
    assert "001085012345" not in r.text
    r = client.get("/v1/procedures/001085012345")
    assert r.status_code == 404 and "001085012345" not in r.text and "(đã ẩn)" in r.json()["detail"]


def test_access_log_names_route_templates_only(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    with caplog.at_level(logging.INFO, logger="tthc.access"):
        client.get("/v1/search", params={"q": "tôi tên Lan sđt 0912345678"})
        client.get("/v1/procedures/001085012345")
    lines = [r.getMessage() for r in caplog.records if r.name == "tthc.access"]
    assert lines[0].startswith("GET /v1/search 200") and lines[1].startswith("GET /v1/procedures/{code} 404")
    assert not any("0912345678" in x or "001085012345" in x or "Lan" in x for x in lines)
