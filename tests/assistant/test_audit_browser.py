"""The /reform dashboard in a real headless Chromium (W3C WebDriver over HTTP, no extra packages)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.auth import TokenStore, token_db_path
from assistant.settings import ServingSettings
from tests.audit_support import build_audit_kb
from tests.browser_support import Browser, chromium_session, serve_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_audit_kb(tmp_path_factory.mktemp("browserkb"))


@pytest.fixture(scope="module")
def server(kb: Path) -> Iterator[str]:
    with serve_app(kb) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_session(window="1400,1900") as b:
        yield b


def test_reform_dashboard_charts_and_drill_down(server: str, browser: Browser, kb: Path) -> None:
    token = TokenStore(token_db_path(ServingSettings(kb_dir=kb))).create("browser-reform", "reform")
    browser.go(f"{server}/reform")
    msg = browser.until("const f = document.getElementById('login'); return !f.hidden && f.textContent")
    assert "Cần mã truy cập" in msg
    browser.type("#token", token + "\n")  # kept in sessionStorage; the page reloads with it
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
    browser.click(browser.find("#chart-top g.row rect.bar"))  # the first backlog row: 9.100001
    verdicts = browser.until(
        "const rows = document.querySelectorAll('#detail-table tr[data-verdict]');"
        "return rows.length ? Array.from(rows, r => r.dataset.verdict) : null"
    )
    assert verdicts == ["prefill", "replaceable", "already_data_first", "keep", "note"]
    heading = browser.js("return document.querySelector('#detail h2').textContent")
    assert heading.startswith("9.100001")
    shot = browser.screenshot("reform.png")
    assert shot.stat().st_size > 10_000
    browser.js(
        "document.getElementById('code').value = '0.000000';document.querySelector('#lookup button').click();"
    )
    err = browser.until("const e = document.querySelector('#detail .err'); return e && e.textContent")
    assert "Không tìm thấy" in err
