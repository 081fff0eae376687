"""Retrieval evaluation runner: question sets × variants × systems → metrics (and per-question misses)."""

from __future__ import annotations

import json
import re
import time
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.metrics import summarize

Search = Callable[[str], list[str]]  # question → ranked procedure codes ([] = abstain)
FILLERS = ("alo", "cho em hỏi", "dạ", "ờ", "à", "thì", "ạ", "chị ơi", "vâng")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Question:
    """One evaluation question with its gold procedure codes (alternatives) and expectation."""

    id: str
    question: str
    gold: tuple[str, ...]
    expect: str  # "answer" | "abstain"


def load_questions(path: Path) -> list[Question]:
    """Read a JSONL question file (``id``, ``question``, ``gold``, ``expect``)."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                out.append(Question(str(d["id"]), d["question"], tuple(d.get("gold", ())),
                                    d.get("expect", "answer" if d.get("gold") else "abstain")))
    return out


def strip_diacritics(text: str) -> str:
    """The question as typed without diacritics (case kept, đ → d)."""
    t = unicodedata.normalize("NFD", text)
    t = "".join(ch for ch in t if unicodedata.category(ch) != "Mn")
    return t.replace("đ", "d").replace("Đ", "D")


def noisy_hotline(text: str, key: str) -> str:
    """Speech-recognition style: lower case, no punctuation, filler words (deterministic per key)."""
    h = zlib.crc32(key.encode())
    words = _PUNCT.sub(" ", text.lower()).split()
    pre = [FILLERS[0], FILLERS[1]] if h % 2 else [FILLERS[2], FILLERS[1]]
    if len(words) > 3:
        words.insert(len(words) // 2, FILLERS[3 + h % 3])
    return " ".join(pre + words + [FILLERS[6]])


VARIANTS: dict[str, Callable[[Question], str]] = {
    "accented": lambda q: q.question,
    "no_diacritics": lambda q: strip_diacritics(q.question),
    "noisy_hotline": lambda q: noisy_hotline(q.question, q.id),
}


def run_system(search: Search, questions: Sequence[Question], variant: str
               ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Metrics of one system on one variant, plus the questions it got wrong at rank 1."""
    triples, misses, times = [], [], []
    for q in questions:
        text = VARIANTS[variant](q)
        t0 = time.perf_counter()
        ranked = search(text)[:10]
        times.append(time.perf_counter() - t0)
        triples.append((ranked, q.gold, q.expect))
        ok = (not ranked) if q.expect == "abstain" else bool(ranked and ranked[0] in q.gold)
        if not ok:
            misses.append({"id": q.id, "question": text, "gold": list(q.gold)[:3], "got": ranked[:3]})
    m = dict(summarize(triples))
    times.sort()
    m["latency_ms_p50"] = round(1000 * times[len(times) // 2], 2) if times else 0.0
    return m, misses
