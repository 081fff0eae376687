"""Near spellings of unit names: a one-edit deletion index scored like difflib (typos in addresses)."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable


def deletes(word: str) -> set[str]:
    """``word`` with one character removed, every way."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class NearIndex:
    """Near spellings of unit-name cores without scanning them all.

    Each core is indexed under itself and its one-character deletions, so a phrase finds every
    core within one insertion, deletion or substitution (and two extra typed characters) by a few
    dictionary look-ups; candidates are then scored like :func:`difflib.get_close_matches` (the
    ratio of matching characters). A full scan of 13,000 cores took 10-30 ms per address."""

    def __init__(self, cores: Iterable[str]) -> None:
        self._by_key: dict[str, set[str]] = defaultdict(set)
        for c in cores:
            if len(c) >= 3:
                for key in (c, *deletes(c)):
                    self._by_key[key].add(c)

    def close(self, phrase: str, n: int = 3, cutoff: float = 0.85) -> list[str]:
        """Up to ``n`` cores with a similarity ratio ≥ ``cutoff``, best first."""
        keys = {phrase} | deletes(phrase)
        if len(phrase) >= 8:  # long phrases may carry two stray characters
            keys |= {d2 for d in deletes(phrase) for d2 in deletes(d)}
        cands = {c for k in keys for c in self._by_key.get(k, ())}
        scored = []
        for c in cands:
            sm = difflib.SequenceMatcher(None, phrase, c)
            if sm.real_quick_ratio() >= cutoff and sm.quick_ratio() >= cutoff and sm.ratio() >= cutoff:
                scored.append((sm.ratio(), c))
        scored.sort(reverse=True)  # ties as difflib breaks them
        return [c for _, c in scored[:n]]
