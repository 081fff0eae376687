"""Markdown of the understanding report: held-out part first, aggregates only; misses for the tuning part."""

from __future__ import annotations

from typing import Any

ROWS = (
    ("search_r@1", "search R@1"),
    ("search_r@5", "search R@5"),
    ("search_no_diacritics_r@1", "search R@1, question without diacritics"),
    ("search_no_diacritics_r@5", "search R@5, question without diacritics"),
    ("engine_r@1", "hybrid engine alone (no frame) R@1"),
    ("engine_r@5", "hybrid engine alone (no frame) R@5"),
    ("pipeline_r@1", "assistant candidates R@1 (frame re-ranking included)"),
    ("pipeline_r@5", "assistant candidates R@5"),
    ("right_offered", "right procedure answered or offered"),
    ("right_direct", "answered directly with the right procedure"),
    ("clarification_rate", "clarification rate (answerable)"),
    ("facts_stated", "facts stated"),
    ("oos_declined", "out-of-scope declined"),
)
CHANNEL_ROWS = (("right_offered", "right procedure answered or offered"),
                ("right_direct", "answered directly with the right procedure"),
                ("oos_declined", "out-of-scope declined"),
                ("voice_ok", "voice answers without a voice-checker problem"))
PARTS = ("heldout", "tune")
TITLES = {"heldout": "held-out", "tune": "tune"}


def cell(m: dict[str, Any] | None) -> str:
    """"0.733 (22/30)", or "–" when the metric has no base in this part."""
    if not m or not m.get("n"):
        return "–"
    return f"{m['rate']:.3f} ({m['k']}/{m['n']})"


def set_section(name: str, per: dict[str, Any], counts: dict[str, Any]) -> list[str]:
    """One set's table (web), voice/agent rows, the per-style table and the tuning misses."""
    fams = "" if "families_heldout" not in counts else (
        f"; families {counts['families_heldout']} held-out / {counts['families_tune']} tune")
    lines = [f"## {name}", "", f"{counts['questions']} questions: {counts['heldout']} held-out, "
             f"{counts['tune']} tune{fams}.", "",
             "| metric (web) | held-out | tune |", "|---|---|---|"]
    for key, label in ROWS:
        if any(key in per[p]["web"] for p in PARTS):
            lines.append(f"| {label} | " + " | ".join(cell(per[p]["web"].get(key)) for p in PARTS) + " |")
    for ch in ("voice", "agent"):
        for key, label in CHANNEL_ROWS:
            lines.append(f"| {ch}: {label} | " + " | ".join(cell(per[p][ch].get(key)) for p in PARTS) + " |")
    styles = sorted({s for p in PARTS for s in per[p]["web"].get("by_style", {})})
    if styles:
        lines += ["", "| style | held-out direct | held-out facts | tune direct | tune facts |",
                  "|---|---|---|---|---|"]
        for s in styles:
            vals = [cell(per[p]["web"].get("by_style", {}).get(s, {}).get(k))
                    for p in PARTS for k in ("right_direct", "facts_stated")]
            lines.append(f"| {s} | " + " | ".join(vals) + " |")
    misses = per["tune"]["web"].get("misses", [])
    lines += ["", f"Tuning-part misses ({len(misses)}): "
              + (", ".join(f"{m['id']} ({m['why']})" for m in misses) or "none") + ".", ""]
    return lines


def markdown(report: dict[str, Any]) -> str:
    """The whole report."""
    lines = ["# Understanding evaluation", "",
             f"Assistant retriever: `{report['retriever']}`; search metrics on `FramedSearch` "
             f"(kb.search.understood: the frame with the `{report['search_mode']}` `SearchEngine`). "
             f"Splits `{report['split_version']}` (eval/splits/): held-out "
             "families are never tuned on; their results are aggregates only, listed first. "
             "Web channel unless a row names another.", "",
             "Right procedure answered or offered: answered with a gold code, or a gold code among the "
             "clarification choices. Facts stated: share of the `facts` items of answerable questions "
             "with some `any_of` string in the answer (case-insensitive, NFC); replies that did not "
             "answer state none. Out-of-scope declined: out_of_scope, no_content or handoff.", ""]
    for name, per in report["results"].items():
        lines += set_section(name, per, report["splits"][name])
    return "\n".join(lines).rstrip() + "\n"
