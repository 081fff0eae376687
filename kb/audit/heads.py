"""The head-phrase matcher: which kind of paper a fragment starts with (evidence, form, result, keep).

Phrases are matched on folded text (so unaccented input works), bucketed by their first word so
that only a handful of candidates are tried at each word start. A catalog phrase written with
diacritics must also agree with the original text when that text carries diacritics: folding makes
"sổ đỏ" (land certificate) and "sơ đồ" (a sketch) identical, the accents tell them apart.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from kb.audit.catalog import Catalog
from kb.audit.lexicon import FORM_HEADS, KEEP_HEADS, RESULT_COND_HEADS, RESULT_HEADS
from kb.text.normalize import fold, has_diacritics

# How far into a fragment its head may start (after qualifiers) and still be its head.
HEAD_WINDOW = 90
_WORD = re.compile(r"(?<![a-z0-9])[a-z0-9]+")


def _norm_tone(s: str) -> str:
    """Old/new tone placement ("hoà"/"hòa", "tuỳ"/"tùy") compare equal."""
    pairs = {
        "oà": "òa",
        "oá": "óa",
        "oả": "ỏa",
        "oã": "õa",
        "oạ": "ọa",
        "oè": "òe",
        "oé": "óe",
        "oẻ": "ỏe",
        "oẽ": "õe",
        "oẹ": "ọe",
        "uỳ": "ùy",
        "uý": "úy",
        "uỷ": "ủy",
        "uỹ": "ũy",
        "uỵ": "ụy",
    }
    for a, b in pairs.items():
        s = s.replace(a, b)
    return s


@dataclass(frozen=True, slots=True)
class Head:
    """A matched head phrase and what it means."""

    kind: str  # evidence | form | result | result_cond | keep
    start: int
    end: int
    database: str = ""
    label: str = ""
    only_fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: str
    pattern: re.Pattern[str]
    size: int
    database: str = ""
    label: str = ""
    only_fields: tuple[str, ...] = ()
    accented: frozenset[str] = frozenset()  # accepted accented spellings (lower, tone-normalised)


def _blocked(folded: str, pos: int) -> bool:
    """ "hồ sơ …" is not "sổ …"; "số hộ chiếu", "số Giấy phép" are numbers in a form, not papers."""
    return folded.endswith(("ho ", "so "), 0, pos)


def _first_word(pat: str) -> str:
    m = re.match(r"[a-z0-9]+", pat)
    return m.group(0) if m else ""


class HeadMatcher:
    """Finds head phrases; the longest phrase wins at a position."""

    def __init__(self, catalog: Catalog) -> None:
        self._buckets: dict[str, list[_Entry]] = defaultdict(list)
        self._digit: list[_Entry] = []
        # (folded phrase, db, label) -> accented spellings; empty = typed form, accepted as is
        grouped: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        only: dict[tuple[str, str], tuple[str, ...]] = {}
        for db in catalog.databases:
            for ev in db.evidence:
                only[(db.id, ev.label)] = ev.only_fields
                for ph in ev.phrases:
                    grouped[(fold(ph), db.id, ev.label)].add(_norm_tone(ph.lower()))
                for f in ev.folded:
                    grouped[(f, db.id, ev.label)].update(())
        for (f, db_id, label), accents in grouped.items():
            acc = frozenset(a for a in accents if has_diacritics(a))
            self._add(
                _Entry("evidence", re.compile(re.escape(f)), len(f), db_id, label, only[(db_id, label)], acc),
                f,
            )
        for kind, heads in (
            ("form", FORM_HEADS),
            ("result", RESULT_HEADS),
            ("result_cond", RESULT_COND_HEADS),
            ("keep", KEEP_HEADS),
        ):
            for h in heads:
                raw = any(c in h for c in "\\(?[")
                accented = frozenset({_norm_tone(h)}) if has_diacritics(h) else frozenset()
                h = fold(h) if accented else h
                pat = h if raw else re.escape(h)
                # Results and decisions followed by "số 12/…" are legal citations, not papers.
                cite = r"(?!\s+so\s+\d)" if kind != "form" else ""
                self._add(
                    _Entry(kind, re.compile(pat + cite + r"(?![a-z0-9])"), len(h), accented=accented), h
                )
        for entries in [*self._buckets.values(), self._digit]:
            entries.sort(key=lambda e: -e.size)

    def _add(self, entry: _Entry, phrase: str) -> None:
        if entry.kind == "evidence":
            entry = _Entry(
                entry.kind,
                re.compile(entry.pattern.pattern + r"(?![a-z0-9])"),
                entry.size,
                entry.database,
                entry.label,
                entry.only_fields,
                entry.accented,
            )
        word = _first_word(phrase)
        if word:
            self._buckets[word].append(entry)
        else:
            self._digit.append(entry)

    def _at(self, folded: str, original: str, pos: int, end: int, word: str) -> Head | None:
        cands = self._buckets.get(word, [])
        if word.isdigit():
            cands = cands + self._digit
        for e in cands:
            m = e.pattern.match(folded, pos, end)
            if m is None:
                continue
            if e.accented:
                seg = original[m.start() : m.end()]
                if has_diacritics(seg) and _norm_tone(seg.lower()) not in e.accented:
                    continue
            return Head(e.kind, m.start(), m.end(), e.database, e.label, e.only_fields)
        return None

    def _iter(self, folded: str, original: str, start: int, end: int) -> list[Head]:
        out = []
        pos = start
        for w in _WORD.finditer(folded, start, end):
            if w.start() < pos:
                continue
            if (w.group(0) in self._buckets or w.group(0).isdigit()) and not _blocked(folded, w.start()):
                h = self._at(folded, original, w.start(), end, w.group(0))
                if h is not None:
                    out.append(h)
                    pos = h.end
        return out

    def first(
        self, folded: str, original: str, start: int, end: int, window: int = HEAD_WINDOW
    ) -> Head | None:
        """The first head in ``folded[start:end]`` if it begins within ``window`` characters."""
        for w in _WORD.finditer(folded, start, end):
            if w.start() > start + window:
                break
            word = w.group(0)
            if (word in self._buckets or word.isdigit()) and not _blocked(folded, w.start()):
                h = self._at(folded, original, w.start(), end, word)
                if h is not None:
                    return h
        return None

    def all(self, folded: str, original: str, start: int, end: int) -> list[Head]:
        """Every head in the span, in order."""
        return self._iter(folded, original, start, end)

    def starts_at(self, folded: str, original: str, start: int, end: int) -> bool:
        """True when a head begins right at ``start`` (used for soft splits)."""
        return self.first(folded, original, start, end, window=0) is not None
