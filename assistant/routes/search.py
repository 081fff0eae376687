"""GET /v1/search: the procedures a query is about, best first."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from assistant.api_models import VietnameseErrorsRoute
from assistant.deps import AssistantDep, SettingsDep
from assistant.redact import redact, search_text
from assistant.retriever import describe
from assistant.routes.ask import check_question
from assistant.text_schema import QuestionText
from kb.search.understood import frame_search
from kb.text.citizen import question_frame

router = APIRouter(route_class=VietnameseErrorsRoute, tags=["assistant"])


@router.get("/v1/search")
def search(q: Annotated[QuestionText, Query(description="Câu hỏi hoặc từ khoá")], settings: SettingsDep,
           assistant: AssistantDep, k: Annotated[int, Query(ge=1, le=50)] = 10) -> dict[str, Any]:
    """Procedure-level hits (redacted query; [] when nothing relevant): the hybrid search together with
    the question's frame (everyday words for papers, situations, variants), as the assistant searches."""
    check_question(q, settings)
    clean, _ = redact(q)
    hits = frame_search(assistant.retriever.search, search_text(clean), question_frame(clean), k)
    return {"query": clean, "retriever": describe(assistant.retriever), "hits": [
        {"code": h.code, "name": h.name, "score": h.score, "levels": list(h.levels),
         "field": h.field, "section": h.section, "snippet": h.snippet} for h in hits]}
