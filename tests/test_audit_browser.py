"""The /reform dashboard in a real headless Chromium (W3C WebDriver over HTTP, no extra packages)."""

from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kb.config import PROJECT_ROOT
from tests.audit_support import build_audit_kb

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
DRIVER = shutil.which("chromedriver")
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1900",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if httpx.get(url, timeout=1.0).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(url)


class WebDriver:
    """The few W3C WebDriver calls this test needs."""

    def __init__(self, base: str, user_dir: Path) -> None:
        self.base = base
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": CHROMIUM,
                        "args": [*FLAGS, f"--user-data-dir={user_dir}"],
                    },
                }
            }
        }
        r = httpx.post(f"{base}/session", json=caps, timeout=60.0).json()
        self.sid = r["value"]["sessionId"]

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        r = httpx.request(method, f"{self.base}/session/{self.sid}{path}", json=body, timeout=30.0)
        return r.json()["value"]

    def get(self, url: str) -> None:
        self._call("POST", "/url", {"url": url})

    def js(self, script: str) -> Any:
        return self._call("POST", "/execute/sync", {"script": script, "args": []})

    def click(self, css: str) -> None:
        el = self._call("POST", "/element", {"using": "css selector", "value": css})
        self._call("POST", f"/element/{next(iter(el.values()))}/click", {})

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self._call("GET", "/screenshot")))

    def until(self, script: str, timeout: float = 20.0) -> Any:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = self.js(script)
            if value:
                return value
            time.sleep(0.2)
        raise TimeoutError(script)

    def quit(self) -> None:
        httpx.delete(f"{self.base}/session/{self.sid}", timeout=30.0)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    kb = build_audit_kb(tmp_path_factory.mktemp("browserkb"))
    port = _free_port()
    env = {**os.environ, "TTHC_KB_DIR": str(kb)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "assistant.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        _wait(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    if CHROMIUM is None or DRIVER is None:
        pytest.skip("chromium/chromedriver not installed (run `make browser-deps`)")
    port = _free_port()
    drv = subprocess.Popen([DRIVER, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(f"http://127.0.0.1:{port}/status")
        wd = WebDriver(f"http://127.0.0.1:{port}", tmp_path_factory.mktemp("chrome-profile"))
        try:
            yield wd
        finally:
            wd.quit()
    finally:
        drv.terminate()
        drv.wait(timeout=10)


def test_reform_dashboard_charts_and_drill_down(server: str, browser: WebDriver) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    browser.get(f"{server}/reform")
    browser.until("return document.body.getAttribute('data-ready') === '1'")
    counts = browser.js(
        "return ['chart-field','chart-db','chart-top'].map("
        "id => document.querySelectorAll('#' + id + ' svg rect').length)"
    )
    assert (
        counts[0] >= 2 and counts[1] >= 3 and counts[2] == 2
    )  # fields with savings; databases; 2 backlog rows
    kpi = browser.js("return document.querySelector('#kpis .kpi b').textContent")
    assert kpi == "3"
    browser.click("#chart-top g.row rect.bar")  # the first backlog row: 9.100001
    verdicts = browser.until(
        "const rows = document.querySelectorAll('#detail-table tr[data-verdict]');"
        "return rows.length ? Array.from(rows, r => r.dataset.verdict) : null"
    )
    assert verdicts == ["prefill", "replaceable", "already_data_first", "keep", "note"]
    heading = browser.js("return document.querySelector('#detail h2').textContent")
    assert heading.startswith("9.100001")
    browser.screenshot(ARTIFACTS / "reform.png")
    assert (ARTIFACTS / "reform.png").stat().st_size > 10_000
    browser.js(
        "document.getElementById('code').value = '0.000000';document.querySelector('#lookup button').click();"
    )
    err = browser.until("const e = document.querySelector('#detail .err'); return e && e.textContent")
    assert "Không tìm thấy" in err
