"""The assistant service shared by the HTTP API, the CLI and the Rasa actions."""

from __future__ import annotations

import sys
import threading
import uuid
from collections import OrderedDict
from dataclasses import replace

from assistant.facts import KBFacts
from assistant.hooks import install_optional_hooks
from assistant.legal_step import corpus_facts, open_legal_store
from assistant.pipeline import Context, Pipeline
from assistant.retriever import (
    BackoffRetriever,
    EngineRetriever,
    KeywordRetriever,
    Retriever,
    make_retriever,
)
from assistant.sessions import SessionState, SessionStore, make_session_store
from assistant.steps import Deps, build_pipeline
from assistant.types import CHANNELS, Channel, Reply
from assistant.units_step import open_resolver
from kb.config import Settings
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
                 resolver: Resolver | None = None, concurrency: int = 1) -> None:
        self.store = store
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
        self.hooks = install_optional_hooks(self.pipeline, legal, resolver, self.procedures.get, store)

    @classmethod
    def from_settings(cls, settings: Settings, store: Store | None = None) -> Assistant:
        """Open the KB, the best available retriever, the session store and, when built, the legal
        collection and the 2025 unit map (loaded once here, never per request)."""
        store = store or Store(settings.kb_dir).load()
        retriever = make_retriever(store, settings)
        legal = open_legal_store(settings.kb_dir, settings)
        limit_torch_threads(settings.torch_threads)  # after the models that may use torch are loaded
        return cls(store, retriever, make_session_store(settings.redis_url, settings.session_ttl_s),
                   legal=legal, resolver=open_resolver(settings.kb_dir),
                   concurrency=settings.pipeline_concurrency)

    def ask(self, question: str, session_id: str | None = None, channel: Channel = "web") -> Reply:
        """Run the pipeline for one turn and update the session."""
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}")
        sid = session_id or uuid.uuid4().hex
        state = self.sessions.get(sid) or SessionState()
        ctx = Context(question=question, channel=channel, session_id=sid, session=state)
        with self._slots:
            reply = self.pipeline.run(ctx)
        self.sessions.put(sid, next_state(state, reply))
        return reply


def limit_torch_threads(n: int) -> None:
    """Encode queries with ``n`` torch threads when a loaded model uses torch: one short text gains
    nothing from more, and under concurrent requests extra threads only contend for the two cores.
    The embedded model encodes without torch, so torch is not imported just for this."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(n)


def describe(retriever: Retriever) -> str:
    """Which retriever answers ("kb.search hybrid", "keyword fallback" …)."""
    inner = getattr(retriever, "inner", None)
    if inner is not None:
        return describe(inner) + " (cached)"
    if isinstance(retriever, BackoffRetriever):
        return f"{describe(retriever.primary)}, then {describe(retriever.secondary)}"
    if isinstance(retriever, EngineRetriever):
        return f"kb.search {getattr(retriever.engine, 'mode', '')}".strip()
    return "keyword fallback" if isinstance(retriever, KeywordRetriever) else type(retriever).__name__


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
