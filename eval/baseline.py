"""A baseline like the peer eGov-Bot's lexical side: rank_bm25 (pure Python) over whitespace tokens."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kb.procedures.chunks import procedure_chunks
from kb.procedures.schema import Procedure


def procedure_text(p: Procedure) -> str:
    """All of a procedure's sections as one text (what the baseline indexes per procedure)."""
    return "\n".join(c.text for c in procedure_chunks(p))


class RankBM25Baseline:
    """BM25Okapi from rank_bm25 over lower-cased whitespace tokens, one document per procedure."""

    def __init__(self, procs: Iterable[Procedure]) -> None:
        from rank_bm25 import BM25Okapi

        items = list(procs)
        self.codes = [p.code for p in items]
        self.bm: Any = BM25Okapi([procedure_text(p).lower().split() for p in items])

    def search(self, question: str, k: int = 10) -> list[str]:
        """Top-``k`` procedure codes (never abstains, like the peer)."""
        scores = self.bm.get_scores(question.lower().split())
        top = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
        return [self.codes[i] for i in top if scores[i] > 0]
