"""Name coverage: the (idf-weighted) share of a procedure's name that the question says."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from kb.search.dense import FArray
from kb.text.analysis import TextAnalyzer, index_terms


@dataclass
class NameTerms:
    """Name terms of every procedure as postings (term → documents, idf), for name coverage."""

    postings: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]]
    total: npt.NDArray[np.float64]  # Σ idf of each name's distinct terms

    @classmethod
    def build(cls, analyzer: TextAnalyzer, names: list[str], idf: dict[str, float]) -> NameTerms:
        """Postings of the index terms of ``names`` (document rows), weighted by BM25's ``idf``."""
        docs: dict[str, list[int]] = {}
        total = np.zeros(len(names), dtype=np.float64)
        for d, name in enumerate(names):
            terms = dict.fromkeys(index_terms(analyzer, name))  # distinct, first-seen order
            for t in terms:
                docs.setdefault(t, []).append(d)
            total[d] = sum(idf.get(t, 0.0) for t in terms)
        postings = {t: (np.array(ds, dtype=np.int64), np.full(len(ds), idf.get(t, 0.0)))
                    for t, ds in docs.items()}
        return cls(postings, total)

    def coverage(self, docs: Any, q_terms: set[str]) -> FArray:
        """Share (idf-weighted) of each document name's terms that the query contains: the
        postings of the query's terms over all names, summed per document."""
        hits = [self.postings[t] for t in q_terms if t in self.postings]
        if not hits:
            return np.zeros(len(docs), dtype=np.float32)
        n = len(self.total)
        said = np.bincount(np.concatenate([h[0] for h in hits]),
                           np.concatenate([h[1] for h in hits]), minlength=n)[docs]
        total = self.total[docs]
        out = np.zeros(len(docs), dtype=np.float32)
        ok = total > 0
        out[ok] = said[ok] / total[ok]
        return out
