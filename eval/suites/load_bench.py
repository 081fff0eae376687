"""50 concurrent clients for 2 minutes against one real uvicorn server over the real KB: errors,
p50/p95/p99 and req/s (`python -m eval bench --suite load_bench`)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from eval.serving import served
from eval.suites.assistant_bench import _Conn, _questions, pct
from kb.config import Settings

REPORTS = Path(__file__).resolve().parent.parent / "reports"
CLIENTS = 50
DURATION_S = 120.0
REQUEST_TIMEOUT_S = 60.0  # a request slower than this counts as an error
WARMUP_REQUESTS = 40


async def _client(idx: int, port: int, qs: list[str], stop: float, lat: list[float],
                  statuses: Counter[str], errors: Counter[str]) -> None:
    """One keep-alive client asking question after question (web and voice, server-issued session)."""
    conn, i, session = _Conn("127.0.0.1", port), idx, None
    try:
        while time.perf_counter() < stop:
            payload = {"question": qs[i % len(qs)], "session_id": session, "channel": ("web", "voice")[i % 2]}
            t0 = time.perf_counter()
            try:
                code, data = await asyncio.wait_for(conn.post("/v1/ask", payload), REQUEST_TIMEOUT_S)
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError, IndexError) as exc:
                errors[type(exc).__name__] += 1
                conn.close()
                conn = _Conn("127.0.0.1", port)  # a broken connection is not reused
                i += CLIENTS
                continue
            lat.append((time.perf_counter() - t0) * 1000)
            if code != 200:
                errors[f"HTTP {code}"] += 1
            body = json.loads(data) if code == 200 else {}
            session = body.get("session_id", session)
            statuses[body.get("status", "?") if code == 200 else str(code)] += 1
            i += CLIENTS
    finally:
        conn.close()


async def _load(port: int, qs: list[str], clients: int, duration: float) -> dict[str, Any]:
    warm = _Conn("127.0.0.1", port)
    try:
        for q in qs[:WARMUP_REQUESTS]:
            await warm.post("/v1/ask", {"question": q})
    finally:
        warm.close()
    lat: list[float] = []
    statuses: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    t0, cpu0 = time.perf_counter(), time.process_time()
    await asyncio.gather(*(_client(i, port, qs, t0 + duration, lat, statuses, errors) for i in range(clients)))
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return {"requests": len(lat) + errors.total() - sum(v for k, v in errors.items() if k.startswith("HTTP")),
            "completed": len(lat), "seconds": round(wall, 2), "throughput_rps": round(len(lat) / wall, 1),
            "p50_ms": pct(lat, 50), "p95_ms": pct(lat, 95), "p99_ms": pct(lat, 99),
            "mean_ms": round(statistics.fmean(lat), 2) if lat else None, "max_ms": round(max(lat), 2) if lat else None,
            "client_cpu_ms_per_request": round(cpu * 1000 / max(1, len(lat)), 3),
            "errors": errors.total(), "error_kinds": dict(errors), "statuses": dict(statuses)}


def run_load(settings: Settings, clients: int = CLIENTS, duration: float = DURATION_S) -> dict[str, Any]:
    """Start `tthc serve` (rate limits off, throwaway token and interaction stores), warm it, load it."""
    tmp = Path(tempfile.mkdtemp(prefix="tthc-load-"))
    env = {"TTHC_RATE_PER_MINUTE": "0", "TTHC_TOKEN_RATE_PER_MINUTE": "0",  # one loopback address for all
           "TTHC_TOKEN_DB": str(tmp / "tokens.sqlite"), "TTHC_DATABASE_URL": f"sqlite:///{tmp}/i.sqlite"}
    try:
        with served(settings.kb_dir, env, log=tmp / "server.log") as srv:
            ready = httpx.get(f"{srv.base}/readyz", timeout=10)
            result = asyncio.run(_load(srv.port, _questions(settings), clients, duration))
            after = httpx.get(f"{srv.base}/readyz", timeout=10)
            alive = srv.proc.poll() is None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"clients": clients, "duration_s": duration, "readyz_before": ready.status_code,
            "readyz_after": after.status_code, "server_alive_after": alive, **result}


def run_bench(settings: Settings) -> dict[str, Any]:
    """Run the load and write eval/reports/bench-load.{json,md}."""
    r = run_load(settings)
    report = {"server": "uvicorn (tthc serve, 1 worker, defaults), loopback", "cpu_count": os.cpu_count(),
              "warmup_requests": WARMUP_REQUESTS, "request_timeout_s": REQUEST_TIMEOUT_S,
              "load_average_after": os.getloadavg(), **r}
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "bench-load.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    md = ["# 50 clients for 2 minutes", "",
          f"{r['clients']} concurrent keep-alive clients (asyncio, one HTTP/1.1 connection each, same machine) "
          f"for {r['duration_s']:.0f} s after {WARMUP_REQUESTS} warm-up requests; `POST /v1/ask`, dev + own "
          "questions, web and voice channels, server-issued sessions; one uvicorn worker over the real KB, "
          f"rate limits off; {report['cpu_count']} CPUs (load average after: "
          f"{', '.join(f'{x:.1f}' for x in report['load_average_after'])}). An error is a non-200 status, "
          f"a broken connection or a request over {REQUEST_TIMEOUT_S:.0f} s.", "",
          "| requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms | /readyz before → after |",
          "|---|---|---|---|---|---|---|---|",
          f"| {r['requests']} | {r['errors']} | {r['throughput_rps']} | {r['p50_ms']} | {r['p95_ms']} | "
          f"{r['p99_ms']} | {r['max_ms']} | {r['readyz_before']} → {r['readyz_after']} |", "",
          f"Answer statuses: {r['statuses']}; error kinds: {r['error_kinds'] or 'none'}; "
          f"client CPU {r['client_cpu_ms_per_request']} ms/request."]
    (REPORTS / "bench-load.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    print(f"  {r['requests']} requests, {r['errors']} errors, {r['throughput_rps']} req/s, "
          f"p50 {r['p50_ms']} / p95 {r['p95_ms']} / p99 {r['p99_ms']} ms")
    if r["errors"]:
        raise RuntimeError(f"{r['errors']} errors under load: {r['error_kinds']}")
    return report
