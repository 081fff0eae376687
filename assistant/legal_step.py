"""Legal-basis answers also cite compendium articles of the procedure's bases (kb.legal.links)."""

from __future__ import annotations

import logging
from typing import Any

from assistant.aspects import _FOLLOW_FILLERS, CUES, drop_phrases
from assistant.facts import KBFacts
from assistant.pipeline import Context, Step
from assistant.types import ARTICLES_SECTION, Block, Citation
from kb.legal.links import cite_for_procedure
from kb.legal.store import LegalStore
from kb.text.analysis import QUESTION_WORDS as STOPWORDS
from kb.text.analysis import tokenize as tokens

log = logging.getLogger(__name__)

ARTICLES_TITLE = "Điều khoản trong Bộ pháp điển"
MAX_ARTICLES = 3
# Words that only ask "which law" (the legal-basis cues and a few generic legal words).
_GENERIC_LEGAL = ("theo quy dinh", "quy dinh", "phap luat", "van ban", "dieu luat", "dieu khoan", "theo luat")
_LEGAL_CUES = tuple(
    tuple(p.split()) for p in (*(p for a, ps in CUES if a == "legal_basis" for p in ps), *_GENERIC_LEGAL))


def corpus_facts(store: LegalStore, facts: KBFacts) -> KBFacts:
    """``facts`` plus every document number and (article, number) pair the compendium holds."""
    con = store.con
    numbers = [r[0] for r in con.execute("SELECT key FROM documents")]
    numbers += [r[0] for r in con.execute("SELECT DISTINCT doc_key FROM amendments")]
    articles = [(a, k) for a, k in con.execute("SELECT doc_article, doc_key FROM articles") if a and k]
    return facts.with_corpus(numbers, articles)


def vn_date(iso: str) -> str:
    """"2016-01-01" → "01/01/2016" ("" stays "")."""
    parts = iso.split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else iso


def article_item(ref: dict[str, Any]) -> str:
    """One cited article as said to the citizen: original-form citation, title, effective date."""
    when = f" (hiệu lực từ {vn_date(ref['effective_date'])})" if ref.get("effective_date") else ""
    return f"{ref['citation']} — {ref['title']}{when}"


def extra_topic(question: str, name: str) -> str:
    """Topic words of the question beyond the procedure's name ("thẩm quyền"), to steer the search.

    Legal-basis cue words ("căn cứ pháp lý", "quy định nào"), question words and the name itself
    only pull in generic articles. Cues of other aspects stay: in "căn cứ pháp lý về thẩm quyền" or
    "… về lệ phí" they say which article is wanted.
    """
    named = set(tokens(name)) | {"thu", "tuc"} | STOPWORDS | _FOLLOW_FILLERS
    return " ".join(t for t in drop_phrases(tokens(question), _LEGAL_CUES) if t not in named)


def legal_articles_step(store: LegalStore, k: int = MAX_ARTICLES) -> Step:
    """After ``compose``: for legal-basis questions, add the articles the corpus can show.

    Only articles of the procedure's own bases that resolve to a compendium document are cited
    (``cite_for_procedure``); when none resolves nothing is added and the record's bases stand alone.
    """

    def step(ctx: Context) -> None:
        if ctx.procedure is None or ctx.aspect != "legal_basis":
            return
        ans = cite_for_procedure(store, ctx.procedure, extra_topic(ctx.redacted, ctx.procedure.name), k=k)
        refs = [r for r in ans["citations"] if r.get("citation")]
        if ans["status"] != "answered" or not refs:
            return
        code = ctx.procedure.code
        ctx.blocks = (*ctx.blocks, Block("legal_basis", ARTICLES_TITLE,
                                         tuple(article_item(r) for r in refs), ARTICLES_SECTION))
        ctx.citations = (*ctx.citations, *(
            Citation(code, ARTICLES_SECTION, f"{r['citation']} — {r['title']} (mã pháp điển {r['code']})",
                     r["citation"].rsplit(" ", 1)[-1], kind="legal_article", article_code=r["code"],
                     citation=r["citation"], effective_date=r.get("effective_date", ""))
            for r in refs))

    return Step("legal_articles", step)
