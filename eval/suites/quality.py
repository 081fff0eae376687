"""Data-quality audit: precision per rule on the hand-labelled sample, and the counts on the whole KB.

Each labelled finding (``eval/quality_gold/sample.jsonl``) is a rule's output that we judged by reading
its quoted evidence: ``label`` true when the record really has that problem. The rules are re-run on the
KB as of the labelling date; precision of a rule = labelled-true findings it still produces / labelled
findings it still produces. ``tuning`` items were read while the rules were written (two context
exclusions came from them); ``held_out`` items were drawn after, and are reported first.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from kb.config import Settings
from kb.legal.store import LegalStore
from kb.procedures.store import Store
from kb.quality.legal_rules import CompendiumIndex
from kb.quality.model import RuleContext
from kb.quality.run import RULES, counts, run_all

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "quality_gold" / "sample.jsonl"
REPORTS = ROOT / "reports"
AS_OF = date(2026, 12, 3)  # the date the sample was labelled: expiry findings depend on it
Key = tuple[str, str, str, str]


def key(f: dict[str, Any]) -> Key:
    """What identifies a finding across runs: rule, code, field and quoted evidence."""
    return (f["rule"], f["code"], f["field"], f["evidence"])


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    """The labelled findings."""
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def precision_by_rule(gold: list[dict[str, Any]], produced: set[Key]) -> dict[str, dict[str, Any]]:
    """Per rule: labelled findings still produced, how many are true, precision; and true ones no longer found."""
    acc: dict[str, dict[str, int]] = defaultdict(lambda: {"labelled": 0, "produced": 0, "true": 0, "lost_true": 0})
    for g in gold:
        a = acc[g["rule"]]
        a["labelled"] += 1
        if key(g) in produced:
            a["produced"] += 1
            a["true"] += int(bool(g["label"]))
        elif g["label"]:
            a["lost_true"] += 1
    return {r: {**a, "precision": round(a["true"] / a["produced"], 3) if a["produced"] else None}
            for r, a in sorted(acc.items(), key=lambda kv: RULES.index(kv[0]) if kv[0] in RULES else 99)}


def _md(report: dict[str, Any]) -> str:
    lines = ["# Data-quality audit: precision per rule", "",
             f"KB build `{report['kb_build_id']}`, as of {report['as_of']}, {report['procedures']} procedures, "
             f"{report['counts']['total']} findings ({report['seconds']} s).", ""]
    for split in ("held_out", "tuning", "all"):
        lines += [f"## Precision — {split}", "",
                  "| rule | labelled | still produced | true | precision | true no longer found |",
                  "|---|---:|---:|---:|---:|---:|"]
        for r, a in report["precision"][split].items():
            p = "—" if a["precision"] is None else f"{a['precision']:.3f}"
            lines.append(f"| {r} | {a['labelled']} | {a['produced']} | {a['true']} | {p} | {a['lost_true']} |")
        lines.append("")
    lines += ["## Findings on the whole KB", "", "| rule | findings | procedures |", "|---|---:|---:|"]
    c = report["counts"]
    lines += [f"| {r} | {c['by_rule'][r]} | {c['procedures_by_rule'][r]} |" for r in RULES]
    return "\n".join(lines) + "\n"


def run_eval(settings: Settings) -> dict[str, Any]:
    """Re-run the rules on the KB, score the labelled sample, write eval/reports/quality.{json,md}."""
    t0 = time.perf_counter()
    store = Store(settings.kb_dir).load()
    legal = LegalStore(settings.kb_dir).load(with_index=False)
    try:
        procs = list(store)
        ctx = RuleContext(AS_OF, CompendiumIndex(legal.con), {"conflicts": store.manifest.get("code_conflicts", [])})
        findings = run_all(procs, ctx)
        build_id = str(store.manifest["build_id"])
    finally:
        store.close()
        legal.close()
    produced = {key(f.to_dict()) for f in findings}
    gold = load_gold()
    report = {
        "kb_build_id": build_id, "as_of": AS_OF.isoformat(), "procedures": len(procs),
        "seconds": round(time.perf_counter() - t0, 1), "labelled": len(gold),
        "precision": {split: precision_by_rule([g for g in gold if split == "all" or g["split"] == split], produced)
                      for split in ("held_out", "tuning", "all")},
        "counts": counts(findings, procs),
    }
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "quality.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (REPORTS / "quality.md").write_text(_md(report), encoding="utf-8")
    print(_md(report))
    return report
