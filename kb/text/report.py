"""Measurements of the text layer on the real corpus: tokenize time, segmentation, restoration, latency.

``tthc text report --kb var/kb --data ../shared/data --model var/textproc`` prints them as JSON;
docs/textproc.md quotes its numbers.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

from kb.procedures.store import Store
from kb.text import Analyzer, resources, train_restorer
from kb.text.mining import agreement
from kb.text.normalize import clean, fold, has_diacritics
from kb.text.restore import Restorer, runs
from kb.text.segment import Segmenter
from kb.text.training import procedure_texts, syllable_accuracy


def _questions(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        q = clean(json.loads(line).get("question", "")) if line.strip() else ""
        if q:
            out.append(q)
    return out


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def measure(kb_dir: Path, data_dir: Path, model_dir: Path, sample: int = 1500) -> dict[str, Any]:
    """All the numbers of docs/textproc.md, measured in one run."""
    procs = list(Store(kb_dir).load())
    texts = list(procedure_texts(procs))
    report: dict[str, Any] = {"procedures": len(procs), "texts": len(texts), "chars": sum(map(len, texts))}
    an = Analyzer.load(None)
    for name, fn in (("tokens", an.tokens), ("folded_tokens", an.folded_tokens)):
        t0 = time.process_time()
        n = sum(len(fn(t)) for t in texts)
        report[f"{name}_cpu_s"] = round(time.process_time() - t0, 2)
        report[f"{name}_count"] = n
    # Segmentation vs underthesea on step sentences (steps were not given to underthesea in mining).
    rng = random.Random(7)
    sents = [s for p in procs for s in clean(p.steps).split("\n") if 20 < len(s) < 300]
    sents = rng.sample(sents, min(sample, len(sents)))
    t0 = time.process_time()
    import underthesea  # noqa: F401  (import time is not segmentation time)

    report["underthesea_import_cpu_s"] = round(time.process_time() - t0, 2)
    t0 = time.process_time()
    seg = Segmenter(resources.compounds(), resources.domain_compounds())
    report["agreement_vs_underthesea"] = agreement(sents, seg.segment)
    uts_s = time.process_time() - t0
    chars = sum(map(len, sents))
    report["underthesea_chars_per_cpu_s"] = round(chars / uts_s)
    report["underthesea_corpus_estimate_cpu_s"] = round(report["chars"] / (chars / uts_s))
    report["agreement_syllables_only"] = agreement(sents, lambda x: x)
    report["training"] = train_restorer(procedure_texts(procs), model_dir)
    restorer = Restorer.load(model_dir)
    eval_dir = data_dir / "eval"
    files = sorted(eval_dir.glob("*.jsonl")) + sorted((eval_dir / "public").glob("*.jsonl"))
    questions: dict[str, list[str]] = {f.name: _questions(f) for f in files}
    report["question_accuracy"] = {}
    for name, qs in questions.items():
        accented = [q for q in qs if has_diacritics(q)]
        acc, n = syllable_accuracy(restorer, (r for q in accented for r in runs(q)))
        entry = {"questions": len(accented), "syllables": n, "accuracy": round(acc, 4)}
        report["question_accuracy"][name] = entry
    t0 = time.perf_counter()
    an = Analyzer.load(model_dir)
    report["analyzer_load_s"] = round(time.perf_counter() - t0, 3)
    plain = [fold(q) for qs in questions.values() for q in qs]
    for q in plain[:50]:
        an.normalize_query(q)  # warm caches
    # CPU time, best of 3 passes: the machine is shared, wall time mostly measures the neighbours.
    norm_ms = [float("inf")] * len(plain)
    full_ms = [float("inf")] * len(plain)
    for _ in range(3):
        for i, q in enumerate(plain):
            t0 = time.process_time()
            nq = an.normalize_query(q)
            t1 = time.process_time()
            an.tokens(nq)
            an.folded_tokens(nq)
            t2 = time.process_time()
            norm_ms[i] = min(norm_ms[i], 1000 * (t1 - t0))
            full_ms[i] = min(full_ms[i], 1000 * (t2 - t0))
    report["query_cpu_ms"] = {
        "queries": len(plain),
        "median_words": statistics.median(len(q.split()) for q in plain),
        "normalize_p50": round(statistics.median(norm_ms), 3),
        "normalize_p95": round(_percentile(norm_ms, 95), 3),
        "with_tokens_p50": round(statistics.median(full_ms), 3),
        "with_tokens_p95": round(_percentile(full_ms, 95), 3),
    }
    return report
