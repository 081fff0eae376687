"""The process plumbing of the browser tests ends what it starts, grandchildren included (no Chromium needed)."""

from __future__ import annotations

import os
import sys
import time

from tests.browser_support import PROFILE_PREFIX, kill_profile, leftovers, start_group, stop_group

# A parent that ignores SIGTERM and a grandchild that leaves the parent: what Chromium's helpers do.
SCRIPT = (
    "import signal, subprocess, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
    "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)', sys.argv[1]]); time.sleep(120)"
)


def _alive(marker: str) -> list[str]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                cmd = open(f"/proc/{d}/cmdline", "rb").read().decode(errors="replace")
                state = open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if marker in cmd and state != "Z":
                out.append(d)
    return out


def _wait_alive(marker: str, n: int) -> None:
    deadline = time.monotonic() + 10
    while len(_alive(marker)) < n and time.monotonic() < deadline:
        time.sleep(0.05)


def test_stop_group_kills_stubborn_children_and_grandchildren() -> None:
    marker = f"{PROFILE_PREFIX}group-test"
    proc = start_group([sys.executable, "-c", SCRIPT, marker])
    _wait_alive(marker, 2)
    assert len(_alive(marker)) == 2 and leftovers()  # the grandchild names the marker; the check sees it
    stop_group(proc, timeout=1.0)
    assert proc.returncode is not None and _alive(marker) == []
    assert not [x for x in leftovers() if str(proc.pid) in x.split()[0]]


def test_kill_profile_reaches_processes_outside_the_group() -> None:
    marker = f"{PROFILE_PREFIX}stray-test"
    import subprocess

    stray = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", marker], start_new_session=True)
    try:
        _wait_alive(marker, 1)
        assert _alive(marker)
        kill_profile(marker)
        stray.wait(timeout=5)
        assert _alive(marker) == []
    finally:
        if stray.poll() is None:
            stray.kill()
            stray.wait()
