"""Agent suggestions reuse the citizen pipeline's hooks: compendium articles and the 2025 ward map.

The legal collection and the resolver are the assistant's own objects (loaded once at start-up);
nothing is opened per request. Procedure-level citations depend only on the procedure and that
loaded collection, so they are kept in a small LRU per assistant; nothing about a caller is cached.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass

from assistant.facts import KBFacts
from assistant.legal_step import MAX_ARTICLES, article_item, extra_topic
from assistant.units_step import MAX_PLACES, agency, procedure_level, unit_items
from kb.legal.links import cite_for_procedure
from kb.legal.store import LegalStore
from kb.procedures.schema import LEVEL_LABELS, Procedure
from kb.units.table import Match

CACHE_SIZE = 1024


@dataclass(frozen=True, slots=True)
class ArticleCite:
    """A compendium article of one of the procedure's own legal bases."""

    code: str  # compendium code ("1.11.LQ.38")
    citation: str  # original form ("Điều 38 Luật 60/2014/QH13")
    title: str
    effective_date: str  # ISO, "" when the source note gives none
    text: str  # as shown: citation — title (hiệu lực từ dd/mm/yyyy)


@dataclass(frozen=True, slots=True)
class FilingOption:
    """One 2025 unit the caller's place maps to, and where this procedure's level is filed there."""

    unit_code: str
    unit_name: str
    province: str
    how: str  # how the old unit went into it ("Nhập toàn bộ", "Nhập một phần", "Đơn vị hiện hành")
    agency: str


@dataclass(frozen=True, slots=True)
class Place:
    """Where to file one suggestion for the place the caller named (empty when none was named)."""

    level: str = ""  # the procedure's lowest level: xa | tinh | trung_uong
    level_label: str = ""  # "cấp xã"
    items: tuple[str, ...] = ()  # the citizen pipeline's sentences (old → new unit, agency, or ask which)
    options: tuple[FilingOption, ...] = ()  # one per new unit; several: ask which part the caller lives in
    ask: bool = False  # the agent must ask which unit (split old unit, or too many same-name units)


class _Articles:
    """Bounded LRU of procedure-level citations (procedure code → articles) over one legal collection."""

    def __init__(self, store: LegalStore, size: int = CACHE_SIZE) -> None:
        self.store = store
        self.size = size
        self._items: OrderedDict[str, tuple[ArticleCite, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def cite(self, p: Procedure, topic: str = "") -> tuple[ArticleCite, ...]:
        """Articles for ``p``; steered by ``topic`` (not cached) when the caller adds topic words."""
        if not topic:
            with self._lock:
                hit = self._items.get(p.code)
                if hit is not None:
                    self._items.move_to_end(p.code)
                    return hit
        ans = cite_for_procedure(self.store, p, topic, k=MAX_ARTICLES)
        refs = tuple(ArticleCite(r["code"], r["citation"], r["title"], r.get("effective_date", ""),
                                 article_item(r))
                     for r in ans["citations"] if r.get("citation")) if ans["status"] == "answered" else ()
        if not topic:
            with self._lock:
                self._items[p.code] = refs
                if len(self._items) > self.size:
                    self._items.popitem(last=False)
        return refs


_caches: weakref.WeakKeyDictionary[LegalStore, _Articles] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def _articles_for(store: LegalStore) -> _Articles:
    with _caches_lock:
        cache = _caches.get(store)
        if cache is None:
            cache = _caches[store] = _Articles(store)
        return cache


def legal_articles(store: LegalStore | None, facts: KBFacts, p: Procedure, text: str,
                   legal_question: bool) -> tuple[ArticleCite, ...]:
    """The compendium articles of ``p``'s own bases that the fact check lets through.

    The procedure-level citation (cached) is used unless the caller asks a legal-basis question
    with topic words beyond the procedure's name, which steer a fresh search as in the citizen hook.
    """
    if store is None or not p.legal_bases:
        return ()
    topic = extra_topic(text, p.name) if legal_question else ""
    return tuple(a for a in _articles_for(store).cite(p, topic)
                 if facts.articles_shown(a.citation) and not facts.unknown_refs(a.text))


def place_for(matches: tuple[Match, ...], p: Procedure) -> Place:
    """Where ``p`` is filed for the named place: the new unit(s) and the agency at ``p``'s level."""
    level = procedure_level(p)
    if not matches or not level:
        return Place()
    items = unit_items(matches, level, p.agencies)
    if len(matches) > MAX_PLACES:  # the items ask for the old district and province instead
        return Place(level, LEVEL_LABELS[level], items, (), ask=True)
    targets = [t for m in matches for t in m.targets]
    opts = tuple(FilingOption(t.unit.code, t.unit.name, t.unit.province, t.how, agency(t.unit, level, p.agencies))
                 for t in dict.fromkeys(targets))
    return Place(level, LEVEL_LABELS[level], items, opts, ask=len(opts) > 1)
