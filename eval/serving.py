"""A real `tthc serve` on a free loopback port for the benches: started, waited for, always stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from kb.config import PROJECT_ROOT

START_TIMEOUT_S = 120.0


def free_port() -> int:
    """A port nothing listens on at the moment (loopback)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True, slots=True)
class Server:
    """A running server: its base URL, port, process and start-up time."""

    base: str
    port: int
    proc: subprocess.Popen[bytes]
    startup_s: float


@contextmanager
def served(kb_dir: Path, env: dict[str, str], args: tuple[str, ...] = (), ready: str = "/healthz",
           log: Path | None = None) -> Iterator[Server]:
    """`tthc serve` over ``kb_dir`` with ``env`` added, ready when ``ready`` answers 2xx; stopped on exit.

    Raises RuntimeError with the log's last lines when the server exits or is not ready in time.
    """
    port = free_port()
    full_env = {**os.environ, "TTHC_KB_DIR": str(kb_dir), "PYTHONPATH": str(PROJECT_ROOT), **env}
    cmd = [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port", str(port), *args]
    out = log.open("wb") if log is not None else None
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=full_env, stdout=out or subprocess.DEVNULL,
                            stderr=subprocess.STDOUT if out else subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            if proc.poll() is not None or time.perf_counter() - t0 > START_TIMEOUT_S:
                tail = log.read_text(errors="replace").splitlines()[-5:] if log is not None else []
                raise RuntimeError(f"server did not start (exit {proc.poll()}): {tail}")
            try:
                httpx.get(f"{base}{ready}", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield Server(base, port, proc, time.perf_counter() - t0)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if out is not None:
            out.close()
