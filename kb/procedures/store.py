"""Embedded SQLite store of normalised procedures, with a manifest checked on load."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kb.procedures import history as _history
from kb.procedures.schema import SCHEMA_VERSION, Procedure

DB_NAME = "kb.sqlite"
MANIFEST_NAME = "manifest.json"

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS procedures (
    code TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    name TEXT NOT NULL,
    field TEXT NOT NULL,
    levels TEXT NOT NULL,
    agencies TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS components (
    id TEXT NOT NULL,
    procedure_code TEXT NOT NULL REFERENCES procedures(code) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    original_qty INTEGER NOT NULL,
    copy_qty INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (procedure_code, id)
);
CREATE INDEX IF NOT EXISTS components_code ON components(procedure_code);
"""


class KBError(RuntimeError):
    """The knowledge base is missing, stale or inconsistent (message says what to do)."""


def open_checked(db: Path, table: str, manifest: dict[str, Any]) -> sqlite3.Connection:
    """``db`` opened read-only, checked against ``manifest`` (same build id, as many rows in
    ``table`` as ``counts[table]``); :class:`KBError` naming what is wrong, connection closed."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
    try:
        row = con.execute("SELECT value FROM meta WHERE key='build_id'").fetchone()
        n = con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608 (our table names)
    except sqlite3.DatabaseError as exc:
        con.close()
        raise KBError(f"{db} is damaged ({exc}); run 'tthc build --force'") from None
    if row is None or row[0] != manifest.get("build_id"):
        con.close()
        raise KBError(f"{db} does not match its manifest (interrupted copy?); run 'tthc build --force'")
    if n != manifest.get("counts", {}).get(table):
        con.close()
        raise KBError(f"{db} holds {n} {table}, its manifest says otherwise; run 'tthc build --force'")
    return con


def connect(path: Path) -> sqlite3.Connection:
    """Open a connection with the schema in place."""
    con = sqlite3.connect(str(path))
    con.execute("PRAGMA foreign_keys = ON")
    con.executescript(DDL + _history.HISTORY_DDL)
    return con


def write_procedures(con: sqlite3.Connection, items: Iterable[tuple[Procedure, str]]) -> None:
    """Insert or replace procedures (with their content hash) and their components."""
    for p, h in items:
        con.execute("DELETE FROM components WHERE procedure_code = ?", (p.code,))
        con.execute(
            "INSERT OR REPLACE INTO procedures VALUES (?,?,?,?,?,?,?,?)",
            (
                p.code, h, p.name, p.field, json.dumps(list(p.levels)),
                json.dumps(list(p.agencies), ensure_ascii=False), p.updated_at,
                json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True),
            ),
        )
        con.executemany(
            "INSERT OR REPLACE INTO components VALUES (?,?,?,?,?,?)",
            [(c.id, p.code, c.kind, c.original_qty, c.copy_qty, c.text) for c in p.components],
        )


class Store:
    """Read access to a built knowledge base directory (``kb.sqlite`` + ``manifest.json``)."""

    def __init__(self, kb_dir: Path) -> None:
        self.kb_dir = Path(kb_dir)
        self.manifest: dict[str, Any] = {}
        self._con: sqlite3.Connection | None = None

    def load(self) -> Store:
        """Open the database and check it against its manifest; raise :class:`KBError`."""
        db, man = self.kb_dir / DB_NAME, self.kb_dir / MANIFEST_NAME
        if not db.exists() or not man.exists():
            raise KBError(f"no knowledge base in {self.kb_dir}; run 'tthc build' first")
        try:
            self.manifest = json.loads(man.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise KBError(f"unreadable manifest {man}: {exc}; run 'tthc build --force'") from exc
        if self.manifest.get("schema_version") != SCHEMA_VERSION:
            raise KBError(
                f"knowledge base schema {self.manifest.get('schema_version')} != {SCHEMA_VERSION};"
                " run 'tthc build --force'"
            )
        self._con = open_checked(db, "procedures", self.manifest)
        return self

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            self.load()
        assert self._con is not None
        return self._con

    def get(self, code: str) -> Procedure | None:
        """The procedure with this code, or None."""
        row = self.con.execute("SELECT data FROM procedures WHERE code = ?", (code,)).fetchone()
        return Procedure.from_dict(json.loads(row[0])) if row else None

    def codes(self) -> list[str]:
        """All procedure codes, sorted."""
        return [r[0] for r in self.con.execute("SELECT code FROM procedures ORDER BY code")]

    def __iter__(self) -> Iterator[Procedure]:
        for (data,) in self.con.execute("SELECT data FROM procedures ORDER BY code"):
            yield Procedure.from_dict(json.loads(data))

    def __len__(self) -> int:
        return int(self.con.execute("SELECT COUNT(*) FROM procedures").fetchone()[0])

    def hashes(self) -> dict[str, str]:
        """code → content hash."""
        return dict(self.con.execute("SELECT code, hash FROM procedures"))

    def stats(self) -> dict[str, Any]:
        """Counts by level, field and agency; components by kind."""
        levels: Counter[str] = Counter()
        agencies: Counter[str] = Counter()
        for lv, ag in self.con.execute("SELECT levels, agencies FROM procedures"):
            levels.update(json.loads(lv) or ["khong_ro"])
            agencies.update(json.loads(ag))
        fields = dict(
            self.con.execute(
                "SELECT field, COUNT(*) FROM procedures GROUP BY field ORDER BY COUNT(*) DESC, field"
            )
        )
        kinds = dict(self.con.execute("SELECT kind, COUNT(*) FROM components GROUP BY kind"))
        return {
            "procedures": len(self),
            "components": sum(kinds.values()),
            "components_by_kind": dict(sorted(kinds.items())),
            "by_level": dict(levels.most_common()),
            "by_field": fields,
            "by_agency": dict(agencies.most_common()),
        }

    def changes(self, since: str | None = None) -> dict[str, Any]:
        """Added, removed and changed procedures since build ``since`` (default: the previous build)."""
        return _history.changes(self.con, since)

    def history(self, code: str) -> list[dict[str, Any]]:
        """Every recorded version of one procedure, oldest first."""
        return _history.history(self.con, code)

    def builds(self) -> list[dict[str, Any]]:
        """Every recorded build, oldest first."""
        return _history.builds(self.con)

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
