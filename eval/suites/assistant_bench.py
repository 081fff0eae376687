"""/v1/ask latency and throughput under 8 concurrent clients against a real uvicorn server."""

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

from assistant.auth import TokenStore
from eval.serving import served
from kb.config import Settings

REPORTS = Path(__file__).resolve().parent.parent / "reports"
QUESTIONS = Path(__file__).resolve().parent.parent / "questions"
CLIENTS = 8
DURATION_S = 15.0
# (kb.search.engine mode, retrieval cache entries, interactions recorded): the default service warm,
# then every query searched, with and without the interaction store (ADR 0007: within 5 %)
MODES = (("hybrid", 2048, True), ("hybrid", 0, True), ("hybrid", 0, False), ("bm25", 0, True))
TARGET_P95_MS = 150
WARMUP_REQUESTS = 40


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


class _Conn:
    """One keep-alive HTTP/1.1 connection speaking just what the bench needs.

    A general client (httpx) costs far more CPU per request in Python; on a 2-core machine that
    CPU is taken from the server under test, so the load generator writes the requests and reads
    whole responses (status line, headers, Content-Length body) itself; the report gives the
    client's own CPU time per request."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, payload: dict[str, Any], token: str = "") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        body = json.dumps(payload, ensure_ascii=False).encode()
        auth = f"Authorization: Bearer {token}\r\n" if token else ""
        head = (f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/json\r\n{auth}"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        self.writer.write(head + body)
        status_line = await self.reader.readline()
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        data = await self.reader.readexactly(length)
        return int(status_line.split()[1]), data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _client(conn: _Conn, qs: list[str], idx: int, stop: float,
                  lat: list[float], statuses: Counter[str], token: str = "") -> None:
    i, session = idx, None  # the server issues the session; the agent channel needs a token
    channels = ("web", "voice", "agent")
    while time.perf_counter() < stop:
        q = qs[i % len(qs)]
        channel = channels[i % 3] if token else channels[i % 2]
        t0 = time.perf_counter()
        code, data = await conn.post("/v1/ask", {"question": q, "session_id": session, "channel": channel},
                                     token if channel == "agent" else "")
        lat.append((time.perf_counter() - t0) * 1000)
        body = json.loads(data) if code == 200 else {}
        session = body.get("session_id", session)
        statuses[body.get("status", "?") if code == 200 else str(code)] += 1
        i += CLIENTS


async def _load(host: str, port: int, qs: list[str], duration: float, token: str = "") -> dict[str, Any]:
    conns = [_Conn(host, port) for _ in range(CLIENTS)]
    try:
        for q in qs[:WARMUP_REQUESTS]:  # warm caches and code paths
            await conns[0].post("/v1/ask", {"question": q})
        lat: list[float] = []
        statuses: Counter[str] = Counter()
        t0, cpu0 = time.perf_counter(), time.process_time()
        await asyncio.gather(*(_client(conns[i], qs, i, t0 + duration, lat, statuses, token)
                               for i in range(CLIENTS)))
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    finally:
        for c in conns:
            c.close()
    return {"requests": len(lat), "seconds": round(wall, 2), "throughput_rps": round(len(lat) / wall, 1),
            "p50_ms": pct(lat, 50), "p95_ms": pct(lat, 95), "p99_ms": pct(lat, 99),
            "mean_ms": round(statistics.fmean(lat), 2), "max_ms": round(max(lat), 2),
            "client_cpu_ms_per_request": round(cpu * 1000 / max(1, len(lat)), 3),
            "statuses": dict(statuses)}


def bench_mode(settings: Settings, mode: str, cache: int, record: bool = True) -> dict[str, Any]:
    """Start `tthc serve` (search mode ``mode``) on a loopback port, warm it, load it; turns are
    recorded into a throwaway SQLite store when ``record``."""
    store = tempfile.mkdtemp(prefix="tthc-bench-")
    tokens = Path(tempfile.mkdtemp(prefix="bench-tokens-")) / "tokens.sqlite"
    token = TokenStore(tokens).create("bench-agent", "agent")
    env = {"TTHC_SEARCH_MODE": mode, "TTHC_RETRIEVAL_CACHE": str(cache), "TTHC_TOKEN_DB": str(tokens),
           "TTHC_RATE_PER_MINUTE": "0", "TTHC_TOKEN_RATE_PER_MINUTE": "0",  # measure the server, not the limits
           "TTHC_RECORD_INTERACTIONS": str(record).lower(), "TTHC_DATABASE_URL": f"sqlite:///{store}/i.sqlite"}
    try:
        with served(settings.kb_dir, env) as srv:
            retriever = httpx.get(f"{srv.base}/v1/search", params={"q": "khai sinh"}, timeout=60).json()["retriever"]
            result = asyncio.run(_load("127.0.0.1", srv.port, _questions(settings), DURATION_S, token))
            recorded = httpx.get(f"{srv.base}/readyz", timeout=10).json().get("interactions")
            startup_s = srv.startup_s
    finally:
        shutil.rmtree(store, ignore_errors=True)
    return {"mode": mode, "cache": cache, "record": record, "recorded": recorded, "retriever": retriever,
            "startup_s": round(startup_s, 2), **result,
            "meets_target": result["p95_ms"] <= TARGET_P95_MS}


def run_bench(settings: Settings) -> dict[str, Any]:
    """Bench each search mode in turn and write eval/reports/bench-assistant.{json,md}."""
    runs = [bench_mode(settings, m, c, rec) for m, c, rec in MODES]
    report = {"clients": CLIENTS, "duration_s": DURATION_S, "warmup_requests": WARMUP_REQUESTS,
              "server": "uvicorn (tthc serve, 1 worker, TTHC_PIPELINE_CONCURRENCY=1, TTHC_TORCH_THREADS=1)",
              "cpu_count": os.cpu_count(),
              "load_average_after": os.getloadavg(), "target_p95_ms": TARGET_P95_MS, "runs": runs}
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "bench-assistant.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    md = ["# /v1/ask under load", "",
          f"{CLIENTS} concurrent keep-alive clients (asyncio, one HTTP/1.1 connection each, same "
          f"machine), {DURATION_S:.0f} s after {WARMUP_REQUESTS} warm-up requests, loopback, dev + own "
          "questions, mixed channels and sessions; one uvicorn worker running one answer at a time "
          f"(torch 1 thread); {report['cpu_count']} CPUs shared with other work "
          f"(load average after: {', '.join(f'{x:.1f}' for x in report['load_average_after'])}).", "",
          "| search mode | cache | recorded | retriever | requests | req/s | p50 ms | p95 ms | p99 ms | max ms "
          "| client CPU ms/req | start-up s | p95 ≤ 150 ms |", "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        md.append(f"| {r['mode']} | {r['cache']} | {'yes' if r['record'] else 'no'} | {r['retriever']} | "
                  f"{r['requests']} | "
                  f"{r['throughput_rps']} | "
                  f"{r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | {r['max_ms']} | "
                  f"{r['client_cpu_ms_per_request']} | {r['startup_s']} | "
                  f"{'yes' if r['meets_target'] else 'no'} |")
    md += ["", "Statuses: " + "; ".join(f"{r['mode']}: {r['statuses']}" for r in runs)]
    on, off = (next(r for r in runs if r["mode"] == "hybrid" and r["cache"] == 0 and r["record"] is rec)
               for rec in (True, False))
    md += ["", f"Interaction store (hybrid, no cache): p50 {on['p50_ms']} vs {off['p50_ms']} ms "
           f"({(on['p50_ms'] / off['p50_ms'] - 1) * 100:+.1f} %), mean {on['mean_ms']} vs {off['mean_ms']} ms "
           f"({(on['mean_ms'] / off['mean_ms'] - 1) * 100:+.1f} %); writer: {on['recorded']}."]
    (REPORTS / "bench-assistant.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    return report
