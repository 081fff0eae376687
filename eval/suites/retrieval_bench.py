"""Retrieval benchmark: build time, index size, RSS after load, query latency vs a rank_bm25 baseline."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from eval.retrieval import VARIANTS, load_questions
from eval.suites.retrieval import OWN, REPORTS
from kb.config import Settings

MIN_QUERIES = 1000
_RSS_CODE = """
import json, sys, resource
from pathlib import Path
from kb.config import Settings
from kb.search.engine import SearchEngine
s = Settings.from_env()
eng = SearchEngine.load(Path(sys.argv[1]), s, mode=sys.argv[2])
eng.search("đăng ký khai sinh")
rss = int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0])
print(json.dumps({"rss_mb": round(rss / 1024, 1), "mode": eng.mode}))
"""


def bench_queries(settings: Settings) -> list[str]:
    """≥1,000 realistic queries: every question set × variant, then procedure-name fragments."""
    files = [settings.data_dir / "eval" / "citizen-questions-dev.jsonl",
             settings.data_dir / "eval" / "egov-faq-mapped.jsonl",
             OWN / "citizen-own-tune.jsonl", OWN / "citizen-own-heldout.jsonl"]
    qs = [fn(q) for f in files if f.exists() for q in load_questions(f) for fn in VARIANTS.values()]
    if len(qs) < MIN_QUERIES:
        from kb.procedures.store import Store

        store = Store(settings.kb_dir).load()
        for i, code in enumerate(store.codes()):
            if len(qs) >= MIN_QUERIES:
                break
            if i % 3 == 0:
                p = store.get(code)
                if p is not None:
                    words = p.name.lower().split()
                    qs.append(" ".join(words[: max(3, len(words) // 2)]))
    return qs


def _pct(values: list[float], p: float) -> float:
    v = sorted(values)
    return round(1000 * v[min(len(v) - 1, int(p * len(v)))], 2)


def _dir_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6, 1)


def _rss(kb_dir: Path, mode: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", _RSS_CODE, str(kb_dir), mode], capture_output=True,
                         text=True, check=True, env={**os.environ, "TTHC_KB_DIR": str(kb_dir)})
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _build_time(settings: Settings) -> dict[str, Any]:
    """Forced rebuild of the lexical index (and restorer) on a copy of the store."""
    from kb.search.indexes import build_indexes

    with tempfile.TemporaryDirectory() as tmp:
        kb = Path(tmp) / "kb"
        kb.mkdir()
        for name in ("kb.sqlite", "manifest.json"):
            shutil.copy2(settings.kb_dir / name, kb / name)
        t0 = time.perf_counter()
        rep = build_indexes(kb, Settings(kb_dir=kb, build_dense=False), force=True)
        return {"bm25_build_s": round(time.perf_counter() - t0, 1), "chunks": rep["chunks"],
                "restorer_s": rep.get("restorer_seconds"), "lexical_s": rep["index_seconds"]["lexical"]}


def run_bench(settings: Settings) -> dict[str, Any]:
    """Entry point of ``python -m eval bench``: writes eval/reports/bench-retrieval.json and .md."""
    from eval.baseline import RankBM25Baseline
    from kb.procedures.store import Store
    from kb.search.engine import SearchEngine
    from kb.search.indexes import DENSE_DIR, INDEX_DIR, PROCEDURES

    queries = bench_queries(settings)
    report: dict[str, Any] = {"generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                              "queries": len(queries), "cpus": os.cpu_count()}
    base = settings.kb_dir / INDEX_DIR
    man = json.loads((base / PROCEDURES / "manifest.json").read_text(encoding="utf-8"))
    dense_info = base / DENSE_DIR / "tthc_model.json"
    report["build"] = {**_build_time(settings), "full_index_s_last_build": man["seconds"]["total"],
                       "dense_training_s_last_build": json.loads(dense_info.read_text())["seconds"]
                       if dense_info.exists() else None}
    report["size_mb"] = {p.name: _dir_mb(p) if p.is_dir() else round(p.stat().st_size / 1e6, 1)
                         for p in sorted(base.iterdir()) if not p.name.startswith(".")}
    report["rss_after_load"] = {m: _rss(settings.kb_dir, m) for m in ("bm25", "hybrid")}
    eng_all = SearchEngine.load(settings.kb_dir, settings, mode="hybrid")
    for mode in ("bm25", "hybrid"):
        eng = eng_all.with_params(mode=mode)
        for q in queries[:50]:
            eng.search(q)  # warm caches
        times = []
        for q in queries:
            t0 = time.perf_counter()
            eng.search(q)
            times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        eng.search_many(queries)
        batch_total = time.perf_counter() - t0
        report[f"latency_{mode}"] = {"single_p50_ms": _pct(times, 0.5), "single_p95_ms": _pct(times, 0.95),
                                     "batch_ms_per_query": round(1000 * batch_total / len(queries), 2),
                                     "batch_qps": round(len(queries) / batch_total, 1)}
    t0 = time.perf_counter()
    baseline = RankBM25Baseline(Store(settings.kb_dir).load())
    base_build = time.perf_counter() - t0
    sample = queries[:: max(1, len(queries) // 300)]
    btimes = []
    for q in sample:
        t0 = time.perf_counter()
        baseline.search(q)
        btimes.append(time.perf_counter() - t0)
    report["baseline_rank_bm25"] = {"build_s": round(base_build, 1), "queries": len(sample),
                                    "p50_ms": _pct(btimes, 0.5), "p95_ms": _pct(btimes, 0.95)}
    ours = report[f"latency_{settings.search_mode}"] if f"latency_{settings.search_mode}" in report \
        else report["latency_bm25"]
    report["speedup_vs_rank_bm25"] = {
        "p50": round(report["baseline_rank_bm25"]["p50_ms"] / max(ours["single_p50_ms"], 1e-3), 1),
        "p95": round(report["baseline_rank_bm25"]["p95_ms"] / max(ours["single_p95_ms"], 1e-3), 1)}
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "bench-retrieval.json").write_text(json.dumps(report, indent=1), "utf-8")
    (REPORTS / "bench-retrieval.md").write_text(_markdown(report), "utf-8")
    print(f"  p95 bm25 {report['latency_bm25']['single_p95_ms']} ms, hybrid "
          f"{report['latency_hybrid']['single_p95_ms']} ms; speed-up vs rank_bm25 "
          f"{report['speedup_vs_rank_bm25']}")
    return report


def _markdown(r: dict[str, Any]) -> str:
    lines = ["# Retrieval benchmark", "", f"Generated {r['generated_at']} on {r['cpus']} CPUs; "
             f"{r['queries']} queries (question sets × variants + name fragments).", "",
             "## Build", "", "```json", json.dumps(r["build"], indent=1), "```", "",
             "## Size (MB)", "", "| part | MB |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in r["size_mb"].items()]
    lines += ["", "## RSS after load", "", "| mode | RSS MB |", "|---|---|"]
    lines += [f"| {k} | {v['rss_mb']} |" for k, v in r["rss_after_load"].items()]
    lines += ["", "## Query latency (warm)", "", "| system | p50 ms | p95 ms | batch ms/query |",
              "|---|---|---|---|"]
    for mode in ("bm25", "hybrid"):
        m = r[f"latency_{mode}"]
        lines.append(f"| ours {mode} | {m['single_p50_ms']} | {m['single_p95_ms']} | "
                     f"{m['batch_ms_per_query']} |")
    b = r["baseline_rank_bm25"]
    lines += [f"| rank_bm25 baseline ({b['queries']} queries) | {b['p50_ms']} | {b['p95_ms']} | – |", "",
              f"Speed-up of the default mode over rank_bm25: {r['speedup_vs_rank_bm25']}", ""]
    return "\n".join(lines)
