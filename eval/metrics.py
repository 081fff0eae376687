"""Pure metrics: retrieval (Recall@k, MRR@k, nDCG@k, abstain) and understanding (procedure, facts, declines)."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


def first_gold_rank(ranked: Sequence[str], gold: Iterable[str]) -> int | None:
    """1-based rank of the first result that is a gold code, or None."""
    g = set(gold)
    for i, code in enumerate(ranked, 1):
        if code in g:
            return i
    return None


def recall_at(ranked: Sequence[str], gold: Iterable[str], k: int) -> float:
    """1.0 when any gold code is among the first ``k`` results (gold sets are alternatives)."""
    r = first_gold_rank(ranked, gold)
    return 1.0 if r is not None and r <= k else 0.0


def mrr_at(ranked: Sequence[str], gold: Iterable[str], k: int = 10) -> float:
    """Reciprocal rank of the first gold code within ``k`` (0 when none)."""
    r = first_gold_rank(ranked, gold)
    return 1.0 / r if r is not None and r <= k else 0.0


def ndcg_at(ranked: Sequence[str], gold: Iterable[str], k: int = 10) -> float:
    """Binary nDCG@k where any gold code is relevant, normalised by the ideal ranking."""
    g = set(gold)
    if not g:
        return 0.0
    dcg = sum(1.0 / math.log2(i + 1) for i, c in enumerate(ranked[:k], 1) if c in g)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(g), k) + 1))
    return dcg / ideal


def abstained(ranked: Sequence[str]) -> float:
    """1.0 when the system returned nothing (the right outcome for out-of-scope questions)."""
    return 1.0 if len(ranked) == 0 else 0.0


def mean(values: Iterable[float]) -> float:
    """Arithmetic mean; 0.0 for no values."""
    v = list(values)
    return sum(v) / len(v) if v else 0.0


def summarize(results: Sequence[tuple[Sequence[str], Sequence[str], str]]) -> dict[str, float | int]:
    """Aggregate (ranked codes, gold codes, expect) triples into the report's metric set."""
    ans = [(r, g) for r, g, e in results if e != "abstain"]
    abst = [r for r, _, e in results if e == "abstain"]
    return {
        "n_answer": len(ans), "n_abstain": len(abst),
        "recall@1": round(mean(recall_at(r, g, 1) for r, g in ans), 4),
        "recall@5": round(mean(recall_at(r, g, 5) for r, g in ans), 4),
        "recall@10": round(mean(recall_at(r, g, 10) for r, g in ans), 4),
        "mrr@10": round(mean(mrr_at(r, g, 10) for r, g in ans), 4),
        "ndcg@10": round(mean(ndcg_at(r, g, 10) for r, g in ans), 4),
        "answered_rate": round(mean(1.0 - abstained(r) for r, _ in ans), 4),
        "abstain_acc": round(mean(abstained(r) for r in abst), 4) if abst else float("nan"),
    }


# --- Understanding: what the assistant did with a question (pure functions over hand-made outcomes) ---

DECLINED = ("out_of_scope", "no_content", "handoff")


@dataclass(frozen=True, slots=True)
class Outcome:
    """One reply reduced to what the metrics read: status, procedure answered, choices offered, text."""

    status: str
    code: str | None = None
    choices: tuple[str, ...] = ()
    answer: str = ""
    candidates: tuple[str, ...] = ()  # the pipeline's own ranked candidates (frame re-ranking included)
    voice_problems: tuple[str, ...] = ()  # voice channel: what the voice checker found in the answer


@dataclass(frozen=True, slots=True)
class Judged:
    """One question with its gold, expectation, the search ranking(s) and the assistant's outcome."""

    gold: tuple[str, ...]
    expect: str  # "answer" | "abstain"
    outcome: Outcome
    ranked: tuple[str, ...] = ()  # search on the question as written
    ranked_plain: tuple[str, ...] = ()  # search on the question without diacritics
    facts: tuple[tuple[str, ...], ...] = ()  # each fact: alternatives (any_of)
    style: str = ""
    ranked_engine: tuple[str, ...] = ()  # the hybrid engine alone (no frame), on the question as written


