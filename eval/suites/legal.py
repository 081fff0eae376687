"""Legal corpus and ward map: parse coverage, Recall@1/5 with gold citations, links, ward checks, speed."""

from __future__ import annotations

import gzip
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from kb.config import PROJECT_ROOT, Settings
from kb.legal.links import resolve_basis
from kb.legal.store import LegalStore, open_legal
from kb.procedures.schema import LegalBasis
from kb.text.normalize import clean, fold, one_line
from kb.units.resolve import Resolver, verify_table
from kb.units.table import Units

QUESTIONS = PROJECT_ROOT / "eval" / "questions" / "legal.jsonl"
REPORTS = PROJECT_ROOT / "eval" / "reports"


def recall_at(ranked: list[list[str]], gold: list[set[str]], k: int) -> float:
    """Share of questions with a gold citation among the first ``k`` results."""
    return sum(bool(set(r[:k]) & g) for r, g in zip(ranked, gold, strict=True)) / max(1, len(gold))


def mrr(ranked: list[list[str]], gold: list[set[str]], k: int = 10) -> float:
    """Mean reciprocal rank of the first gold citation within ``k``."""
    tot = 0.0
    for r, g in zip(ranked, gold, strict=True):
        tot += next((1.0 / i for i, c in enumerate(r[:k], 1) if c in g), 0.0)
    return tot / max(1, len(gold))


def questions() -> list[dict[str, Any]]:
    """The gold question set (≥ 50 questions written for this project)."""
    return [json.loads(ln) for ln in QUESTIONS.read_text(encoding="utf-8").splitlines() if ln.strip()]


def retrieval(store: LegalStore, qs: list[dict[str, Any]], folded: bool = False) -> dict[str, Any]:
    """Recall@1/5, MRR@10 and the misses, for questions as written or without diacritics."""
    ranked = [
        [h.citation for h in store.search(fold(q["question"]) if folded else q["question"], k=10)] for q in qs
    ]
    gold = [set(q["gold"]) for q in qs]
    misses = [
        {"id": q["id"], "question": q["question"], "gold": q["gold"], "top3": r[:3]}
        for q, r, g in zip(qs, ranked, gold, strict=True)
        if not set(r[:5]) & g
    ]
    return {
        "questions": len(qs),
        "recall@1": round(recall_at(ranked, gold, 1), 3),
        "recall@5": round(recall_at(ranked, gold, 5), 3),
        "mrr@10": round(mrr(ranked, gold), 3),
        "misses@5": misses,
    }


def link_stats(store: LegalStore, procedures_file: Path) -> dict[str, Any]:
    """Resolve every distinct raw legal-basis number of the portal export against the corpus."""
    raw: dict[str, str] = {}
    with gzip.open(procedures_file, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)["raw_procedure"]["detail"]
            for b in d.get("legalBasisesDetails") or []:
                raw.setdefault(b.get("code") or "", b.get("name") or "")
    status: Counter[str] = Counter()
    for num, title in raw.items():
        status[resolve_basis(store, LegalBasis(one_line(num), clean(title))).status] += 1
    return {
        "distinct_numbers": len(raw),
        "by_status": dict(status),
        "resolved": status["document"] + status["amending"],
        "resolved_to_document": status["document"],
    }


def not_parsed(store: LegalStore) -> list[dict[str, Any]]:
    """Every article that did not parse fully: code, topic file, title and the reasons."""
    rows = store.con.execute(
        "SELECT code, topic_path, json_extract(data, '$.title'), json_extract(data, '$.problems') "
        "FROM articles WHERE full = 0 ORDER BY topic_path, code"
    ).fetchall()
    return [{"code": c, "topic": t, "title": ti, "problems": json.loads(p)} for c, t, ti, p in rows]


