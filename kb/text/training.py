"""Build-time training of the diacritic restorer on our corpus, with held-out syllable accuracy."""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kb.procedures.schema import Procedure
from kb.text import resources
from kb.text.analyzer import tokenizer_version
from kb.text.normalize import fold
from kb.text.restore import FORMAT, Restorer, runs

MANIFEST = "manifest.json"
HOLDOUT_EVERY = 20  # one run in 20 (5%) is held out, chosen by a hash of its text


def procedure_texts(procedures: Iterable[Procedure]) -> Iterator[str]:
    """The Vietnamese texts of procedures a restorer learns from (names, components, steps …)."""
    for p in procedures:
        yield p.name
        yield p.field
        yield p.steps
        yield p.requirements
        yield from p.results
        for c in p.components:
            yield c.text
        for b in p.legal_bases:
            yield b.title


QUERY_PHRASES = "query_phrases_vi.txt"
QUERY_WEIGHT = 5  # citizen phrasing counts this many times against the formal corpus


def lexicon_texts() -> Iterator[str]:
    """Our own phrases (query phrasing, stopwords, compounds, lexicon) so citizens' words are known."""
    for line in resources.data_lines(QUERY_PHRASES):
        for _ in range(QUERY_WEIGHT):
            yield line
    yield from sorted(resources.compounds())
    yield from sorted(s.replace("_", " ") for s in resources.stopwords())
    for e in resources.lexicon():
        yield e.colloquial
        yield e.official


def _held_out(run: list[str]) -> bool:
    return zlib.crc32(" ".join(run).encode("utf-8")) % HOLDOUT_EVERY == 0


def syllable_accuracy(restorer: Restorer, runs_: Iterable[list[str]]) -> tuple[float, int]:
    """Share of syllables restored exactly, over runs of accented lower-case syllables."""
    good = total = 0
    for run in runs_:
        got = restorer.restore_run([fold(w) for w in run])
        good += sum(a == b for a, b in zip(got, run, strict=True))
        total += len(run)
    return (good / total if total else 0.0), total


def train_restorer(texts: Iterable[str], out_dir: Path, holdout: bool = True) -> dict[str, Any]:
    """Train on ``texts`` (minus a 5% held-out share of runs), save model + manifest, return metrics."""
    t0 = time.perf_counter()
    train_runs: list[list[str]] = []
    test_runs: list[list[str]] = []
    for text in texts:
        for run in runs(text):
            (test_runs if holdout and _held_out(run) else train_runs).append(run)
    extra = [r for t in lexicon_texts() for r in runs(t)]
    restorer = Restorer.train(" ".join(r) for r in [*train_runs, *extra])
    train_s = time.perf_counter() - t0
    sample = test_runs[:: max(1, len(test_runs) // 3000)]  # enough for a stable figure, fast to score
    t1 = time.perf_counter()
    acc, n = syllable_accuracy(restorer, sample)
    ms_per_run = 1000 * (time.perf_counter() - t1) / max(1, len(sample))
    out_dir = Path(out_dir)
    restorer.save(out_dir)
    metrics: dict[str, Any] = {
        "format": FORMAT,
        "tokenizer_version": tokenizer_version(),
        "train_runs": len(train_runs),
        "train_syllables": sum(map(len, train_runs)),
        "heldout_runs": len(sample),
        "heldout_syllables": n,
        "heldout_syllable_accuracy": round(acc, 4),
        "ms_per_heldout_run": round(ms_per_run, 3),
        "vocabulary": len(restorer.uni),
        "bigrams": len(restorer.bi),
        "trigrams": len(restorer.tri),
        "train_seconds": round(train_s, 2),
    }
    tmp = out_dir / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(metrics, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(out_dir / MANIFEST)
    return metrics
