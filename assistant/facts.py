"""What exists in the knowledge base: procedure codes and legal document numbers (final check)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kb.store import Store

CODE_RE = re.compile(r"(?<![\d.])\d{1,2}\.\d{6}(?![\d])")
# 123/2015/NĐ-CP, 60/2014/QH13, 01/2022/TT-BTP, 1565/QĐ-TTg, 66.7/2025/NQ-CP
LEGAL_RE = re.compile(r"(?<![\w/])\d+(?:\.\d+)?/(?:\d{4}/)?[A-ZĐ][A-ZĐa-zđ0-9]*(?:-[A-ZĐa-zđ0-9]+)*")


def legal_key(number: str) -> str:
    """Comparable form of a legal document number (case and Đ/D insensitive)."""
    return number.upper().replace("Đ", "D").strip(" .;,")


@dataclass(frozen=True, slots=True)
class KBFacts:
    """Known procedure codes and legal numbers; anything else must never reach the user."""

    codes: frozenset[str]
    legal_numbers: frozenset[str]  # legal_key() forms

    @classmethod
    def from_texts(cls, codes: Iterable[str], texts: Iterable[str]) -> KBFacts:
        """Facts from codes plus every legal number mentioned in ``texts``."""
        nums = {legal_key(m) for t in texts for m in LEGAL_RE.findall(t)}
        return cls(frozenset(codes), frozenset(nums))

    @classmethod
    def from_store(cls, store: Store) -> KBFacts:
        """Scan every stored record once (legal bases and free text alike)."""
        rows = list(store.con.execute("SELECT code, data FROM procedures"))
        return cls.from_texts((c for c, _ in rows), (d for _, d in rows))

    def unknown_refs(self, text: str) -> list[str]:
        """Procedure codes and legal numbers in ``text`` that the knowledge base does not hold."""
        bad = [c for c in CODE_RE.findall(text) if c not in self.codes]
        bad += [n for n in LEGAL_RE.findall(text) if legal_key(n) not in self.legal_numbers]
        return bad
