"""/v1/ask latency and throughput under 8 concurrent clients against a real uvicorn server."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from kb.config import PROJECT_ROOT, Settings

REPORTS = Path(__file__).resolve().parent.parent / "reports"
QUESTIONS = Path(__file__).resolve().parent.parent / "questions"
CLIENTS = 8
DURATION_S = 20.0
WARMUP_REQUESTS = 40


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(xs: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``xs`` in milliseconds."""
    s = sorted(xs)
    return round(s[min(len(s) - 1, max(0, int(round(p / 100 * len(s))) - 1))], 2)


def _questions(settings: Settings) -> list[str]:
    qs: list[str] = []
    for path in (settings.data_dir / "eval" / "citizen-questions-dev.jsonl",
                 QUESTIONS / "assistant-questions.jsonl"):
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            qs += [json.loads(x)["question"] for x in lines if x.strip()]
    return qs


async def _client(c: httpx.AsyncClient, qs: list[str], idx: int, stop: float,
                  lat: list[float], statuses: Counter[str]) -> None:
    i, session = idx, f"bench-{idx}"
    channels = ("web", "voice", "agent")
    while time.perf_counter() < stop:
        q = qs[i % len(qs)]
        t0 = time.perf_counter()
        r = await c.post("/v1/ask", json={"question": q, "session_id": session, "channel": channels[i % 3]})
        lat.append((time.perf_counter() - t0) * 1000)
        ok = r.status_code == 200
        statuses[r.json().get("status", "?") if ok else str(r.status_code)] += 1
        i += CLIENTS


async def _load(base: str, qs: list[str], duration: float) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as c:
        for q in qs[:WARMUP_REQUESTS]:  # warm caches and code paths
            await c.post("/v1/ask", json={"question": q})
        lat: list[float] = []
        statuses: Counter[str] = Counter()
        t0 = time.perf_counter()
        await asyncio.gather(*(_client(c, qs, i, t0 + duration, lat, statuses) for i in range(CLIENTS)))
        wall = time.perf_counter() - t0
    return {"requests": len(lat), "seconds": round(wall, 2), "throughput_rps": round(len(lat) / wall, 1),
            "p50_ms": pct(lat, 50), "p95_ms": pct(lat, 95), "p99_ms": pct(lat, 99),
            "mean_ms": round(statistics.fmean(lat), 2), "max_ms": round(max(lat), 2),
            "statuses": dict(statuses)}


def run_bench(settings: Settings) -> dict[str, Any]:
    """Start `tthc serve` on a loopback port, warm it, load it for DURATION_S, write the reports."""
    port = _free_port()
    env = {**os.environ, "TTHC_KB_DIR": str(settings.kb_dir), "PYTHONPATH": str(PROJECT_ROOT)}
    t_start = time.perf_counter()
    cmd = [sys.executable, "-m", "kb.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):
            if proc.poll() is not None:
                raise RuntimeError("server exited during start-up")
            try:
                health = httpx.get(f"{base}/healthz", timeout=1).json()
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        startup_s = time.perf_counter() - t_start
        retriever = httpx.get(f"{base}/v1/search", params={"q": "khai sinh"}, timeout=60).json()["retriever"]
        result = asyncio.run(_load(base, _questions(settings), DURATION_S))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    report = {"retriever": retriever, "clients": CLIENTS, "duration_s": DURATION_S,
              "server": "uvicorn (tthc serve, 1 worker)",
              "cpu_count": os.cpu_count(), "procedures": health.get("procedures"),
              "startup_s": round(startup_s, 2), **result, "target_p95_ms": 150,
              "meets_target": result["p95_ms"] <= 150}
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "bench-assistant.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    md = ["# /v1/ask under load", "",
          f"{CLIENTS} concurrent keep-alive clients (httpx async), {DURATION_S:.0f} s after "
          f"{WARMUP_REQUESTS} warm-up requests, loopback, mixed channels; one uvicorn worker; "
          f"{report['cpu_count']} CPUs shared; retriever `{report['retriever']}`.", "",
          "| requests | throughput (req/s) | p50 ms | p95 ms | p99 ms | max ms | start-up s |",
          "|---|---|---|---|---|---|---|",
          f"| {result['requests']} | {result['throughput_rps']} | {result['p50_ms']} | {result['p95_ms']} | "
          f"{result['p99_ms']} | {result['max_ms']} | {report['startup_s']} |", "",
          f"Target p95 ≤ 150 ms: {'met' if report['meets_target'] else 'NOT met'}. "
          f"Statuses: {result['statuses']}"]
    (REPORTS / "bench-assistant.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    return report
