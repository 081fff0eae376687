"""Procedure ↔ legal corpus: resolve legal bases to documents/articles and cite the articles.

A citation is only ever built from an article stored in the corpus: when nothing resolves, the
answer says so instead of naming a text the corpus cannot show.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from kb.legal.articles import LegalArticle, find_numbers, number_key
from kb.legal.store import LegalStore
from kb.procedures.schema import LegalBasis, Procedure

LinkStatus = Literal["document", "amending", "not_in_corpus", "no_number"]


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """A cited article: compendium code, original-form citation and title."""

    code: str
    citation: str
    title: str
    effective_date: str


@dataclass(frozen=True, slots=True)
class LegalLink:
    """One legal basis of a procedure and what the corpus holds for it."""

    number: str  # as the portal gives it
    title: str
    key: str  # normalised number ("104/2022/ND-CP"), "" when none could be read
    status: LinkStatus
    document_type: str
    document_title: str
    articles: int  # how many articles of (or amended by) the document the corpus holds

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON."""
        return asdict(self)


def basis_number(b: LegalBasis) -> str:
    """The document number of a legal basis: from ``number``, else from the title; "" if none."""
    for text in (b.number, b.title):
        found = find_numbers(text)
        if found:
            return found[0]
    return ""


def resolve_basis(store: LegalStore, b: LegalBasis) -> LegalLink:
    """Resolve one legal basis to a corpus document (or to the articles it amended)."""
    num = basis_number(b)
    if not num:
        return LegalLink(b.number, b.title, "", "no_number", "", "", 0)
    doc = store.document(num)
    if doc is not None:
        return LegalLink(
            b.number, b.title, doc["key"], "document", doc["type"], doc["title"], doc["articles"]
        )
    amended = store.amended_by(num)
    if amended:
        return LegalLink(b.number, b.title, number_key(num), "amending", "", "", len(amended))
    return LegalLink(b.number, b.title, number_key(num), "not_in_corpus", "", "", 0)


def links_for(store: LegalStore, proc: Procedure) -> list[LegalLink]:
    """Every legal basis of ``proc``, resolved."""
    return [resolve_basis(store, b) for b in proc.legal_bases]


def _ref(a: LegalArticle) -> ArticleRef:
    return ArticleRef(a.code, a.citation, a.title, a.note.effective_date if a.note else "")


def cite_for_procedure(store: LegalStore, proc: Procedure, question: str = "", k: int = 3) -> dict[str, Any]:
    """Answer "theo quy định nào?" / "căn cứ pháp lý" for a procedure, citing corpus articles only.

    Articles are searched within the procedure's resolved legal bases with the procedure name (and
    the question); if none of its bases is in the corpus the status is ``no_content``.
    """
    links = links_for(store, proc)
    query = f"{proc.name.removeprefix('Thủ tục ')} {question}".strip()
    scored: dict[str, float] = {}
    for key in sorted({x.key for x in links if x.status == "document"}):
        for h in store.search(query, k=2, number=key):
            if h.citation:
                scored[h.code] = max(h.score, scored.get(h.code, 0.0))
    refs: list[ArticleRef] = []
    # Each document's search is normalised by its own best hit, so the best articles of different
    # documents tie; the compendium code breaks ties (laws "LQ" before decrees "NĐ" before circulars
    # "TT" within a topic) so that the answer does not depend on set iteration order.
    for code, _ in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:k]:
        a = store.get(code)
        if a is not None:
            refs.append(_ref(a))
    if not refs:
        return {
            "status": "no_content",
            "citations": [],
            "links": [x.to_dict() for x in links],
            "text": f"Bộ pháp điển hiện có chưa chứa điều khoản thuộc căn cứ pháp lý của thủ tục "
            f"“{proc.name}”; xin tra cứu văn bản gốc: " + "; ".join(x.number or x.title for x in links) + ".",
        }
    lines = [f"- {r.citation} ({r.title}; hiệu lực từ {r.effective_date or 'không rõ'})" for r in refs]
    return {
        "status": "answered",
        "citations": [asdict(r) for r in refs],
        "links": [x.to_dict() for x in links],
        "text": f"Thủ tục “{proc.name}” được quy định tại:\n" + "\n".join(lines),
    }


def cite_for_question(store: LegalStore, question: str, k: int = 3) -> dict[str, Any]:
    """Answer a free legal question ("thời hạn đăng ký khai sinh là bao lâu?") with cited articles.

    Only articles whose source note could be read are cited; ``no_content`` when none is found.
    """
    hits = [h for h in store.search(question, k=k * 2) if h.citation][:k]
    if not hits:
        return {
            "status": "no_content",
            "citations": [],
            "text": "Không tìm thấy điều luật phù hợp trong Bộ pháp điển.",
        }
    cites = [asdict(ArticleRef(h.code, h.citation, h.title, h.effective_date)) for h in hits]
    lines = [f"- {h.citation} ({h.title}): {h.passage[:200]}" for h in hits]
    return {"status": "answered", "citations": cites, "text": "Theo quy định tại:\n" + "\n".join(lines)}
