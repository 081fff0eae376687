"""Chat and agent pages in a real headless Chromium, driven over chromedriver's W3C HTTP API."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_support import Browser, chromium_session, serve_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(assistant_kb: Path) -> Iterator[str]:
    with serve_app(assistant_kb) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_session() as b:
        yield b


def test_chat_page_answers_and_clarifies(server: str, browser: Browser) -> None:
    browser.go(server + "/")
    browser.type("#question", "đăng ký tạm trú cần giấy tờ gì\n")
    answer = browser.wait_for(".msg.bot.status-answered")[0]
    text = browser.text(answer)
    assert "Đăng ký tạm trú (mã thủ tục 8.000008)" in text and "Tờ khai thay đổi thông tin cư trú" in text
    browser.type("#question", "làm ở đâu?\n")
    second = browser.wait_for(".msg.bot.status-answered", count=2)[1]
    assert "Công an cấp xã" in browser.text(second)
    browser.type("#question", "cấp thẻ căn cước\n")
    buttons = browser.wait_for("button.choice", count=3)
    label = browser.text(buttons[0])
    browser.click(buttons[0])
    third = browser.wait_for(".msg.bot.status-answered", count=3)[2]
    assert label and label in browser.text(third)
    browser.screenshot("chat.png")


def test_agent_console_updates_suggestions(server: str, browser: Browser) -> None:
    browser.go(server + "/agent")
    browser.type("#caller", "alo cho em hỏi cấp lại thẻ căn cước mất bao nhiêu tiền")
    card = browser.wait_for("article.suggestion")[0]
    text = browser.text(card)
    assert "Cấp lại thẻ căn cước" in text and "70.000 đồng/thẻ căn cước" in text
    copy = browser.find("article.suggestion button.copy")
    browser.click(copy)
    end = time.monotonic() + 5
    while browser.text(copy) != "Đã sao chép" and time.monotonic() < end:
        time.sleep(0.1)
    assert browser.text(copy) == "Đã sao chép"
    browser.screenshot("agent.png")
