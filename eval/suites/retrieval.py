"""Retrieval quality suite: shared + own question sets × variants × systems → eval/reports/retrieval.*."""

from __future__ import annotations

import json
import time
from typing import Any

from eval.retrieval import VARIANTS, Question, load_questions, run_system
from eval.splits import OWN_SPLIT, tune_ids
from kb.config import PROJECT_ROOT, Settings

REPORTS = PROJECT_ROOT / "eval" / "reports"
OWN = PROJECT_ROOT / "eval" / "questions"
SYSTEMS = ("hybrid", "bm25", "dense", "baseline_rank_bm25")
KEY_METRICS = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "abstain_acc")
SPLIT_OF = {"citizen-dev": "citizen-dev", "egov-faq": "egov-faq", "own-tune": OWN_SPLIT, "own-heldout": OWN_SPLIT}


def listable(set_name: str) -> set[str] | None:
    """Question ids whose misses may be listed (the tuning part); None when the set has no split."""
    return tune_ids(SPLIT_OF[set_name]) if set_name in SPLIT_OF else None


def question_sets(settings: Settings) -> dict[str, list[Question]]:
    """The shared dev/egov sets and our own tuning and held-out sets (those that exist)."""
    files = {
        "citizen-dev": settings.data_dir / "eval" / "citizen-questions-dev.jsonl",
        "egov-faq": settings.data_dir / "eval" / "egov-faq-mapped.jsonl",
        "own-tune": OWN / "citizen-own-tune.jsonl",
        "own-heldout": OWN / "citizen-own-heldout.jsonl",
    }
    return {name: load_questions(p) for name, p in files.items() if p.exists()}


def _codes(engine: Any) -> Any:
    def search(q: str) -> list[str]:
        return [h.code for h in engine.search(q, 10)]
    return search


def evaluate(settings: Settings, sets: dict[str, list[Question]] | None = None,
             systems: tuple[str, ...] = SYSTEMS) -> dict[str, Any]:
    """Run every system on every set and variant; returns the report dict."""
    from eval.baseline import RankBM25Baseline
    from kb.procedures.store import Store
    from kb.search.engine import SearchEngine

    sets = sets if sets is not None else question_sets(settings)
    engine = SearchEngine.load(settings.kb_dir, settings, mode="hybrid")  # loads dense too
    search = {m: engine.with_params(mode=m) for m in ("hybrid", "bm25", "dense")}
    baseline = RankBM25Baseline(Store(settings.kb_dir).load()) if "baseline_rank_bm25" in systems else None
    results: dict[str, Any] = {}
    for set_name, qs in sets.items():
        shown = listable(set_name)
        for variant in VARIANTS:
            for system in systems:
                if system == "baseline_rank_bm25":
                    assert baseline is not None
                    fn = baseline.search
                else:
                    eng = search[system]
                    if eng.mode != system:
                        continue
                    fn = _codes(eng)
                m, misses = run_system(fn, qs, variant)
                kept = [x for x in misses if shown is None or x["id"] in shown]  # held-out: counts only
                results.setdefault(set_name, {}).setdefault(variant, {})[system] = {
                    **m, "misses": kept, "misses_heldout_not_listed": len(misses) - len(kept)}
    return {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "index": {k: engine.col.manifest.get(k) for k in ("analyzer_version", "embedder", "counts")},
        "params": {k: getattr(engine.params, k) for k in engine.params.__slots__},
        "sets": {k: len(v) for k, v in sets.items()},
        "results": results,
    }


def markdown(report: dict[str, Any]) -> str:
    """A compact Markdown rendering of the report (misses left to the JSON)."""
    emb = (report["index"]["embedder"] or {}).get("id")
    lines = ["# Retrieval evaluation", "", f"Generated {report['generated_at']}; index "
             f"`{report['index']['analyzer_version']}`, embedder `{emb}`.",
             "", "Fusion parameters: `" + json.dumps(report["params"]) + "`", ""]
    for set_name, by_variant in report["results"].items():
        lines += [f"## {set_name} ({report['sets'][set_name]} questions)", "",
                  "| variant | system | " + " | ".join(KEY_METRICS) + " | p50 ms |",
                  "|---|---|" + "---|" * (len(KEY_METRICS) + 1)]
        for variant, by_sys in by_variant.items():
            for system, m in by_sys.items():
                vals = " | ".join(f"{m[k]:.3f}" if m[k] == m[k] else "–" for k in KEY_METRICS)
                lines.append(f"| {variant} | {system} | {vals} | {m['latency_ms_p50']} |")
        lines.append("")
    return "\n".join(lines)


def run_eval(settings: Settings) -> dict[str, Any]:
    """Entry point of ``python -m eval eval``: writes eval/reports/retrieval.json and .md."""
    report = evaluate(settings)
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "retrieval.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    (REPORTS / "retrieval.md").write_text(markdown(report), "utf-8")
    for set_name, by_variant in report["results"].items():
        h = by_variant["accented"].get("hybrid", {})
        print(f"  {set_name}: hybrid R@1 {h.get('recall@1')} R@5 {h.get('recall@5')} "
              f"abstain {h.get('abstain_acc')}")
    return report
