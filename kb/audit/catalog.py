"""Registry catalog: national databases, the evidence they hold and the phrases that name it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kb.text.normalize import fold


@dataclass(frozen=True, slots=True)
class LegalRef:
    """A legal basis for reuse, with where the knowledge base shows it (``procedure:CODE``)."""

    number: str
    title: str
    found_in: str
    also_in: str = ""  # optional "compendium:<topic source_path>" whose text cites the number


@dataclass(frozen=True, slots=True)
class Evidence:
    """One kind of evidence a database holds and the component phrases that ask for it."""

    label: str
    phrases: tuple[str, ...]  # as written (Vietnamese)
    folded: tuple[str, ...]  # accent-free forms used for matching (derived + extra spellings)
    only_fields: tuple[str, ...] = ()  # folded field words; empty = any field


@dataclass(frozen=True, slots=True)
class Database:
    """A national or sectoral database (registry) whose data can replace papers."""

    id: str
    name: str
    short: str
    holds: tuple[str, ...]
    names: tuple[str, ...]  # folded phrases naming the database in a text
    evidence: tuple[Evidence, ...]
    legal_bases: tuple[LegalRef, ...]


@dataclass(frozen=True, slots=True)
class Catalog:
    """All databases plus the general once-only legal bases."""

    databases: tuple[Database, ...]
    general_legal_bases: tuple[LegalRef, ...]

    def get(self, db_id: str) -> Database | None:
        """The database with this id, or None."""
        return next((d for d in self.databases if d.id == db_id), None)

    def name(self, db_id: str) -> str:
        """Display name of a database id ("" when unknown or empty)."""
        d = self.get(db_id)
        return d.name if d else ""

    def legal_refs(self) -> list[LegalRef]:
        """Every legal reference cited anywhere in the catalog."""
        out = list(self.general_legal_bases)
        for d in self.databases:
            out.extend(d.legal_bases)
        return out


DEFAULT_PATH = "registries.yaml"
_SPACES = re.compile(r"\s+")


def _fold(s: str) -> str:
    return _SPACES.sub(" ", fold(s)).strip()


def _refs(items: list[dict[str, Any]] | None) -> tuple[LegalRef, ...]:
    return tuple(
        LegalRef(str(r["number"]), str(r["title"]), str(r["found_in"]), str(r.get("also_in") or ""))
        for r in items or []
    )


def _evidence(item: dict[str, Any]) -> Evidence:
    phrases = tuple(str(p) for p in item.get("phrases") or [])
    folded = tuple(
        dict.fromkeys([_fold(p) for p in phrases] + [_fold(str(p)) for p in item.get("folded") or []])
    )
    return Evidence(
        label=str(item["label"]),
        phrases=phrases,
        folded=folded,
        only_fields=tuple(_fold(str(f)) for f in item.get("only_fields") or []),
    )


def parse_catalog(data: dict[str, Any]) -> Catalog:
    """Build a :class:`Catalog` from the YAML structure (``KeyError``/``ValueError`` when malformed)."""
    dbs = []
    for d in data["databases"]:
        names = [_fold(str(n)) for n in d.get("names") or []] + [_fold(str(n)) for n in d.get("folded") or []]
        dbs.append(
            Database(
                id=str(d["id"]),
                name=str(d["name"]),
                short=str(d.get("short") or d["name"]),
                holds=tuple(str(h) for h in d.get("holds") or []),
                names=tuple(dict.fromkeys(names)),
                evidence=tuple(_evidence(e) for e in d.get("evidence") or []),
                legal_bases=_refs(d.get("legal_bases")),
            )
        )
    ids = [d.id for d in dbs]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate database ids in catalog: {ids}")
    return Catalog(tuple(dbs), _refs(data.get("general_legal_bases")))


@lru_cache(maxsize=4)
def load_catalog(path: Path | None = None) -> Catalog:
    """The catalog shipped in ``kb/data/registries.yaml`` (or another file)."""
    if path is None:
        text = resources.files("kb.data").joinpath(DEFAULT_PATH).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return parse_catalog(yaml.safe_load(text))
