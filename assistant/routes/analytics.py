"""Feedback (POST /v1/feedback) and demand analytics for the reform team (/v1/analytics/...)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from assistant.analytics.backlog import weighted_backlog
from assistant.analytics.export import to_csv, to_xlsx
from assistant.analytics.report import report
from assistant.analytics.summary import Period
from assistant.api_models import AUTH_RESPONSES, OPTIONAL_BEARER, VietnameseErrorsRoute
from assistant.auth import BearerDep, authorize, require_role, token_store
from assistant.deps import AuditDep, InteractionsDep, ServicesDep, StoreDep
from assistant.redact import echo
from assistant.session_ids import COOKIE, SessionIds
from assistant.web import page

router = APIRouter(route_class=VietnameseErrorsRoute, tags=["analytics"])
Reason = Literal["wrong_procedure", "incomplete", "unclear", "outdated", "other"]
ReformDep = Annotated[str, Depends(require_role("reform"))]


class FeedbackRequest(BaseModel):
    """A rating of the last answer of a session; ``correct_code`` and ``note`` come from agents."""

    session_id: str | None = Field(default=None, max_length=100,
                                   description="session_id trả về từ /v1/ask hoặc /v1/agent/suggest")
    session_cookie: bool = Field(default=False, description="dùng phiên trong cookie (trang công dân)")
    rating: Literal["up", "down"]
    reason: Reason | None = None
    correct_code: str | None = Field(default=None, max_length=40, description="mã thủ tục đúng (tổng đài viên)")
    note: str | None = Field(default=None, max_length=500)


FEEDBACK_RESPONSES: dict[int | str, dict[str, Any]] = {
    **AUTH_RESPONSES,
    404: {"description": "no such session (never issued by this service, tampered or not sent) or procedure"},
    503: {"description": "the interaction store is not available"},
}


@router.post("/v1/feedback", status_code=201, responses=FEEDBACK_RESPONSES, openapi_extra=OPTIONAL_BEARER)
def feedback(body: FeedbackRequest, request: Request, credentials: BearerDep, store: StoreDep,
             interactions: InteractionsDep) -> dict[str, str]:
    """Citizens rate anonymously; a correction (``correct_code``/``note``) needs an agent token and is
    kept as a labelled example (``tthc analytics examples``). The session rated is the one this
    service issued (``session_id``, or the cookie with ``session_cookie``): 404 when there is none."""
    ids: SessionIds = request.app.state.session_ids
    key = ids.verify(request.cookies.get(COOKIE) if body.session_cookie else body.session_id)
    if key is None:
        raise HTTPException(404, detail="Không tìm thấy phiên hỏi đáp này (phiên không hợp lệ hoặc đã hết hạn).")
    by = None
    if body.correct_code or body.note:
        by = authorize(token_store(request), credentials, ("agent",))
    if body.correct_code and store.get(body.correct_code.strip()) is None:
        raise HTTPException(404, detail=f"Không có thủ tục mã {echo(body.correct_code)}")
    try:
        interactions.feedback(key, body.rating, body.reason,
                              body.correct_code.strip() if body.correct_code else None, body.note, by)
    except Exception as exc:  # the store is down: say so, the citizen's answer was already served
        raise HTTPException(503, detail="Chưa lưu được đánh giá, vui lòng thử lại sau.") from exc
    return {"status": "saved"}


def period(since: date | None, until: date | None, channel: str | None) -> Period:
    """The period asked for: ``from`` after ``to`` is an empty one (every count 0)."""
    return Period.of(since, until, channel)


Since = Annotated[date | None, Query(alias="from", description="ngày đầu (YYYY-MM-DD); mặc định 30 ngày trước")]
Until = Annotated[date | None, Query(alias="to", description="ngày cuối (YYYY-MM-DD); mặc định hôm nay")]
ChannelQ = Annotated[Literal["web", "voice", "agent"] | None, Query()]


@router.get("/v1/analytics/summary", responses=AUTH_RESPONSES)
def summary(services: ServicesDep, interactions: InteractionsDep, _who: ReformDep, since: Since = None,
            until: Until = None, channel: ChannelQ = None) -> dict[str, Any]:
    """Volumes by day/channel/status, outcomes, top procedures and families, feedback, topics of the
    unanswered and badly rated questions, papers asked about, and the demand-weighted backlog."""
    return report(services, interactions.store, period(since, until, channel))


@router.get("/v1/analytics/backlog", responses=AUTH_RESPONSES)
def backlog(audit: AuditDep, interactions: InteractionsDep, _who: ReformDep, since: Since = None,
            until: Until = None, channel: ChannelQ = None) -> dict[str, Any]:
    """The audit's backlog re-ranked by demand: papers the State already holds × citizens who asked
    about the procedure in the period, per procedure, database and field (shown in /reform)."""
    p = period(since, until, channel)
    turns = interactions.store.turns(p.start, p.end, p.channel)
    return {"from": p.start.date().isoformat(), "to": (p.end - timedelta(days=1)).date().isoformat(),
            "turns": len(turns), **weighted_backlog(turns, audit.stored)}


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTED: dict[int | str, dict[str, Any]] = {
    200: {"description": "the report as CSV or XLSX", "content": {"text/csv": {}, XLSX: {}}}}


@router.get("/v1/analytics/export.{fmt}", response_class=Response, responses={**AUTH_RESPONSES, **EXPORTED})
def export(fmt: Literal["csv", "xlsx"], services: ServicesDep, interactions: InteractionsDep, _who: ReformDep,
           since: Since = None, until: Until = None, channel: ChannelQ = None) -> Response:
    """The summary as CSV (one table per section) or an XLSX workbook (one sheet per section)."""
    data = report(services, interactions.store, period(since, until, channel))
    name = f"tthc-analytics-{data['from']}-{data['to']}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "csv":
        return Response(to_csv(data), media_type="text/csv; charset=utf-8", headers=headers)
    return Response(to_xlsx(data), headers=headers, media_type=XLSX)


@router.get("/analytics", response_class=HTMLResponse, include_in_schema=False)
def analytics_page() -> str:
    """The analytics dashboard (static page; its data needs a reform token)."""
    return page("analytics.html")
