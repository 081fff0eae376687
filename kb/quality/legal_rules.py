"""Rules ``legal_amended`` and ``legal_unresolved``: legal bases the compendium shows as amended, or lacks."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

from kb.legal.articles import number_key
from kb.procedures.schema import Procedure
from kb.quality.model import QualityFinding, RuleContext

# A number in the form the compendium keys on ("104/2022/NĐ-CP"); other text is not resolvable by design.
_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)?/\d{4}/[\w\-Đđ]+\s*$")
MAX_AMENDERS = 3
# Laws, National Assembly resolutions and decrees: what the compendium is meant to hold (circulars and
# decisions mostly are not, so their absence is not a finding).
_EXPECTED = re.compile(r"/(?:QH\d*|UBTVQH\d*|NĐ-CP|ND-CP)\s*$", re.IGNORECASE)


class CompendiumIndex:
    """Which document numbers the legal compendium holds, and which documents amended a given one."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self._docs = {r[0] for r in con.execute("SELECT key FROM documents")}
        self._amenders: dict[str, set[str]] = {}
        rows = con.execute(
            "SELECT a.doc_key, m.doc_key FROM amendments m JOIN articles a ON a.code = m.code"
            " WHERE a.doc_key != m.doc_key")
        for doc, by in rows:
            self._amenders.setdefault(doc, set()).add(by)
        self._numbers = dict(con.execute("SELECT key, number FROM documents"))

    def resolves(self, number: str) -> bool:
        return number_key(number) in self._docs

    def amended_by(self, number: str) -> list[str]:
        """Numbers (as published) of documents whose notes say they amended or repealed ``number``."""
        return sorted(self._numbers.get(k, k) for k in self._amenders.get(number_key(number), ()))


def check(p: Procedure, ctx: RuleContext) -> Iterator[QualityFinding]:
    """A cited document amended by others the record does not cite; a well-formed number the compendium lacks."""
    if ctx.legal is None:
        return
    cited = {number_key(b.number) for b in p.legal_bases if b.number}
    for b in p.legal_bases:
        if not b.number or not _NUMBER.match(b.number):
            continue
        if not ctx.legal.resolves(b.number):
            if not _EXPECTED.search(b.number):
                continue
            yield QualityFinding(
                "legal_unresolved", p.code, "info", "legal_bases", f"{b.number} — {b.title[:120]}",
                "Bộ pháp điển không có văn bản này: kiểm tra số hiệu, hiệu lực hoặc bổ sung vào nguồn pháp lý.")
            continue
        newer = [n for n in ctx.legal.amended_by(b.number) if number_key(n) not in cited]
        if newer:
            more = f" và {len(newer) - MAX_AMENDERS} văn bản khác" if len(newer) > MAX_AMENDERS else ""
            yield QualityFinding(
                "legal_amended", p.code, "low", "legal_bases", f"{b.number} — {b.title[:120]}",
                f"Văn bản đã được sửa đổi, bổ sung hoặc thay thế một phần bởi {', '.join(newer[:MAX_AMENDERS])}"
                f"{more}: kiểm tra và cập nhật căn cứ pháp lý.")
