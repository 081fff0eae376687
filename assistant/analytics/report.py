"""The whole analytics report of a period from the loaded services (the API and the CLI share it)."""

from __future__ import annotations

from typing import Any

from assistant.analytics.backlog import weighted_backlog
from assistant.analytics.summary import Period, summarize
from assistant.analytics.topics import Encode
from assistant.interactions.store import InteractionStore
from assistant.retriever import CachedRetriever, EngineRetriever, Retriever
from assistant.startup import Services


def encoder_of(retriever: Retriever | None) -> Encode | None:
    """The search engine's dense model (the embedded static model by default), or None in bm25 mode."""
    while isinstance(retriever, CachedRetriever):
        retriever = retriever.inner
    if isinstance(retriever, EngineRetriever) and retriever.engine.embedder is not None:
        return retriever.engine.embedder.encode
    return None


def report(services: Services, store: InteractionStore, period: Period,
           encode: Encode | None = None) -> dict[str, Any]:
    """The summary plus the demand-weighted backlog (``backlog`` is None without stored audit verdicts).

    ``encode`` defaults to the loaded engine's dense model."""
    a = services.assistant
    get = a.procedures.get if a is not None else services.store.get
    if encode is None and a is not None:
        encode = encoder_of(a.retriever)
    out = summarize(store, period, get, encode)
    turns = store.turns(period.start, period.end, period.channel)
    out["backlog"] = weighted_backlog(turns, services.audit.stored) if services.audit is not None else None
    return out
