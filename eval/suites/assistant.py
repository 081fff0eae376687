"""Assistant quality: status, procedure, aspect coverage, citation validity, clarifications, dialogues."""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

from assistant.service import Assistant
from assistant.sessions import MemorySessionStore
from assistant.settings import ServingSettings
from assistant.spoken import speak
from assistant.startup import load_services
from assistant.types import CHANNELS, UNITS_SECTION, Channel, Reply
from eval.splits import tune_ids
from kb.config import Settings

HERE = Path(__file__).resolve().parent.parent
QUESTIONS = HERE / "questions"
REPORTS = HERE / "reports"
ABSTAIN = ("out_of_scope", "no_content", "handoff")
SPLIT_OF = {"dev": "citizen-dev", "own": "assistant-own", "egov_faq": "egov-faq"}
# Agents' corrections of real calls, exported from the interaction store; a growing real-world set
# (no tuning split: every miss is listed).
AGENT_CORRECTIONS = "agent-corrections.jsonl"


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    """Non-empty JSON lines of ``path``."""
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def codes_offered(r: Reply) -> set[str]:
    """The procedure answered, or every clarification choice."""
    return {r.procedure[0]} if r.procedure else {c.code for c in r.choices}


def covered(r: Reply, aspect: str) -> bool:
    """The answer carries what was asked: every item of the asked block (voice: the asked section's
    title is spoken, or the closing summary states it; an overview says the summary and a section)."""
    want = "overview" if aspect in ("general", "overview") else aspect
    blocks = [b for b in r.blocks if want == "overview" or b.aspect == want]
    if not blocks or not any(b.items for b in blocks):
        return False
    if r.channel == "voice":  # about 45 seconds: the asked section is spoken, or the summary says it
        said = r.answer.lower()
        summary = {"fees": "lệ phí:", "time": "thời hạn:", "where": "nơi nộp:"}
        if want == "overview":
            return "tóm lại" in said and any(b.title.lower() in said for b in blocks if b.items)
        first = next(b for b in blocks if b.items)
        return first.title.lower() in said or summary.get(want, "\0") in said
    items = [i for b in blocks for i in b.items if not i.startswith("[")]  # case headings are styled
    return all(i in r.answer for i in items)


def citations_valid(a: Assistant, r: Reply) -> bool:
    """Every code and legal number cited or written exists in the knowledge base."""
    refs_ok = not a.facts.unknown_refs(r.answer)
    cites_ok = all(c.code in a.facts.codes and not a.facts.unknown_refs(c.label) for c in r.citations)
    return refs_ok and cites_ok


def legal_cited(a: Assistant, r: Reply) -> bool:
    """At least one compendium article is cited and in the text, and each exists in the legal corpus.

    Web and agent text must contain every cited article; a voice answer is cut to about 45 seconds
    (the rest goes by message), so there at least one cited article must be spoken.
    """
    arts = [c for c in r.citations if c.kind == "legal_article"]
    if not arts or a.legal is None:
        return False
    said = []
    for c in arts:
        art = a.legal.get(c.article_code)
        if art is None or art.citation != c.citation:
            return False
        said.append((speak(c.citation) if r.channel == "voice" else c.citation) in r.answer)
    return any(said) if r.channel == "voice" else all(said)


def ward_named(r: Reply, units: list[str]) -> bool:
    """The answer's first block is the ward answer and names every expected new unit."""
    return bool(r.blocks) and r.blocks[0].section == UNITS_SECTION and all(
        u in " ".join(r.blocks[0].items) and u in r.answer for u in units)


def follow_clarification(a: Assistant, r: Reply, gold: list[str], channel: Channel) -> Reply:
    """Simulate the citizen picking the gold variant (button / number) after a clarification."""
    pick = next((i for i, c in enumerate(r.choices, 1) if c.code in gold), 0)
    return a.ask(str(pick), r.session_id, channel) if pick else r


