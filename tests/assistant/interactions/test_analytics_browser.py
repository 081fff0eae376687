"""The /analytics dashboard in a real headless Chromium: charts, topics, backlog, filters, citizen thumbs."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from assistant.analytics import report as report_module
from assistant.app import create_app
from assistant.settings import ServingSettings
from kb.search.dense import HashingEmbedder
from tests.assistant_support import fake_services
from tests.browser_support import Browser, chromium_session, free_port

pytestmark = pytest.mark.browser
QUESTIONS = ["đăng ký tạm trú cần giấy tờ gì", "cấp thẻ căn cước", "giá vàng hôm nay bao nhiêu",
             "giá vàng sjc hôm nay", "thời tiết hà nội ngày mai", "đăng ký tạm trú làm ở đâu"]


@pytest.fixture(scope="module")
def server(agent_kb: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The app (fake retriever, hashing embedder for topics) in a uvicorn thread; (base URL, reform token)."""
    d = tmp_path_factory.mktemp("analytics_browser")
    mp = pytest.MonkeyPatch()
    mp.setattr(report_module, "encoder_of", lambda _r: HashingEmbedder(128).encode)
    app = create_app(ServingSettings(kb_dir=agent_kb, database_url=f"sqlite:///{d / 'i.sqlite'}",
                                     token_db=d / "t.sqlite", session_key_file=d / "s.key"), fake_services)
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    token = app.state.tokens.create("dashboard-test", "reform")
    with httpx.Client(base_url=base) as c:
        for i in range(24):
            c.post("/v1/ask", json={"question": QUESTIONS[i % len(QUESTIONS)], "channel": "voice" if i % 4 else "web"})
    try:
        yield base, token
    finally:
        srv.should_exit = True
        thread.join(10)
        mp.undo()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_session(window="1400,2200") as b:
        yield b


def test_citizen_thumbs_down_then_dashboard_shows_it(server: tuple[str, str], browser: Browser) -> None:
    base, token = server
    browser.go(base + "/")
    browser.type("#question", "giá vàng hôm nay thế nào\n")
    browser.wait_for(".msg.bot .feedback button.down")
    browser.click(browser.find(".msg.bot .feedback button.down"))
    browser.click(browser.find(".msg.bot .feedback button.reason"))
    assert "Cảm ơn" in browser.until("const t = document.querySelector('.feedback .thanks'); return t && t.textContent")

    browser.go(base + "/analytics")
    browser.js(f"sessionStorage.setItem('tthc-token', '{token}'); location.reload();")
    browser.until("return document.body.getAttribute('data-ready') === '1'")
    kpi = browser.js("return document.querySelector('#kpis .kpi b').textContent")
    assert kpi == "25"  # 24 replayed + the page's own question
    counts = browser.js("return ['chart-days','chart-status','chart-top'].map("
                        "id => document.querySelectorAll('#' + id + ' svg rect').length)")
    assert counts[0] >= 2 and counts[1] >= 2 and counts[2] >= 1
    topics = browser.js("return Array.from(document.querySelectorAll('#topics .topic b'), b => b.textContent)")
    assert topics and any("vàng" in t for t in topics)
    feedback = browser.js("return document.querySelectorAll('#kpis .kpi b')[4].textContent")
    assert feedback == "0 / 1"
    shot = browser.screenshot("analytics.png")
    assert shot.stat().st_size > 10_000
    browser.js("document.getElementById('channel').value = 'web';"
               "document.querySelector('#filters button[type=submit]').click();")
    assert browser.until("const b = document.querySelector('#kpis .kpi b'); return b && b.textContent === '7' && 1")


def test_reform_page_pins_an_answer_and_shows_demand(server: tuple[str, str], browser: Browser) -> None:
    base, token = server
    browser.go(base + "/reform")
    browser.js(f"sessionStorage.setItem('tthc-token', '{token}'); location.reload();")
    browser.until("return document.body.getAttribute('data-ready') === '1'")
    note = browser.js("return document.getElementById('demand-note').textContent")
    assert note.startswith("25 lượt hỏi")
    browser.js("document.getElementById('control-action').value = 'pin';"
               "document.getElementById('control-aspect').value = 'documents';")
    browser.type("#control-scope", "8.000008")
    browser.type("#control-answer", "Chỉ cần tờ khai CT01 và căn cước.")
    browser.click(browser.find("#control-form button[type=submit]"))
    kinds = browser.until("const r = document.querySelectorAll('#control-rules tr[data-kind]');"
                          "return r.length ? Array.from(r, x => x.dataset.kind) : null")
    assert kinds == ["pin"]
    browser.screenshot("reform-control.png")
    with httpx.Client(base_url=base) as c:
        answer = c.post("/v1/ask", json={"question": QUESTIONS[0]}).json()["answer"]
    assert answer.startswith("Chỉ cần tờ khai CT01") and "dashboard-test" in answer
