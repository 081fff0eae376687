"""The answer pipeline: ordered, timed steps over one context, ending in one closed status."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.sessions import SessionState
from assistant.types import (
    Aspect,
    Block,
    Candidate,
    Channel,
    Choice,
    Citation,
    Reply,
    Status,
    UnitMemory,
)
from kb.procedures.schema import Procedure
from kb.units.table import Match

log = logging.getLogger(__name__)
OVER_BUDGET = ("Xin lỗi, hệ thống đang quá tải nên chưa trả lời kịp. Anh/chị vui lòng hỏi lại sau ít phút "
               "hoặc gọi đường dây nóng 1022 để được hỗ trợ trực tiếp.")


@dataclass
class Context:
    """Everything one question accumulates on its way through the steps (mutable by design)."""

    question: str
    channel: Channel
    session_id: str
    session: SessionState
    text: str = ""  # normalised question
    redacted: str = ""  # what may be logged or sent to retrieval
    pii: tuple[str, ...] = ()
    aspect: Aspect = "overview"
    follow_up: bool = False
    candidates: list[Candidate] = field(default_factory=list)
    procedure: Procedure | None = None
    choices: tuple[Choice, ...] = ()
    clarification: str = ""
    blocks: tuple[Block, ...] = ()
    notes: list[str] = field(default_factory=list)  # extra grounded remarks added by hook steps
    units: tuple[Match, ...] = ()  # 2025 units the question names (units hook)
    unit_memory: UnitMemory | None = None  # the unit the session should remember from now on
    citations: tuple[Citation, ...] = ()
    answer: str = ""
    grounded_answer: str = ""  # kept when a generative step rewrites ``answer``
    generated: bool = False
    rejected: list[str] = field(default_factory=list)  # unknown references removed by the check
    status: Status | None = None
    timings: dict[str, float] = field(default_factory=dict)
    deadline: float = 0.0  # time.monotonic() past which remaining content steps are skipped; 0 = none

    def stop(self, status: Status, answer: str = "") -> None:
        """End content processing with ``status`` (render and remember steps still run)."""
        self.status = status
        if answer:
            self.answer = answer


StepFn = Callable[[Context], None]


@dataclass(frozen=True, slots=True)
class Step:
    """A named pipeline step; ``always`` steps run even after the context has a status."""

    name: str
    fn: StepFn
    always: bool = False


class Pipeline:
    """Runs steps in order, times each, and turns an exception into the ``error`` status."""

    def __init__(self, steps: list[Step]) -> None:
        self.steps = list(steps)

    @property
    def names(self) -> list[str]:
        """Step names in order."""
        return [s.name for s in self.steps]

    def insert_after(self, name: str, step: Step) -> None:
        """Add a hook step (legal citations, ward resolution, once-only notes…) after ``name``."""
        self.steps.insert(self.names.index(name) + 1, step)

    def run_steps(self, ctx: Context, last: str | None = None) -> Context:
        """Run the steps in order, up to and including ``last`` (every step when None), timing each."""
        if last is not None and last not in self.names:
            raise ValueError(f"no step named {last!r}")
        for step in self.steps:
            if ctx.status is None and ctx.deadline and time.monotonic() > ctx.deadline and not step.always:
                log.warning("time budget exceeded before step %s", step.name)
                ctx.stop("error", OVER_BUDGET)
            if ctx.status is None or step.always:
                t0 = time.perf_counter()
                try:
                    step.fn(ctx)
                except Exception:
                    log.exception("step %s failed for %r", step.name, ctx.redacted)
                    ctx.status = "error"
                    ctx.answer = ""
                ctx.timings[step.name] = round((time.perf_counter() - t0) * 1000, 3)
            if step.name == last:
                break
        ctx.timings["total"] = round(sum(v for k, v in ctx.timings.items() if k != "total"), 3)
        return ctx

    def run(self, ctx: Context) -> Reply:
        """Run every step; the final status is ``answered`` unless a step stopped earlier."""
        self.run_steps(ctx)
        status: Status = ctx.status or "answered"
        proc = (ctx.procedure.code, ctx.procedure.name) if ctx.procedure and status == "answered" else None
        return Reply(
            status=status, answer=ctx.answer, session_id=ctx.session_id, channel=ctx.channel,
            aspect=ctx.aspect, procedure=proc, blocks=ctx.blocks if proc else (),
            candidates=tuple(ctx.candidates[:5]), citations=ctx.citations if proc else (),
            clarification=ctx.clarification, choices=ctx.choices, timings=dict(ctx.timings),
            redacted_question=ctx.redacted, unit_memory=ctx.unit_memory,
        )
