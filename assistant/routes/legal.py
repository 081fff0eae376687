"""Legal articles: search with exact citations, article lookup, a procedure's legal bases."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from assistant.api_models import VietnameseErrorsRoute
from assistant.deps import LegalDep, StoreDep
from assistant.redact import echo
from kb.legal.links import cite_for_procedure, cite_for_question, links_for
from kb.procedures.store import KBError

router = APIRouter(tags=["legal"], route_class=VietnameseErrorsRoute)


@router.get("/v1/legal/search")
def search(
    legal: LegalDep,
    q: Annotated[str, Query(min_length=2, max_length=500)],
    k: Annotated[int, Query(ge=1, le=50)] = 5,
    document: str | None = None,
) -> dict[str, Any]:
    """Articles for a question; each hit carries ``citation``, ``document_number``, ``effective_date``."""
    return {"query": q, "collection": "legal", "hits": [h.to_dict() for h in legal.search(q, k, document)]}


@router.get("/v1/legal/ask")
def ask(legal: LegalDep, q: Annotated[str, Query(min_length=2, max_length=500)]) -> dict[str, Any]:
    """"Theo quy định nào?": cited articles for a free question (status answered | no_content)."""
    return {"query": q, **cite_for_question(legal, q)}


@router.get("/v1/legal/articles/{code}")
def article(code: str, legal: LegalDep) -> dict[str, Any]:
    """One compendium article by code ("15.3.LQ.13")."""
    a = legal.get(code)
    if a is None:
        raise HTTPException(404, detail=f"Bộ pháp điển không có Điều {echo(code)}")
    return a.to_dict()


@router.get("/v1/procedures/{code}/legal")
def procedure_legal(code: str, store: StoreDep, legal: LegalDep, q: str = "") -> dict[str, Any]:
    """A procedure's legal bases resolved against the corpus, and the articles to cite."""
    proc = store.get(code)
    if proc is None:
        raise HTTPException(404, detail=f"Không tìm thấy thủ tục có mã {echo(code)}")
    try:
        return {
            "code": code,
            **cite_for_procedure(legal, proc, q),
            "links": [x.to_dict() for x in links_for(legal, proc)],
        }
    except KBError as exc:
        raise HTTPException(503, detail=str(exc)) from exc
