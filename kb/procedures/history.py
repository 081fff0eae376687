"""Per-procedure version history kept in ``kb.sqlite`` by every build, and the changes between builds.

Each build that changed anything gets a row in ``builds`` (ordered by ``seq``); each procedure whose
content hash differs from its latest version gets a row in ``versions`` (``hash = ''`` marks a removal).
Version data is compressed JSON of the normalised record, so a diff can be computed between any two builds.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Mapping
from typing import Any

from kb.procedures.diff import diff_procedures
from kb.procedures.schema import Procedure

HISTORY_DDL = """
CREATE TABLE IF NOT EXISTS builds (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    build_id TEXT UNIQUE NOT NULL,
    built_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS versions (
    code TEXT NOT NULL,
    seq INTEGER NOT NULL REFERENCES builds(seq),
    hash TEXT NOT NULL,
    data BLOB,
    PRIMARY KEY (code, seq)
);
"""


class HistoryError(LookupError):
    """An unknown build id, or a knowledge base built before history was kept."""


def _pack(p: Procedure) -> bytes:
    return zlib.compress(json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True).encode(), 6)


def _unpack(blob: bytes) -> Procedure:
    return Procedure.from_dict(json.loads(zlib.decompress(blob)))


def _latest(con: sqlite3.Connection, seq: int | None = None) -> dict[str, str]:
    """code → hash of the latest version at build ``seq`` (all builds when None); removed codes left out."""
    bound = "" if seq is None else "WHERE seq <= ?"
    rows = con.execute(
        f"SELECT v.code, v.hash FROM versions v JOIN (SELECT code, MAX(seq) s FROM versions {bound} "
        "GROUP BY code) m ON v.code = m.code AND v.seq = m.s",
        () if seq is None else (seq,),
    )
    return {c: h for c, h in rows if h}


def _seed(con: sqlite3.Connection, build_id: str, built_at: str) -> None:
    """A KB built before history was kept: its current procedures become the first version."""
    cur = con.execute("INSERT INTO builds (build_id, built_at) VALUES (?, ?)", (build_id, built_at))
    seq = cur.lastrowid
    for code, h, data in con.execute("SELECT code, hash, data FROM procedures").fetchall():
        blob = zlib.compress(data.encode(), 6)
        con.execute("INSERT INTO versions VALUES (?,?,?,?)", (code, seq, h, blob))


def record_build(
    con: sqlite3.Connection,
    build_id: str,
    built_at: str,
    current: Mapping[str, tuple[Procedure, str]],
    previous: tuple[str, str] | None = None,
) -> dict[str, int]:
    """Record build ``build_id``: a version for every procedure added or changed, a mark for each removed.

    Call before the ``procedures`` table is updated: when no build is recorded yet and the table holds
    a previous build, that state is kept first as build ``previous`` = ``(build_id, built_at)``.
    Returns counts; records no build when nothing changed.
    """
    if previous is not None and con.execute("SELECT COUNT(*) FROM builds").fetchone()[0] == 0:
        if con.execute("SELECT COUNT(*) FROM procedures").fetchone()[0]:
            _seed(con, *previous)
    last = _latest(con)
    todo = [(p, h) for c, (p, h) in current.items() if last.get(c) != h]
    gone = [c for c in last if c not in current]
    if not todo and not gone:
        return {"versions": 0, "removed": 0}
    seq = con.execute("INSERT INTO builds (build_id, built_at) VALUES (?, ?)", (build_id, built_at)).lastrowid
    con.executemany("INSERT INTO versions VALUES (?,?,?,?)", [(p.code, seq, h, _pack(p)) for p, h in todo])
    con.executemany("INSERT INTO versions VALUES (?,?,'',NULL)", [(c, seq) for c in gone])
    return {"versions": len(todo), "removed": len(gone)}


def builds(con: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every recorded build, oldest first."""
    try:
        rows = con.execute("SELECT seq, build_id, built_at FROM builds ORDER BY seq").fetchall()
    except sqlite3.OperationalError as exc:
        raise HistoryError("cơ sở tri thức chưa có lịch sử phiên bản; hãy chạy 'tthc build'") from exc
    return [{"seq": s, "build_id": b, "built_at": t} for s, b, t in rows]


def _version(con: sqlite3.Connection, code: str, seq: int) -> Procedure:
    row = con.execute(
        "SELECT data FROM versions WHERE code = ? AND seq = (SELECT MAX(seq) FROM versions WHERE code = ? "
        "AND seq <= ?)", (code, code, seq)).fetchone()
    assert row is not None and row[0] is not None  # listed by _latest at the same seq
    return _unpack(row[0])


def changes(con: sqlite3.Connection, since: str | None = None) -> dict[str, Any]:
    """Procedures added, removed and changed (with field-level diffs) from build ``since`` to the latest.

    ``since`` defaults to the build before the latest one (everything is "added" after the first build).
    """
    all_builds = builds(con)
    if not all_builds:
        raise HistoryError("chưa có lần xây dựng nào được ghi lại; hãy chạy 'tthc build'")
    latest = all_builds[-1]
    if since is None:
        base = all_builds[-2] if len(all_builds) > 1 else None
    else:
        base = next((b for b in all_builds if b["build_id"] == since), None)
        if base is None:
            raise HistoryError(f"không có lần xây dựng mã {since}")
    old = _latest(con, base["seq"]) if base else {}
    new = _latest(con, latest["seq"])
    changed: list[dict[str, Any]] = []
    for code in sorted(c for c in new if c in old and old[c] != new[c]):
        diff = diff_procedures(_version(con, code, base["seq"]), _version(con, code, latest["seq"]))  # type: ignore[index]
        if diff:
            changed.append({"code": code, "fields": sorted(diff), "diff": diff})
    return {
        "since": base["build_id"] if base else None,
        "until": latest["build_id"],
        "added": sorted(c for c in new if c not in old),
        "removed": sorted(c for c in old if c not in new),
        "changed": changed,
    }


def history(con: sqlite3.Connection, code: str) -> list[dict[str, Any]]:
    """Every recorded version of one procedure, oldest first, with the fields each version changed."""
    builds(con)  # raises HistoryError when history is not kept
    rows = con.execute(
        "SELECT b.build_id, b.built_at, v.hash, v.data FROM versions v JOIN builds b ON b.seq = v.seq "
        "WHERE v.code = ? ORDER BY v.seq", (code,)).fetchall()
    out: list[dict[str, Any]] = []
    prev: Procedure | None = None
    for build_id, built_at, h, data in rows:
        cur = _unpack(data) if data is not None else None
        status = "removed" if cur is None else ("added" if prev is None else "changed")
        fields = sorted(diff_procedures(prev, cur)) if prev is not None and cur is not None else []
        out.append({"build_id": build_id, "built_at": built_at, "hash": h, "status": status,
                    "updated_at": cur.updated_at if cur else None, "fields": fields})
        prev = cur
    return out


def carry_history(con: sqlite3.Connection, old_db: str) -> int:
    """Copy the builds and versions of ``old_db`` into a fresh database (a forced rebuild); builds copied."""
    con.executescript(HISTORY_DDL)
    con.execute("ATTACH DATABASE ? AS old", (old_db,))
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM old.sqlite_master WHERE type = 'table'")}
        if not {"builds", "versions"} <= tables:
            return 0
        with con:
            con.execute("INSERT INTO builds SELECT seq, build_id, built_at FROM old.builds")
            con.execute("INSERT INTO versions SELECT code, seq, hash, data FROM old.versions")
        return int(con.execute("SELECT COUNT(*) FROM builds").fetchone()[0])
    finally:
        con.execute("DETACH DATABASE old")
