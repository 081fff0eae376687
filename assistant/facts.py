"""What exists in the knowledge base: procedure codes and legal document numbers (final check)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from kb.legal.articles import number_key
from kb.procedures.store import Store

CODE_RE = re.compile(r"(?<![\d.])\d{1,2}\.\d{6}(?![\d])")
# 123/2015/NĐ-CP, 60/2014/QH13, 01/2022/TT-BTP, 1565/QĐ-TTg, 66.7/2025/NQ-CP
LEGAL_RE = re.compile(r"(?<![\w/])\d+(?:\.\d+)?/(?:\d{4}/)?[A-ZĐ][A-ZĐa-zđ0-9]*(?:-[A-ZĐa-zđ0-9]+)*")

# "Điều 5 Nghị định 123/2015/NĐ-CP", "Điều 13 Luật 60/2014/QH13" (the compendium's citation form)
ARTICLE_RE = re.compile(
    r"Điều (\d+[a-zđ]?) (?:Bộ luật|Luật|Nghị định|Thông tư liên tịch|Thông tư|Quyết định|"
    r"Nghị quyết liên tịch|Nghị quyết|Pháp lệnh|Chỉ thị|Sắc lệnh|Lệnh) (" + LEGAL_RE.pattern + ")"
)


def legal_key(number: str) -> str:
    """Comparable form of a legal document number (case and Đ/D insensitive)."""
    return number.upper().replace("Đ", "D").strip(" .;,")


@dataclass(frozen=True, slots=True)
class KBFacts:
    """Known procedure codes and legal numbers; anything else must never reach the user."""

    codes: frozenset[str]
    legal_numbers: frozenset[str]  # legal_key() forms
    corpus_numbers: frozenset[str] = frozenset()  # kb.legal.articles.number_key() forms of compendium documents
    corpus_articles: frozenset[tuple[str, str]] = frozenset()  # (article, number_key) in the compendium

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

    def with_corpus(self, numbers: Iterable[str], articles: Iterable[tuple[str, str]]) -> KBFacts:
        """These facts plus the legal compendium's document numbers and (article, number) pairs."""
        return replace(self, corpus_numbers=frozenset(numbers), corpus_articles=frozenset(articles))

    def known_number(self, number: str) -> bool:
        """True when the KB records or the legal compendium hold document ``number``."""
        return legal_key(number) in self.legal_numbers or number_key(number) in self.corpus_numbers

    def unknown_refs(self, text: str) -> list[str]:
        """Procedure codes and legal numbers in ``text`` that the knowledge base does not hold."""
        bad = [c for c in CODE_RE.findall(text) if c not in self.codes]
        bad += [n for n in LEGAL_RE.findall(text) if not self.known_number(n)]
        return bad

    def articles_shown(self, text: str) -> bool:
        """``text`` cites at least one article, and the compendium holds every article it cites."""
        return bool(ARTICLE_RE.search(text)) and not self.unknown_articles(text)

    def unknown_articles(self, text: str) -> list[str]:
        """Article citations ("Điều 5 Nghị định 123/2015/NĐ-CP") the legal compendium cannot show."""
        return [m.group(0) for m in ARTICLE_RE.finditer(text)
                if (m.group(1), number_key(m.group(2))) not in self.corpus_articles]