def run_eval(settings: Settings) -> dict[str, Any]:
    """Write eval/reports/legal.json and legal.md."""
    store = open_legal(settings.kb_dir, settings)
    lexical = LegalStore(settings.kb_dir).load()
    qs = questions()
    resolver = Resolver(Units(settings.kb_dir).load())
    report = {
        "corpus": {
            **store.manifest["counts"],
            "failures": store.manifest["report"]["failures"],
            "failure_examples": store.manifest["report"]["failure_examples"],
            "duplicates": store.manifest["report"]["duplicates"],
            "not_parsed_fully": not_parsed(lexical),
        },
        "mode": store.mode,
        "retrieval": retrieval(store, qs),
        "retrieval_no_diacritics": retrieval(store, qs, folded=True),
        "retrieval_bm25_only": retrieval(lexical, qs),
        "links": link_stats(store, settings.procedures_file),
        "wards": verify_table(resolver),
        "engine": "project engine terms (kb.text.analysis.index_terms) in a numpy BM25 over clause chunks"
        " + the engine's dense model over articles (FAISS), weighted fusion 0.7/0.3",
    }
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "legal.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    (REPORTS / "legal.md").write_text(_markdown(report), encoding="utf-8")
    r, f = report["retrieval"], report["retrieval_no_diacritics"]
    print(
        f"legal: R@1 {r['recall@1']} R@5 {r['recall@5']} (no diacritics {f['recall@1']}/{f['recall@5']}); "
        f"links {report['links']['resolved']}/{report['links']['distinct_numbers']}; "
        f"wards wrong {report['wards']['wrong']}"
    )
    return report


def _markdown(r: dict[str, Any]) -> str:
    c, lk, w = r["corpus"], r["links"], r["wards"]
    lines = [
        "# Legal corpus and 2025 ward map — evaluation",
        "",
        f"Engine: {r['engine']}.",
        "",
        "## Parsing",
        "",
        f"- articles: {c['articles']} (parsed fully: {c['parsed_fully']}, "
        f"{100 * c['parsed_fully'] / c['articles']:.2f} %); documents: {c['documents']}; "
        f"chunks indexed: {c['chunks']}; duplicate codes across topics skipped: {c['duplicates']}",
        "",
        "| failure | articles | examples |",
        "|---|---:|---|",
        *[
            f"| {k} | {v} | {', '.join(c['failure_examples'].get(k, [])[:3])} |"
            for k, v in sorted(c["failures"].items(), key=lambda kv: -kv[1])
        ],
        "",
        f"Every article not parsed fully ({len(c['not_parsed_fully'])}) is listed in legal.json"
        " (`corpus.not_parsed_fully`).",
        "",
        "## Retrieval (gold citations, eval/questions/legal.jsonl)",
        "",
        "| input | questions | Recall@1 | Recall@5 | MRR@10 |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, key in (
        (f"as written ({r['mode']})", "retrieval"),
        (f"without diacritics ({r['mode']})", "retrieval_no_diacritics"),
        ("as written (bm25 only)", "retrieval_bm25_only"),
    ):
        x = r[key]
        lines.append(f"| {name} | {x['questions']} | {x['recall@1']} | {x['recall@5']} | {x['mrr@10']} |")
    lines += ["", "Misses at 5 (as written):", ""]
    lines += [
        f"- {m['id']} {m['question']} — gold {m['gold']}, got {m['top3']}" for m in r["retrieval"]["misses@5"]
    ]
    lines += [
        "",
        "## Procedure → legal corpus links",
        "",
        f"- distinct legal-basis numbers in the portal export: {lk['distinct_numbers']}",
        f"- resolved: {lk['resolved']} (to a corpus document: {lk['resolved_to_document']}; "
        f"to articles the document amended: {lk['resolved'] - lk['resolved_to_document']})",
        f"- by status: {lk['by_status']}",
        "",
        "## Ward resolution against the official table",
        "",
        f"- old units: {w['old_units']}; resolved to exactly the table's new units, unique answer: "
        f"{w['exact']}; among equally good answers (same name in the same district): {w['ambiguous']}; "
        f"wrong or missing: {w['wrong']}",
        "",
    ]
    return "\n".join(lines)


