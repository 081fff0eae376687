"""Shared plumbing for the headless-Chromium tests: app server, chromedriver session, W3C calls."""

from __future__ import annotations

import base64
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
# Unique to this pytest process, so the end-of-session check sees only our browsers, not a neighbour's.
PROFILE_PREFIX = f"tthc-chromium-{os.getpid()}-"
STARTED: list[subprocess.Popen[bytes]] = []  # every server/driver we started, checked at session end
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
]


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_group(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Start ``args`` as the leader of a new process group (its children stay in it) and record it."""
    proc = subprocess.Popen(
        args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    STARTED.append(proc)
    return proc


def stop_group(proc: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Terminate ``proc`` and everything in its process group; SIGKILL what is left after ``timeout``."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break  # the group is empty
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc.poll()  # reap the leader, so only live members count
            if not _group_alive(proc.pid):
                break
            time.sleep(0.1)
        else:
            continue
        break
    proc.wait(timeout=timeout)


def _processes() -> Iterator[tuple[int, int, str, str]]:
    """(pid, process group, state, command line) of every live process (Linux /proc)."""
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":  # zombies are already dead; their parent reaps them
            yield int(d.name), int(fields[2]), fields[0], cmd


def _group_alive(pgid: int) -> bool:
    return any(g == pgid for _, g, _, _ in _processes())


def kill_profile(profile: str) -> None:
    """SIGKILL any process still naming ``profile`` (a browser that left its driver's group)."""
    for pid, _, _, cmd in _processes():
        if profile in cmd:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def leftovers() -> list[str]:
    """Processes this test run started that are still alive: servers, drivers and their browsers."""
    groups = {p.pid for p in STARTED}
    return [
        f"{pid} {cmd[:120]}"
        for pid, pgid, _, cmd in _processes()
        if pid != os.getpid() and (pgid in groups or PROFILE_PREFIX in cmd)
    ]


def wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Wait until ``url`` answers; fail early if ``proc`` died."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args} exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=1.0).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def serve_app(kb_dir: Path) -> Iterator[str]:
    """Run the real app with uvicorn on a free loopback port over ``kb_dir``; yields its base URL."""
    port = free_port()
    env = {**os.environ, "TTHC_KB_DIR": str(kb_dir), "PYTHONPATH": str(ROOT)}
    proc = start_group(
        [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)], env=env
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz", proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_group(proc)


class Browser:
    """The few W3C WebDriver commands the page tests need."""

    def __init__(self, base: str, session: str) -> None:
        self.url = f"{base}/session/{session}"
        self.http = httpx.Client(base_url=self.url, timeout=30)

    def quit(self) -> None:
        """End the WebDriver session: chromedriver closes the browser."""
        try:
            self.http.request("DELETE", self.url).raise_for_status()
        finally:
            self.http.close()

    def cmd(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        r = self.http.request(method, path, json=body if method == "POST" else None)
        r.raise_for_status()
        return r.json()["value"]

    def go(self, url: str) -> None:
        self.cmd("POST", "/url", {"url": url})

    def js(self, script: str) -> Any:
        return self.cmd("POST", "/execute/sync", {"script": script, "args": []})

    def find(self, css: str) -> str:
        el = self.cmd("POST", "/element", {"using": "css selector", "value": css})
        return str(next(iter(el.values())))

    def find_all(self, css: str) -> list[str]:
        found = self.cmd("POST", "/elements", {"using": "css selector", "value": css})
        return [str(next(iter(e.values()))) for e in found]

    def type(self, css: str, text: str) -> None:
        self.cmd("POST", f"/element/{self.find(css)}/value", {"text": text})

    def click(self, element: str) -> None:
        self.cmd("POST", f"/element/{element}/click", {})

    def text(self, element: str) -> str:
        return str(self.cmd("GET", f"/element/{element}/text"))

    def wait_for(self, css: str, count: int = 1, timeout: float = 15) -> list[str]:
        """Elements matching ``css`` once at least ``count`` exist."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            found = self.find_all(css)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError(f"{css} x{count} did not appear")

    def until(self, script: str, timeout: float = 20.0) -> Any:
        """The first truthy value ``script`` returns."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = self.js(script)
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(f"never true: {script}")

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        path.write_bytes(base64.b64decode(self.cmd("GET", "/screenshot")))
        return path


@contextmanager
def chromium_session(window: str = "1200,900") -> Iterator[Browser]:
    """A headless Chromium driven through chromedriver; skips when they are not installed."""
    chromium = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("chromium/chromedriver missing (make browser-deps installs them)")
    port = free_port()
    proc = start_group([driver, f"--port={port}"])  # the browser it starts joins its process group
    base = f"http://127.0.0.1:{port}"
    profile = tempfile.mkdtemp(prefix=PROFILE_PREFIX)
    try:
        wait_http(f"{base}/status", proc)
        args = [*FLAGS, f"--window-size={window}", f"--user-data-dir={profile}"]
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": {"binary": chromium, "args": args}}}}
        session = httpx.post(f"{base}/session", json=caps, timeout=60).json()["value"]["sessionId"]
        b = Browser(base, session)
        try:
            yield b
        finally:
            b.quit()
    finally:
        stop_group(proc)  # also when quit failed: the browser is in the driver's group
        kill_profile(profile)  # and anything that left the group still names its profile
        shutil.rmtree(profile, ignore_errors=True)
