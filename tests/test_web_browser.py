"""Chat and agent pages in a real headless Chromium, driven over chromedriver's W3C HTTP API."""

from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1200,900",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_http(url: str, proc: subprocess.Popen[bytes], tries: int = 300) -> None:
    for _ in range(tries):
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args} exited with {proc.returncode}")
        try:
            httpx.get(url, timeout=0.5)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


@pytest.fixture(scope="module")
def server(assistant_kb: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "TTHC_KB_DIR": str(assistant_kb), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kb.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_http(f"http://127.0.0.1:{port}/healthz", proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


class Browser:
    """The few W3C WebDriver commands these tests need."""

    def __init__(self, base: str, session: str) -> None:
        self.http = httpx.Client(base_url=f"{base}/session/{session}", timeout=30)

    def cmd(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        r = self.http.request(method, path, json=body if method == "POST" else None)
        r.raise_for_status()
        return r.json()["value"]

    def go(self, url: str) -> None:
        self.cmd("POST", "/url", {"url": url})

    def find(self, css: str) -> str:
        el = self.cmd("POST", "/element", {"using": "css selector", "value": css})
        return str(next(iter(el.values())))

    def find_all(self, css: str) -> list[str]:
        return [
            str(next(iter(e.values())))
            for e in self.cmd("POST", "/elements", {"using": "css selector", "value": css})
        ]

    def type(self, css: str, text: str) -> None:
        self.cmd("POST", f"/element/{self.find(css)}/value", {"text": text})

    def click(self, element: str) -> None:
        self.cmd("POST", f"/element/{element}/click", {})

    def text(self, element: str) -> str:
        return str(self.cmd("GET", f"/element/{element}/text"))

    def wait_for(self, css: str, count: int = 1, timeout: float = 15) -> list[str]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            found = self.find_all(css)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError(f"{css} x{count} did not appear")

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / name).write_bytes(base64.b64decode(self.cmd("GET", "/screenshot")))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("chromium/chromedriver missing (make browser-deps installs them)")
    port = _free_port()
    proc = subprocess.Popen([driver, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    profile = tempfile.mkdtemp(prefix="tthc-chromium-")
    try:
        _wait_http(f"{base}/status", proc)
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": chromium,
                        "args": [*FLAGS, f"--user-data-dir={profile}"],
                    },
                }
            }
        }
        session = httpx.post(f"{base}/session", json=caps, timeout=60).json()["value"]["sessionId"]
        b = Browser(base, session)
        yield b
        b.http.delete("")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        shutil.rmtree(profile, ignore_errors=True)


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
