"""Retriever Protocol, an in-memory fake for tests and adapters over the KB search engine."""

from __future__ import annotations

import importlib
import json
import logging
import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from assistant.textutil import STOPWORDS, tokens
from assistant.types import Candidate
from kb.config import Settings
from kb.procedures.store import Store


class Retriever(Protocol):
    """Finds the procedures a question is about; ``[]`` when nothing relevant."""

    def search(self, query: str, k: int = 10, level: str | None = None) -> list[Candidate]:
        """Best candidates first."""
        ...


@dataclass(frozen=True, slots=True)
class _Doc:
    code: str
    name: str
    field: str
    levels: tuple[str, ...]
    terms: Counter[str]
    length: int


def _terms(text: str) -> Counter[str]:
    """Topic-word unigrams plus bigrams of words that are adjacent in the text itself."""
    toks = tokens(text)
    uni = [t for t in toks if t not in STOPWORDS]
    bi = [f"{a}_{b}" for a, b in zip(toks, toks[1:], strict=False)
          if a not in STOPWORDS and b not in STOPWORDS]
    return Counter(uni + bi)


class KeywordRetriever:
    """BM25 over accent-folded procedure names (unigrams + bigrams) with a coverage gate.

    Used as the fake in unit tests and as a fallback until ``kb.search.engine`` is available; a
    candidate must cover at least ``min_coverage`` of the question's topic words.
    """

    def __init__(self, docs: Iterable[tuple[str, str, str, tuple[str, ...]]],
                 min_coverage: float = 0.5, normalize: Callable[[str], str] | None = None) -> None:
        self.normalize = normalize
        self._docs = [_Doc(c, n, f, lv, t, t.total()) for c, n, f, lv in docs for t in (_terms(n),)]
        self.min_coverage = min_coverage
        df: Counter[str] = Counter()
        self._postings: dict[str, list[int]] = {}
        for i, d in enumerate(self._docs):
            df.update(d.terms.keys())
            for t in d.terms:
                if "_" not in t:
                    self._postings.setdefault(t, []).append(i)
        n = max(len(self._docs), 1)
        self._idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self._avg = sum(d.length for d in self._docs) / n if self._docs else 1.0

    @classmethod
    def from_store(cls, store: Store, normalize: Callable[[str], str] | None = None) -> KeywordRetriever:
        """Index every procedure name of a built knowledge base."""
        rows = store.con.execute("SELECT code, name, field, levels FROM procedures ORDER BY code")
        return cls(((c, n, f, tuple(json.loads(lv))) for c, n, f, lv in rows), normalize=normalize)

    def search(self, query: str, k: int = 10, level: str | None = None) -> list[Candidate]:
        q = _terms(self.normalize(query) if self.normalize else query)
        uni = {t for t in q if "_" not in t}
        if not uni:
            return []
        asked = {t for t in _terms(query) if "_" not in t} & uni  # the citizen's own words
        hits: Counter[int] = Counter()
        own: Counter[int] = Counter()
        for t in uni:
            for i in self._postings.get(t, ()):
                hits[i] += 1
                own[i] += t in asked
        scored: list[tuple[float, _Doc]] = []
        for i, n in hits.items():
            coverage = n / len(uni)
            if asked:  # the citizen's own words may be covered even if added terms are not
                coverage = max(coverage, own[i] / len(asked))
            if coverage < self.min_coverage:
                continue
            d = self._docs[i]
            if level and level not in d.levels:
                continue
            if len(uni) > 1 and not any("_" in t and t in d.terms for t in q):
                continue  # several topic words but no phrase in common: a chance overlap
            dl = d.length
            s = 0.0
            for t in q:
                tf = d.terms.get(t, 0)
                if tf:
                    s += self._idf[t] * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * dl / self._avg))
            scored.append((s * coverage, d))
        scored.sort(key=lambda x: (-x[0], x[1].code))
        return [Candidate(d.code, d.name, round(s, 4), d.levels, d.field, "name", d.name)
                for s, d in scored[:k]]


class EngineRetriever:
    """Adapter over ``kb.search.engine.SearchEngine`` (the hybrid engine of the retrieval branch)."""

    def __init__(self, engine: Any) -> None:
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


log = logging.getLogger(__name__)


def _query_normalizer() -> Callable[[str], str]:
    """Colloquial → official terms (``kb.text`` when available), then aspect cues removed."""
    from assistant.aspects import strip_cues

    try:
        textproc = importlib.import_module("kb.text")
    except ImportError:
        return strip_cues
    norm: Callable[[str], str] = textproc.Analyzer.load().normalize_query
    return lambda q: strip_cues(norm(q))


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


class BackoffRetriever:
    """The primary retriever, and the secondary one only when the primary finds nothing."""

    def __init__(self, primary: Retriever, secondary: Retriever) -> None:
        self.primary = primary
        self.secondary = secondary

    def search(self, query: str, k: int = 10, level: str | None = None) -> list[Candidate]:
        return self.primary.search(query, k, level) or self.secondary.search(query, k, level)


def _uncached(store: Store, settings: Settings) -> Retriever:
    try:
        mod = importlib.import_module("kb.search.engine")
        engine = EngineRetriever(mod.SearchEngine.load(settings.kb_dir, settings))
        return BackoffRetriever(engine, KeywordRetriever.from_store(store, _query_normalizer()))
    except ImportError:
        pass
    except Exception as exc:  # an engine whose index is missing must not take the assistant down
        log.warning("search engine unavailable (%s); using the keyword fallback", exc)
    return KeywordRetriever.from_store(store, _query_normalizer())


def make_retriever(store: Store, settings: Settings) -> Retriever:
    """The hybrid engine when ``kb.search.engine`` exists and loads, else the keyword fallback; cached."""
    inner = _uncached(store, settings)
    return CachedRetriever(inner, settings.retrieval_cache) if settings.retrieval_cache > 0 else inner
