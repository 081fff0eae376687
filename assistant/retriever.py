"""Retriever Protocol and the adapters over the KB search engine (one engine; no fallback)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Protocol

from assistant.settings import ServingSettings
from assistant.types import Candidate
from kb.search.engine import SearchEngine


class Retriever(Protocol):
    """Finds the procedures a question is about; ``[]`` when nothing relevant."""

    def search(self, query: str, k: int = 10, level: str | None = None) -> list[Candidate]:
        """Best candidates first."""
        ...


class EngineRetriever:
    """Adapter over ``kb.search.engine.SearchEngine``: one candidate per procedure, best first."""

    def __init__(self, engine: SearchEngine) -> None:
        self.engine = engine

    def search(self, query: str, k: int = 10, level: str | None = None) -> list[Candidate]:
        hits = self.engine.search(query, k=k, level=level)
        out: list[Candidate] = []
        seen: set[str] = set()
        for h in hits:
            if h.code in seen:
                continue
            seen.add(h.code)
            out.append(Candidate(h.code, h.name, float(h.score), tuple(h.levels or ()),
                                 h.field or "", h.section or "", h.snippet or ""))
        return out


class CachedRetriever:
    """LRU cache over another retriever: hotline questions repeat, and results are immutable."""

    def __init__(self, inner: Retriever, size: int) -> None:
        self.inner = inner
        self.size = size
        self._items: OrderedDict[tuple[str, int, str | None], list[Candidate]] = OrderedDict()
        self._lock = threading.Lock()

    def search(self, query: str, k: int = 10, level: str | None = None) -> list[Candidate]:
        key = (query, k, level)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return list(self._items[key])
        found = self.inner.search(query, k, level)
        with self._lock:
            self._items[key] = list(found)
            if len(self._items) > self.size:
                self._items.popitem(last=False)
        return found


def open_search(settings: ServingSettings) -> Retriever:
    """The search engine over ``settings.kb_dir`` (cached when configured).

    Raises the engine's error when the index is missing, damaged or built with other settings;
    the caller decides what a missing index means (``assistant.startup`` reports it in /healthz).
    """
    inner: Retriever = EngineRetriever(SearchEngine.load(settings.kb_dir, settings.kb()))
    return CachedRetriever(inner, settings.retrieval_cache) if settings.retrieval_cache > 0 else inner


def describe(retriever: Retriever) -> str:
    """Which retriever answers ("kb.search hybrid (cached)", or the class name of a test fake)."""
    if isinstance(retriever, CachedRetriever):
        return describe(retriever.inner) + " (cached)"
    if isinstance(retriever, EngineRetriever):
        return f"kb.search {retriever.engine.mode}"
    return type(retriever).__name__