def build_bench(settings: Settings) -> dict[str, Any]:
    """Full forced legal build (dense part included) in a child process: time, peak RSS, size."""
    src = settings.legal_file
    with tempfile.TemporaryDirectory(prefix="legal-bench-") as tmp:
        code = (
            "from pathlib import Path; from ingestion.legal_build import build_legal; "
            "from cli.legal_build import engine_embedder; from kb.config import Settings; "
            f"e = engine_embedder(Path({str(settings.kb_dir)!r}), Settings.from_env()); "
            f"build_legal(Path({str(src)!r}), Path({tmp!r}), force=True, workers={settings.legal_workers}, "
            "embedder=e)"
        )
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=PROJECT_ROOT)
        build_s = time.perf_counter() - t0
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size = sum(p.stat().st_size for p in (Path(tmp) / "legal").rglob("*") if p.is_file())
    return {
        "seconds": round(build_s, 1),
        "workers": settings.legal_workers,
        "peak_rss_mb": round(rss_mb),
        "size_mb": round(size / 1e6, 1),
        "targets": "< 20 min, < 4 GB RSS",
    }


def latency_bench(settings: Settings) -> dict[str, Any]:
    """Legal search latency (questions with and without diacritics, 5 rounds) and ward resolution."""
    store = open_legal(settings.kb_dir, settings)
    qs = [q["question"] for q in questions()]
    qs += [fold(q) for q in qs]
    for q in qs[:5]:
        store.search(q, k=5)  # warm-up
    lat = []
    for _ in range(5):
        for q in qs:
            t = time.perf_counter()
            store.search(q, k=5)
            lat.append(1000 * (time.perf_counter() - t))
    resolver = Resolver(Units(settings.kb_dir).load())
    wl = []
    for q in [
        "Phường Hàng Bạc, Quận Hoàn Kiếm, Hà Nội",
        "phuong hang bac hoan kiem ha noi",
        "phuong 1 quan 3 tp hcm",
        "Phường Hàng Bạcc Hoàn Kiếm",
        "xa tan lap dan phuong ha noi",
    ] * 20:
        t = time.perf_counter()
        resolver.resolve(q)
        wl.append(1000 * (time.perf_counter() - t))
    pct = statistics.quantiles
    return {
        "search_ms": {
            "mode": store.mode,
            "queries": len(lat),
            "p50": round(statistics.median(lat), 2),
            "p95": round(pct(lat, n=20)[18], 2),
            "target_p95": 50,
        },
        "ward_ms": {
            "queries": len(wl),
            "p50": round(statistics.median(wl), 2),
            "p95": round(pct(wl, n=20)[18], 2),
        },
    }


def run_bench(settings: Settings) -> dict[str, Any]:
    """Write eval/reports/legal-bench.json and .md: build cost, then search and ward latency."""
    report = {"build": build_bench(settings), **latency_bench(settings)}
    write_bench(report)
    return report


def write_bench(report: dict[str, Any]) -> None:
    """The bench report as JSON and Markdown."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "legal-bench.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    b, s, wm = report["build"], report["search_ms"], report["ward_ms"]
    (REPORTS / "legal-bench.md").write_text(
        "# Legal collection and ward resolver — benchmark\n\n"
        f"- full legal build ({b['workers']} workers, forced): {b['seconds']} s, "
        f"peak RSS {b['peak_rss_mb']} MB, "
        f"{b['size_mb']} MB on disk (targets {b['targets']})\n"
        f"- legal search ({s['mode']}), {s['queries']} queries (with and without diacritics): "
        f"p50 {s['p50']} ms, "
        f"p95 {s['p95']} ms (target ≤ 50 ms)\n"
        f"- ward resolution, {wm['queries']} queries: p50 {wm['p50']} ms, p95 {wm['p95']} ms\n",
        encoding="utf-8",
    )
    print(
        f"legal bench: build {b['seconds']} s, RSS {b['peak_rss_mb']} MB, {b['size_mb']} MB; "
        f"search p95 {s['p95']} ms"
    )