def answered_right(o: Outcome, gold: Iterable[str]) -> bool:
    """Answered directly with a gold procedure."""
    return o.status == "answered" and o.code is not None and o.code in set(gold)


def offered_right(o: Outcome, gold: Iterable[str]) -> bool:
    """Answered with a gold procedure, or a gold procedure among the clarification choices."""
    g = set(gold)
    return answered_right(o, g) or (o.status == "clarification" and bool(g & set(o.choices)))


def fold_text(text: str) -> str:
    """NFC, then case-folded: how fact strings are matched against answers."""
    return unicodedata.normalize("NFC", text).casefold()


def fact_stated(answer: str, any_of: Iterable[str]) -> bool:
    """Some alternative of the fact occurs in the answer (case-insensitive after NFC)."""
    text = fold_text(answer)
    return any(fold_text(s) in text for s in any_of if s)


def facts_stated(o: Outcome, facts: Sequence[Sequence[str]]) -> int:
    """How many facts an answered reply states; a reply that did not answer states none."""
    if o.status != "answered":
        return 0
    return sum(fact_stated(o.answer, f) for f in facts)


def declined(o: Outcome) -> bool:
    """The assistant declined (out of scope, no content, or handed off to a person)."""
    return o.status in DECLINED


def ratio(k: int, n: int) -> dict[str, Any]:
    """A count with its base and rate (rate None when there is no base)."""
    return {"k": k, "n": n, "rate": round(k / n, 4) if n else None}


def summarize_understanding(items: Sequence[Judged], *, search: bool = True,
                            facts: bool = True, voice: bool = False) -> dict[str, Any]:
    """Search recall, right procedure (offered / direct), clarification, facts and declines."""
    ans = [j for j in items if j.expect != "abstain"]
    oos = [j for j in items if j.expect == "abstain"]
    out: dict[str, Any] = {"questions": len(items), "answerable": len(ans), "out_of_scope": len(oos)}
    if search:
        for key, get in (("search", lambda j: j.ranked), ("search_no_diacritics", lambda j: j.ranked_plain),
                         ("engine", lambda j: j.ranked_engine)):
            for k in (1, 5):
                out[f"{key}_r@{k}"] = ratio(sum(int(recall_at(get(j), j.gold, k)) for j in ans), len(ans))
    if any(j.outcome.candidates for j in ans):
        for k in (1, 5):
            out[f"pipeline_r@{k}"] = ratio(sum(int(recall_at(j.outcome.candidates, j.gold, k)) for j in ans), len(ans))
    if voice:
        spoken = [j for j in items if j.outcome.status == "answered"]
        out["voice_ok"] = ratio(sum(not j.outcome.voice_problems for j in spoken), len(spoken))
    out["right_offered"] = ratio(sum(offered_right(j.outcome, j.gold) for j in ans), len(ans))
    out["right_direct"] = ratio(sum(answered_right(j.outcome, j.gold) for j in ans), len(ans))
    out["clarification_rate"] = ratio(sum(j.outcome.status == "clarification" for j in ans), len(ans))
    if facts:
        out["facts_stated"] = ratio(sum(facts_stated(j.outcome, j.facts) for j in ans),
                                    sum(len(j.facts) for j in ans))
    out["oos_declined"] = ratio(sum(declined(j.outcome) for j in oos), len(oos))
    return out


def by_style(items: Sequence[Judged]) -> dict[str, dict[str, Any]]:
    """Answered directly with the right procedure and facts stated, per question style."""
    styles = sorted({j.style for j in items if j.style and j.expect != "abstain"})
    out = {}
    for s in styles:
        ans = [j for j in items if j.style == s and j.expect != "abstain"]
        out[s] = {"right_direct": ratio(sum(answered_right(j.outcome, j.gold) for j in ans), len(ans)),
                  "facts_stated": ratio(sum(facts_stated(j.outcome, j.facts) for j in ans),
                                        sum(len(j.facts) for j in ans))}
    return out
