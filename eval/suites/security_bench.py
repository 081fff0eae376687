"""Worst-case clients against normal ones: throughput and p95 of 8 normal clients alone, then with 2
clients sending pathological questions, with 1 and 2 uvicorn workers, and RSS per worker process.

The worst-case clients alternate a rejected 2,000-character one-token question ("0"×2000), a rejected
emoji run and the most expensive accepted question (50 random 20-letter words). Rate limits are off
(every client shares the loopback address); what is measured is the cost bound of each question.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import string
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
NORMAL, WORST = 8, 2
DURATION_S = 10.0
WORKERS = (1, 2)


def worst_questions(seed: int = 7) -> list[str]:
    """The pathological questions the two worst-case clients cycle through."""
    rnd = random.Random(seed)
    long_words = " ".join("".join(rnd.choice(string.ascii_lowercase) for _ in range(20)) for _ in range(50))
    return ["0" * 2000, "😀" * 1000, long_words]


async def _clients(port: int, normal_qs: list[str], worst: bool, duration: float) -> dict[str, Any]:
    conns = [_Conn("127.0.0.1", port) for _ in range(NORMAL + (WORST if worst else 0))]
    lat: list[float] = []
    statuses: Counter[str] = Counter()
    worst_statuses: Counter[str] = Counter()
    stop = time.perf_counter() + duration

    async def run(idx: int) -> None:
        bad = idx >= NORMAL
        qs = worst_questions() if bad else normal_qs
        i = idx
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            code, data = await conns[idx].post("/v1/ask", {"question": qs[i % len(qs)], "channel": "web"})
            if bad:
                worst_statuses[str(code)] += 1
            else:
                lat.append((time.perf_counter() - t0) * 1000)
                statuses[json.loads(data).get("status", "?") if code == 200 else str(code)] += 1
            i += 1

    t0 = time.perf_counter()
    try:
        await asyncio.gather(*(run(i) for i in range(len(conns))))
    finally:
        for c in conns:
            c.close()
    wall = time.perf_counter() - t0
    return {"normal_requests": len(lat), "normal_rps": round(len(lat) / wall, 1), "p50_ms": pct(lat, 50),
            "p95_ms": pct(lat, 95), "statuses": dict(statuses), "worst_statuses": dict(worst_statuses)}


def rss_mb(pid: int) -> dict[int, float]:
    """Resident memory (MiB) of ``pid`` and its children, from /proc."""
    out: dict[int, float] = {}
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            kids = " ".join(Path(t, "children").read_text() for t in Path(f"/proc/{p}/task").iterdir())
        except OSError:
            continue
        kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        out[p] = round(kb / 1024, 1)
        todo += [int(x) for x in kids.split()]
    return out


def bench_workers(settings: Settings, workers: int) -> dict[str, Any]:
    """Start `tthc serve --workers N`, then the normal run and the run under attack."""
    env = {"TTHC_RATE_PER_MINUTE": "0", "TTHC_TOKEN_DB": str(Path(tempfile.mkdtemp()) / "tokens.sqlite")}
    with served(settings.kb_dir, env, ("--workers", str(workers)), ready="/readyz") as srv:
        qs = _questions(settings)
        for q in qs[:40]:
            httpx.post(f"{srv.base}/v1/ask", json={"question": q}, timeout=60)
        alone = asyncio.run(_clients(srv.port, qs, False, DURATION_S))
        attacked = asyncio.run(_clients(srv.port, qs, True, DURATION_S))
        memory = rss_mb(srv.proc.pid)
    drop = 1 - attacked["normal_rps"] / alone["normal_rps"] if alone["normal_rps"] else None
    return {"workers": workers, "alone": alone, "attacked": attacked,
            "normal_throughput_drop": round(drop, 3) if drop is not None else None,
            "rss_mb": memory, "meets_target": drop is not None and drop < 0.2}


def run_bench(settings: Settings) -> dict[str, Any]:
    """Both worker counts; eval/reports/bench-security.{json,md}."""
    runs = [bench_workers(settings, w) for w in WORKERS]
    report = {"normal_clients": NORMAL, "worst_clients": WORST, "duration_s": DURATION_S,
              "cpu_count": os.cpu_count(), "load_average_after": os.getloadavg(), "runs": runs}
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "bench-security.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    md = ["# Worst-case clients against normal ones", "",
          f"{NORMAL} normal keep-alive clients (dev + own questions, web channel) for {DURATION_S:.0f} s, "
          f"then the same with {WORST} clients cycling a rejected '0'×2000, a rejected emoji run and the "
          "costliest accepted question (50 random 20-letter words); rate limits off; "
          f"{report['cpu_count']} CPUs.", "",
          "| workers | normal req/s alone | p95 ms alone | normal req/s attacked | p95 ms attacked | drop "
          "| < 20 % | worst-case statuses | RSS MiB per process |", "|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        a, b = r["alone"], r["attacked"]
        md.append(f"| {r['workers']} | {a['normal_rps']} | {a['p95_ms']} | {b['normal_rps']} | {b['p95_ms']} | "
                  f"{r['normal_throughput_drop']} | {'yes' if r['meets_target'] else 'no'} | "
                  f"{b['worst_statuses']} | {', '.join(str(v) for v in r['rss_mb'].values())} |")
    (REPORTS / "bench-security.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    for r in runs:
        print(f"  {r['workers']} worker(s): normal {r['alone']['normal_rps']} → {r['attacked']['normal_rps']} req/s "
              f"(drop {r['normal_throughput_drop']})")
    return report
