"""The analytics summary of a period: volumes, outcomes, procedures, feedback, topics and papers asked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from assistant.analytics.papers import papers_asked
from assistant.analytics.topics import Encode, cluster_topics
from assistant.interactions.recorder import utc
from assistant.interactions.store import InteractionStore, Row
from kb.procedures.schema import Procedure

# Days are the hotline's days (Vietnam, UTC+7); times are stored in UTC.
HOTLINE_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
UNANSWERED = ("out_of_scope", "no_content", "handoff", "error")
GetProcedure = Callable[[str], Procedure | None]
TOP = 20


@dataclass(frozen=True, slots=True)
class Period:
    """``start <= at < end`` (aware datetimes), optionally one channel."""

    start: datetime
    end: datetime
    channel: str | None = None

    @classmethod
    def of(cls, since: date | None, until: date | None, channel: str | None = None, days: int = 30) -> Period:
        """Whole days ``since``..``until`` inclusive; by default the last ``days`` days up to today.

        ``since`` after ``until`` is an empty period (nothing is counted). Days are kept one day inside
        the calendar (``date.min``/``date.max``), where the day after and the UTC offset still exist.
        """
        last = _inside(until or datetime.now(HOTLINE_TZ).date())
        first = _inside(since or date.fromordinal(max(1, last.toordinal() - (days - 1))))
        return cls(datetime.combine(first, time(), HOTLINE_TZ),
                   datetime.combine(last + timedelta(days=1), time(), HOTLINE_TZ), channel or None)


def _inside(day: date) -> date:
    """``day`` moved at most one day, into 0001-01-02..9999-12-30."""
    return min(max(day, date.min + timedelta(days=1)), date.max - timedelta(days=1))


def percentile(values: list[float], q: float) -> float:
    """The ``q`` percentile (0 when empty)."""
    return round(float(np.percentile(values, q)), 1) if values else 0.0


def rated_down(store: InteractionStore, fb: list[Row]) -> list[str]:
    """The question each thumbs-down was about (its session's last turn before the rating)."""
    out = []
    for f in fb:
        if f["rating"] == "down" and (t := store.last_turn(f["session"], utc(f["at"]))) is not None:
            out.append(str(t["question"]))
    return out


def summarize(store: InteractionStore, period: Period, procedure: GetProcedure,
              encode: Encode | None) -> dict[str, Any]:
    """Everything /v1/analytics/summary and ``tthc analytics report`` show for ``period``.

    ``encode`` embeds questions for the topics (the KB's dense model); None leaves ``topics`` empty
    and says so in ``topics_note``.
    """
    turns = store.turns(period.start, period.end, period.channel)
    fb = store.feedback(period.start, period.end)
    status = Counter(str(t["status"]) for t in turns)
    codes = Counter(str(t["code"]) for t in turns if t["code"] and t["status"] == "answered")
    families = Counter(str(t["family"]) for t in turns if t["family"] and t["status"] == "answered")
    days: dict[str, Counter[str]] = {}
    for t in turns:
        days.setdefault(utc(t["at"]).astimezone(HOTLINE_TZ).date().isoformat(), Counter())[str(t["status"])] += 1
    rating = Counter(str(f["rating"]) for f in fb)
    pool = [str(t["question"]) for t in turns if t["status"] in UNANSWERED] + rated_down(store, fb)
    names = {c: (p.name if (p := procedure(c)) else "") for c, _ in codes.most_common(TOP)}
    latency = [float(t["latency_ms"]) for t in turns]
    return {
        "from": period.start.date().isoformat(), "to": (period.end - timedelta(days=1)).date().isoformat(),
        "channel": period.channel,
        "total": len(turns),
        "by_status": dict(status),
        "by_channel": dict(Counter(str(t["channel"]) for t in turns)),
        "by_day": [{"day": d, "total": sum(c.values()), **dict(c)} for d, c in sorted(days.items())],
        "outcomes": {"answered": status["answered"], "clarified": status["clarification"],
                     "declined": sum(status[s] for s in UNANSWERED)},
        "aspects": dict(Counter(str(t["aspect"]) for t in turns)),
        "latency_ms": {"p50": percentile(latency, 50), "p95": percentile(latency, 95)},
        "top_procedures": [{"code": c, "name": names[c], "count": n} for c, n in codes.most_common(TOP)],
        "top_families": [{"family": f, "count": n} for f, n in families.most_common(TOP)],
        "feedback": {"up": rating["up"], "down": rating["down"],
                     "reasons": dict(Counter(str(f["reason"]) for f in fb if f["reason"])),
                     "corrections": sum(1 for f in fb if f["correct_code"])},
        "topics": cluster_topics(pool, encode) if encode is not None else [],
        "topics_note": "" if encode is not None else "no embedding model loaded: topics not computed",
        "papers": papers_asked(turns, procedure),
    }
