"""The assistant service shared by the HTTP API, the CLI and the Rasa actions."""

from __future__ import annotations

import sys
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

from assistant.channels import disclosure
from assistant.facts import KBFacts
from assistant.hooks import AuditNote, install_hooks
from assistant.legal_step import corpus_facts
from assistant.limits import Busy, QuestionLimits, bound
from assistant.pipeline import Context, Pipeline
from assistant.retriever import Retriever, describe
from assistant.sessions import SessionState, SessionStore
from assistant.steps import Deps, build_pipeline
from assistant.types import CHANNELS, Channel, Reply
from kb.legal.store import LegalStore
from kb.procedures.schema import Procedure
from kb.procedures.store import Store
from kb.units.resolve import Resolver


class ProcedureCache:
    """Bounded LRU over ``Store.get`` (records are parsed from JSON on every read)."""

    def __init__(self, store: Store, size: int = 512) -> None:
        self.store = store
        self.size = size
        self._items: OrderedDict[str, Procedure | None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, code: str) -> Procedure | None:
        with self._lock:
            if code in self._items:
                self._items.move_to_end(code)
                return self._items[code]
        proc = self.store.get(code)
        with self._lock:
            self._items[code] = proc
            if len(self._items) > self.size:
                self._items.popitem(last=False)
        return proc


class Assistant:
    """Answers questions for a session and remembers the conversation."""

    def __init__(self, store: Store, retriever: Retriever, sessions: SessionStore,
                 facts: KBFacts | None = None, legal: LegalStore | None = None,
                 resolver: Resolver | None = None, concurrency: int = 1,
                 audit_note: AuditNote | None = None, limits: QuestionLimits | None = None,
                 budget_s: float = 10.0) -> None:
        self.store = store
        self.limits = limits or QuestionLimits()
        self.budget_s = budget_s  # waiting for a slot + answering; past it the answer says "busy"
        # Pipelines running at once: more than one only trades GIL hand-offs for latency (measured
        # in eval/reports/bench-assistant.md); requests beyond it wait their turn.
        self._slots = threading.BoundedSemaphore(max(1, concurrency))
        self.procedures = ProcedureCache(store)
        self.retriever = retriever
        self.retriever_name = describe(retriever)
        self.sessions = sessions
        self.legal = legal
        self.resolver = resolver
        facts = facts or KBFacts.from_store(store)
        self.facts = corpus_facts(legal, facts) if legal is not None else facts
        self.deps = Deps(get=self.procedures.get, retriever=retriever, facts=self.facts)
        self.pipeline: Pipeline = build_pipeline(self.deps)
        # People's decisions over automatic answers (pins, switched-off families), set at start-up.
        self.review: Callable[[Reply], Reply] | None = None
        self.hooks = install_hooks(self.pipeline, legal, resolver, self.procedures.get, audit_note,
                                   self.facts.known_number)

    def ask(self, question: str, session_id: str | None = None, channel: Channel = "web") -> Reply:
        """Run the pipeline for one turn and update the session."""
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}")
        sid = session_id or uuid.uuid4().hex
        deadline = time.monotonic() + self.budget_s
        with self.sessions.lock(sid):  # a session's turns run one at a time: no lost updates
            state = self.sessions.get(sid) or SessionState()
            ctx = Context(question=bound(question, self.limits), channel=channel, session_id=sid, session=state,
                          deadline=deadline)
            with self._slot(deadline):
                reply = self.pipeline.run(ctx)
            if self.review is not None:
                reply = self.review(reply)
            self.sessions.put(sid, next_state(state, reply))
        if state.turns == 0:  # the conversation's first turn says it is an AI, with the 1022 hand-off
            said = disclosure(channel)
            reply = replace(reply, disclosure=said,
                            answer=f"{said} {reply.answer}" if channel == "voice" else reply.answer)
        return reply

    @contextmanager
    def _slot(self, deadline: float) -> Iterator[None]:
        """A pipeline slot, or :class:`Busy` when none frees up before ``deadline``."""
        if not self._slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise Busy("no pipeline slot within the time budget")
        try:
            yield
        finally:
            self._slots.release()

    def understand(self, text: str, channel: Channel = "agent") -> Context:
        """The pipeline's understanding steps (up to ``decide``) for sessionless callers (agent assist):
        the same redaction, hooks, statuses, timings and concurrency limit as :meth:`ask`."""
        deadline = time.monotonic() + self.budget_s
        ctx = Context(question=bound(text, self.limits), channel=channel, session_id="", session=SessionState(),
                      deadline=deadline)
        with self._slot(deadline):
            self.pipeline.run_steps(ctx, last="decide")
        return ctx


def limit_torch_threads(n: int) -> None:
    """Encode queries with ``n`` torch threads when a loaded model uses torch: one short text gains
    nothing from more, and under concurrent requests extra threads only contend for the two cores.
    The embedded model encodes without torch, so torch is not imported just for this."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(n)


def next_state(state: SessionState, reply: Reply) -> SessionState:
    """What the session remembers after ``reply``."""
    turns = state.turns + 1
    if reply.unit_memory is not None:
        state = replace(state, unit=reply.unit_memory)
    if reply.status == "answered" and reply.procedure:
        code, name = reply.procedure
        return SessionState(code, name, reply.aspect, (), 0, turns, state.unit)
    if reply.status == "clarification":
        return replace(state, choices=reply.choices, aspect=reply.aspect, misses=0, turns=turns)
    if reply.status in ("out_of_scope", "no_content"):
        return replace(state, misses=state.misses + 1, turns=turns)
    return replace(state, misses=0, turns=turns)
