"""Chat and agent pages in a real headless Chromium, driven over chromedriver's W3C HTTP API."""

from __future__ import annotations

import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.auth import TokenStore, token_db_path
from assistant.settings import ServingSettings
from kb.config import Settings
from kb.search.indexes import build_indexes
from tests.assistant_support import AGENT_CODE
from tests.browser_support import Browser, chromium_session, serve_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def kb(agent_kb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The assistant KB plus the legal collection, the 2025 unit map and a BM25 search index (the
    served app has no fallback retriever): both hooks are installed."""
    out = tmp_path_factory.mktemp("browser") / "kb"
    shutil.copytree(agent_kb, out)
    build_indexes(out, Settings(kb_dir=out, build_dense=False))
    return out


@pytest.fixture(scope="module")
def server(kb: Path) -> Iterator[str]:
    with serve_app(kb) as url:
        yield url


@pytest.fixture(scope="module")
def agent_token(kb: Path) -> str:
    """An agent token in the token store the served app reads (next to its KB)."""
    store = TokenStore(token_db_path(ServingSettings(kb_dir=kb)))
    return store.create(f"browser-agent-{secrets.token_hex(4)}", "agent")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_session() as b:
        yield b


def test_chat_page_answers_and_clarifies(server: str, browser: Browser) -> None:
    browser.go(server + "/")
    browser.type("#question", "đăng ký tạm trú cần giấy tờ gì\n")
    answer = browser.wait_for(".msg.bot.status-answered")[0]
    disclosure = browser.wait_for(".msg.bot.disclosure")
    assert len(disclosure) == 1 and "trợ lý AI" in browser.text(disclosure[0]) and "1022" in browser.text(disclosure[0])
    assert browser.js("return document.cookie") == ""  # the session cookie is HttpOnly
    text = browser.text(answer)
    assert "Đăng ký tạm trú (mã thủ tục 8.000008)" in text and "Tờ khai thay đổi thông tin cư trú" in text
    browser.type("#question", "làm ở đâu?\n")
    second = browser.wait_for(".msg.bot.status-answered", count=2)[1]
    assert "Công an cấp xã" in browser.text(second)
    browser.type("#question", "làm căn cước\n")
    buttons = browser.wait_for("button.choice", count=2)
    label = browser.text(buttons[0])
    browser.click(buttons[0])
    third = browser.wait_for(".msg.bot.status-answered", count=3)[2]
    assert label and label.split(" — ", 1)[-1] in browser.text(third)  # "làm lần đầu — <name>"
    assert len(browser.find_all(".msg.bot.disclosure")) == 1  # once per conversation
    browser.screenshot("chat.png")


def test_agent_console_updates_suggestions(server: str, browser: Browser, agent_token: str) -> None:
    browser.go(server + "/agent")
    browser.type("#caller", "alo cho em hỏi cấp lại thẻ căn cước mất bao nhiêu tiền")
    msg = browser.until("const f = document.getElementById('login'); return !f.hidden && f.textContent")
    assert "Cần mã truy cập" in msg  # the page asks for the agent's token, kept for this tab only
    browser.type("#token", agent_token + "\n")
    assert browser.js("return sessionStorage.getItem('tthc-token')") == agent_token
    card = browser.wait_for("article.suggestion")[0]
    text = browser.text(card)
    assert "Cấp lại thẻ căn cước" in text and "70.000 đồng/thẻ căn cước" in text
    copy = browser.find("article.suggestion button.copy")
    browser.click(copy)
    end = time.monotonic() + 5
    while browser.text(copy) != "Đã sao chép" and time.monotonic() < end:
        time.sleep(0.1)
    assert browser.text(copy) == "Đã sao chép"
    # The caller names an old ward: the card shows the 2025 unit, where to file at the procedure's
    # level, and the compendium articles of its legal bases next to the bases themselves.
    browser.js("const c = document.getElementById('caller'); c.value = ''; return true;")
    browser.type("#caller", "tôi ở phường Hàng Bạc quận Trung Tâm cũ thì đăng ký khai sinh cho trẻ em ở đâu")
    place = browser.wait_for(f'article.suggestion[data-code="{AGENT_CODE}"] .place')[0]
    where = browser.text(place)
    assert "Nơi nộp theo đơn vị hành chính mới (cấp xã)" in where
    assert "Phường Hàng Bạc (Quận Trung Tâm, Thành phố Thử Nghiệm) nay thuộc Phường Hồ Gươm" in where
    assert "Thủ tục cấp xã nộp tại Ủy ban nhân dân phường Hồ Gươm" in where
    assert "Phường Hàng Bạc, Quận Trung Tâm" in browser.text(browser.find("p.units"))
    legal = browser.text(browser.find(f'article.suggestion[data-code="{AGENT_CODE}"] details.legal'))
    assert "Điều khoản trong Bộ pháp điển" in legal and "Điều 13 Luật 99/2030/QH99" in legal
    assert "hiệu lực từ 01/01/2031" in legal and "99/2030/QH99 — Luật Hộ tịch mẫu" in legal
    browser.screenshot("agent.png")
    browser.js(f"document.querySelector('article.suggestion[data-code=\"{AGENT_CODE}\"] details.legal')"
               ".scrollIntoView(); return true;")
    browser.screenshot("agent-legal.png")
