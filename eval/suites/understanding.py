"""Understanding suite: search recall and the assistant's procedure, facts and declines per set and split part.

Held-out parts come first and are reported as aggregates only; per-question misses are listed for the
tuning parts alone, so that nobody tunes on the held-out questions by reading them.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from assistant.service import Assistant
from assistant.sessions import MemorySessionStore
from assistant.settings import ServingSettings
from assistant.startup import load_services
from assistant.voice_check import voice_problems
from eval import splits
from eval.metrics import Judged, Outcome, by_style, declined, fact_stated, offered_right, summarize_understanding
from eval.retrieval import strip_diacritics
from eval.understanding_report import markdown
from kb.config import Settings
from kb.search.engine import SearchEngine
from kb.search.understood import FramedSearch

REPORTS = Path(__file__).resolve().parent.parent / "reports"
CHANNELS = ("web", "voice", "agent")  # web carries every metric; voice/agent the procedure and declines


def question_sets(settings: Settings) -> dict[str, list[dict[str, Any]]]:
    """Every split set's questions, the own set joined from its two committed files."""
    sets = {s.name: splits.load_jsonl(s.path(settings.data_dir)) for s in splits.SETS}
    sets[splits.OWN_SPLIT] = [r for p in splits.PARTS
                              for r in splits.load_jsonl(splits.OWN / f"citizen-own-{p}.jsonl")]
    return sets


def outcome(reply: Any) -> Outcome:
    """The assistant's reply reduced to an ``Outcome`` (voice answers checked by the voice checker)."""
    code = reply.procedure[0] if reply.procedure else None
    problems = tuple(voice_problems(reply.answer)) if reply.channel == "voice" and reply.status == "answered" else ()
    return Outcome(reply.status, code, tuple(c.code for c in reply.choices), reply.answer,
                   tuple(c.code for c in reply.candidates), problems)


def judge(a: Assistant, engine: SearchEngine, q: dict[str, Any], channel: str) -> Judged:
    """Ask one question on one channel (web also searches it, as written and without diacritics,
    with the frame, and as written with the engine alone)."""
    gold = tuple(q.get("gold") or ())
    expect = q.get("expect", "answer" if gold else "abstain")
    o = outcome(a.ask(q["question"], None, channel))  # type: ignore[arg-type]
    ranked: tuple[str, ...] = ()
    plain: tuple[str, ...] = ()
    alone: tuple[str, ...] = ()
    if channel == "web" and expect != "abstain":
        framed = FramedSearch(engine)
        ranked = tuple(h.code for h in framed.search(q["question"], 10))
        plain = tuple(h.code for h in framed.search(strip_diacritics(q["question"]), 10))
        alone = tuple(h.code for h in engine.search(q["question"], 10))
    facts = tuple(tuple(f.get("any_of", ())) for f in q.get("facts") or ())
    return Judged(gold, expect, o, ranked, plain, facts, q.get("style", ""), alone)


def tune_misses(ids: list[str], judged: list[Judged]) -> list[dict[str, Any]]:
    """Tuning-part questions where the right procedure was neither answered nor offered, or a fact was
    left out (never called on held-out questions)."""
    out = []
    for qid, j in zip(ids, judged, strict=True):
        if j.expect == "abstain":
            if not declined(j.outcome):
                out.append({"id": qid, "why": "not_declined", "status": j.outcome.status, "got": j.outcome.code})
            continue
        if not offered_right(j.outcome, j.gold):
            out.append({"id": qid, "why": "wrong_procedure", "status": j.outcome.status,
                        "got": j.outcome.code or list(j.outcome.choices)[:3], "gold": list(j.gold)[:3]})
        elif j.facts and j.outcome.status == "answered":
            missing = [f[0] for f in j.facts if not fact_stated(j.outcome.answer, f)]
            if missing:
                out.append({"id": qid, "why": "facts_missing", "missing": missing})
    return out


def evaluate(a: Assistant, engine: SearchEngine, sets: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Per set, per part (held-out first), per channel: the metric summaries."""
    results: dict[str, Any] = {}
    for name, rows in sets.items():
        part = splits.part_by_id(name)
        missing = [str(r["id"]) for r in rows if str(r["id"]) not in part]
        if missing:
            raise ValueError(f"{name}: {len(missing)} questions are not in the frozen split (e.g. {missing[0]})")
        per: dict[str, Any] = {}
        for p in splits.PARTS:
            qs = [r for r in rows if part[str(r["id"])] == p]
            per[p] = {}
            for ch in CHANNELS:
                judged = [judge(a, engine, q, ch) for q in qs]
                web = ch == "web"
                m = summarize_understanding(judged, search=web, facts=web and any(j.facts for j in judged),
                                            voice=ch == "voice")
                if web and any(j.style for j in judged):
                    m["by_style"] = by_style(judged)
                if web and p == "tune":
                    m["misses"] = tune_misses([str(q["id"]) for q in qs], judged)
                per[p][ch] = m
        results[name] = per
    return results


def run_eval(settings: Settings) -> dict[str, Any]:
    """Entry point of ``python -m eval eval --suite understanding``: eval/reports/understanding.*."""
    t0 = time.perf_counter()
    served = ServingSettings(kb_dir=settings.kb_dir, dense_model=settings.dense_model,
                             search_mode=settings.search_mode,  # type: ignore[arg-type]
                             record_interactions=False)  # no interaction store, no people's pins
    a: Assistant = load_services(served).require_assistant()
    a.sessions = MemorySessionStore(3600)
    engine = SearchEngine.load(settings.kb_dir, settings)
    load_s = time.perf_counter() - t0
    sets = question_sets(settings)
    t1 = time.perf_counter()
    results = evaluate(a, engine, sets)
    report = {
        "retriever": a.retriever_name, "search_mode": engine.mode,
        "split_version": splits.VERSION,
        "splits": {n: splits.load_split(n)["counts"] for n in sets},
        "load_s": round(load_s, 1), "run_s": round(time.perf_counter() - t1, 1),
        "results": results,
    }
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "understanding.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")
    (REPORTS / "understanding.md").write_text(markdown(report), encoding="utf-8")
    for name, per in results.items():
        h, t = per["heldout"]["web"], per["tune"]["web"]
        print(f"  {name}: right offered held-out {h['right_offered']['rate']} tune {t['right_offered']['rate']}")
    return report