def eval_questions(a: Assistant, items: list[dict[str, Any]], channel: Channel,
                   listable: set[str] | None = None) -> dict[str, Any]:
    """Single-turn metrics on one question set for one channel; misses are listed only for ``listable``
    ids (the tuning part), held-out misses are counted."""
    n_ans = n_abs = proc_ok = abs_ok = clar = cov_n = cov_ok = valid = status_ok = 0
    legal_n = legal_ok = ward_n = ward_ok = 0
    lat: list[float] = []
    misses: list[str] = []
    for q in items:
        r = a.ask(q["question"], None, channel)
        lat.append(r.timings.get("total", 0.0))
        valid += citations_valid(a, r)
        if q["expect"] == "abstain":
            n_abs += 1
            ok = r.status in ABSTAIN
            abs_ok += ok
            status_ok += ok
        else:
            n_ans += 1
            status_ok += r.status in ("answered", "clarification")
            clar += r.status == "clarification"
            hit = bool(codes_offered(r) & set(q["gold"]))
            proc_ok += hit
            if not hit:
                misses.append(q["id"])
            if hit and q.get("aspect") not in (None, "out_of_scope"):
                final = follow_clarification(a, r, q["gold"], channel) if r.status == "clarification" else r
                valid += citations_valid(a, final)
                cov_n += 1
                cov_ok += covered(final, "overview" if q["aspect"] == "general" else q["aspect"])
                if q.get("legal"):
                    legal_n += 1
                    legal_ok += legal_cited(a, final)
                if q.get("ward"):
                    ward_n += 1
                    ward_ok += ward_named(final, q["ward"])
            elif q.get("legal") or q.get("ward"):
                legal_n += bool(q.get("legal"))
                ward_n += bool(q.get("ward"))
    total = len(items)
    hidden = [m for m in misses if listable is not None and m not in listable]
    return {
        "questions": total, "answerable": n_ans, "out_of_scope": n_abs,
        "status_accuracy": round(status_ok / total, 4) if total else None,
        "procedure_correct": round(proc_ok / n_ans, 4) if n_ans else None,
        "abstain_correct": round(abs_ok / n_abs, 4) if n_abs else None,
        "clarification_rate": round(clar / n_ans, 4) if n_ans else None,
        "aspect_coverage": round(cov_ok / cov_n, 4) if cov_n else None,
        "citation_validity": round(valid / (total + cov_n), 4) if total else None,
        "pipeline_ms_p50": round(statistics.median(lat), 2) if lat else None,
        "legal_questions": legal_n,
        "legal_citation_ok": round(legal_ok / legal_n, 4) if legal_n else None,
        "ward_questions": ward_n,
        "ward_unit_ok": round(ward_ok / ward_n, 4) if ward_n else None,
        "missed": [m for m in misses if m not in hidden],
        "missed_heldout_not_listed": len(hidden),
    }


def eval_dialogues(a: Assistant, dialogues: list[dict[str, Any]], channel: Channel) -> dict[str, Any]:
    """Multi-turn: each turn's expected procedure (or "same"), abstention or hand-off."""
    turns = turns_ok = dlg_ok = 0
    failed: list[str] = []
    for d in dialogues:
        sid = f"eval-{channel}-{d['id']}"
        a.sessions.delete(sid)
        current: str | None = None
        all_ok = True
        for t in d["turns"]:
            r = a.ask(t["q"], sid, channel)
            exp = t["expect"]
            gold = [current] if exp == "same" and current else exp if isinstance(exp, list) else []
            if gold and r.status == "clarification":
                r = follow_clarification(a, r, gold, channel)
            if exp == "abstain":
                ok = r.status in ABSTAIN
            elif exp == "handoff":
                ok = r.status == "handoff"
            else:
                ok = r.status == "answered" and bool(r.procedure) and r.procedure[0] in gold  # type: ignore[index]
                ok = ok and (t["aspect"] in (None, "overview") or r.aspect == t["aspect"])
                ok = ok and (not t.get("legal") or legal_cited(a, r))
                ok = ok and (not t.get("ward") or ward_named(r, t["ward"]))
            ok = ok and citations_valid(a, r)
            if r.procedure:
                current = r.procedure[0]
            turns += 1
            turns_ok += ok
            all_ok = all_ok and ok
            if not ok:
                failed.append(f"{d['id']}: {t['q']!r} → {r.status} {r.procedure[0] if r.procedure else ''}")
        dlg_ok += all_ok
    return {"dialogues": len(dialogues), "turns": turns, "turn_accuracy": round(turns_ok / turns, 4),
            "dialogue_success": round(dlg_ok / len(dialogues), 4), "failed_turns": failed}


