"""Questions about papers, mapped to the dossier components of the procedure they were answered with."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from assistant.interactions.store import Row
from kb.procedures.schema import DossierComponent, Procedure
from kb.text.analysis import QUESTION_WORDS, tokenize

# Words by which a citizen asks about a paper rather than a fee or a deadline (accent-insensitive).
_PAPER = re.compile(
    r"(?i)\b(gi[aấ]y|b[aả]n sao|h[oồ] s[oơ]|t[oờ] khai|ch[uứ]ng nh[aậ]n|ch[uứ]ng th[uự]c|x[aá]c nh[aậ]n)")
WHOLE = "(cả bộ hồ sơ)"
_STOP = QUESTION_WORDS - {"chung"}  # "chứng" (certificate) is a filler for questions, not for papers
_GENERIC = frozenset("giay ban sao to khai don van chinh the so".split())  # every paper's words
TOP = 30


def asks_about_papers(row: Row) -> bool:
    """A turn about the dossier: its aspect, or a paper word in the question."""
    return row["aspect"] == "documents" or bool(_PAPER.search(str(row["question"])))


def _words(text: str) -> set[str]:
    return set(tokenize(text)) - _STOP


def matching(question: str, components: Iterable[DossierComponent], name: str = "") -> list[DossierComponent]:
    """Components whose opening words the question repeats: two shared words at least, one of them
    neither a word of the procedure's name nor a generic paper word; none means the whole dossier."""
    q = _words(question)
    plain = _words(name) | _GENERIC
    out = []
    for c in components:
        shared = q & _words(" ".join(c.text.split()[:10]))
        if len(shared) >= 2 and shared - plain:
            out.append(c)
    return out


def papers_asked(turns: list[Row], procedure: Callable[[str], Procedure | None]) -> list[dict[str, Any]]:
    """``[{code, name, component_id, component, count}]``, most asked first."""
    counts: Counter[tuple[str, str, str]] = Counter()
    names: dict[str, str] = {}
    for t in turns:
        if not t["code"] or t["status"] != "answered" or not asks_about_papers(t):
            continue
        p = procedure(str(t["code"]))
        if p is None:
            continue
        names[p.code] = p.name
        found = matching(str(t["question"]), p.documents, p.name)
        for c in found or ():
            counts[(p.code, c.id, c.text)] += 1
        if not found:
            counts[(p.code, "", WHOLE)] += 1
    return [{"code": code, "name": names[code], "component_id": cid, "component": text[:200], "count": n}
            for (code, cid, text), n in counts.most_common(TOP)]