def run_eval(settings: Settings) -> dict[str, Any]:
    """Evaluate on the shared dev questions, the eGov FAQ set, our own set and our dialogues."""
    t0 = time.perf_counter()
    served = ServingSettings(kb_dir=settings.kb_dir, dense_model=settings.dense_model,
                             search_mode=settings.search_mode,  # type: ignore[arg-type]
                             record_interactions=False)  # measure the pipeline, not people's pins
    a = load_services(served).require_assistant()
    a.sessions = MemorySessionStore(3600)
    load_s = time.perf_counter() - t0
    sets = {"dev": load_jsonl(settings.data_dir / "eval" / "citizen-questions-dev.jsonl"),
            "own": load_jsonl(QUESTIONS / "assistant-questions.jsonl")}
    egov = settings.data_dir / "eval" / "egov-faq-mapped.jsonl"
    if egov.exists():
        sets["egov_faq"] = load_jsonl(egov)
    corrections = QUESTIONS / AGENT_CORRECTIONS  # written by `tthc analytics examples --out` (ADR 0007)
    if corrections.exists():
        sets["agent_corrections"] = load_jsonl(corrections)
    dialogues = load_jsonl(QUESTIONS / "assistant-dialogues.jsonl")
    report: dict[str, Any] = {
        "retriever": a.retriever_name, "load_s": round(load_s, 2), "hooks": a.hooks,
        "sets": {name: {ch: eval_questions(a, items, ch, tune_ids(SPLIT_OF[name]) if name in SPLIT_OF else None)
                       for ch in CHANNELS}
                 for name, items in sets.items()},
        "dialogues": {ch: eval_dialogues(a, dialogues, ch) for ch in CHANNELS},
        "statuses_dev_web": dict(Counter(a.ask(q["question"]).status for q in sets["dev"])),
        "voice_sample": speak("Lệ phí 70.000 đồng/thẻ, 7 ngày làm việc"),
    }
    write_reports(report)
    return report


def write_reports(report: dict[str, Any]) -> None:
    """eval/reports/assistant.json + .md."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "assistant.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n",
                                            encoding="utf-8")
    cols = ["status_accuracy", "procedure_correct", "abstain_correct", "clarification_rate",
            "aspect_coverage", "citation_validity", "legal_citation_ok", "ward_unit_ok", "pipeline_ms_p50"]
    md = ["# Assistant evaluation", "", f"Retriever: `{report['retriever']}`; load {report['load_s']} s.", "",
          "| set | channel | n | " + " | ".join(cols) + " |", "|" + "---|" * (len(cols) + 3)]
    for name, per in report["sets"].items():
        for ch, m in per.items():
            md.append(f"| {name} | {ch} | {m['questions']} | " + " | ".join(str(m[c]) for c in cols) + " |")
    md += ["", "## Dialogues", "", "| channel | dialogues | turns | turn accuracy | dialogue success |",
           "|---|---|---|---|---|"]
    for ch, m in report["dialogues"].items():
        md.append(f"| {ch} | {m['dialogues']} | {m['turns']} | {m['turn_accuracy']} "
                  f"| {m['dialogue_success']} |")
    md += ["", f"Hooks: {', '.join(report.get('hooks', []))}. legal_citation_ok: questions marked `legal` "
           "cite ≥ 1 compendium article that exists and is in the answer; ward_unit_ok: questions marked "
           "`ward` answer with the 2025 unit(s) of the official table first."]
    dev = report["sets"]["dev"]["web"]
    md += ["", f"Missed (dev, web; tuning part listed, held-out counted: {dev['missed_heldout_not_listed']}): "
           + (", ".join(dev["missed"]) or "none"),
           "", "Failed dialogue turns (web):", ""]
    md += [f"- {x}" for x in report["dialogues"]["web"]["failed_turns"]] or ["- none"]
    (REPORTS / "assistant.md").write_text("\n".join(md) + "\n", encoding="utf-8")
