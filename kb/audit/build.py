"""Audit every dossier component at build time, incrementally, into ``{kb_dir}/audit`` (run by ``tthc build``).

A procedure is re-audited only when its content hash changed; a change to the rules or the catalog
(:func:`kb.audit.stored.classifier_version`) re-audits all. The whole-KB overview is stored beside the
verdicts. The new database is written in a temporary folder and renamed into place, manifest last.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kb.audit.aggregate import audit_one, overview
from kb.audit.classify import Classifier
from kb.audit.stored import (
    DB_FILE,
    FORMAT,
    audit_dir,
    audit_from_row,
    audit_row,
    classifier_version,
    connect,
    read_manifest,
)
from kb.procedures.store import MANIFEST_NAME, Store

OVERVIEW_TOP = 50  # rows per ranking in the stored overview (what /v1/audit/summary serves)


def build_verdicts(
    kb_dir: Path, *, force: bool = False, progress: Callable[[int], None] | None = None
) -> dict[str, Any]:
    """Store the verdicts of every component of the built store in ``kb_dir``; returns a summary.

    ``progress(n_components)`` is called after each re-audited procedure.
    """
    t0 = time.perf_counter()
    kb_dir = Path(kb_dir)
    store = Store(kb_dir).load()
    try:
        return _build(store, kb_dir, force, progress, t0)
    finally:
        store.close()


def _build(
    store: Store, kb_dir: Path, force: bool, progress: Callable[[int], None] | None, t0: float
) -> dict[str, Any]:
    version = classifier_version()
    build_id = str(store.manifest["build_id"])
    out = audit_dir(kb_dir)
    old = read_manifest(kb_dir)
    if (
        not force
        and (out / DB_FILE).exists()
        and old.get("format") == FORMAT
        and old.get("classifier_version") == version
        and old.get("kb_build_id") == build_id
    ):
        return {"skipped": True, **old.get("counts", {}), "seconds": round(time.perf_counter() - t0, 2)}
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    try:
        db = staging / DB_FILE
        reuse = not force and old.get("format") == FORMAT and old.get("classifier_version") == version
        if reuse and (out / DB_FILE).exists():
            shutil.copy2(out / DB_FILE, db)
        con = connect(db)
        try:
            counts = _update(con, store, progress)
            rows = con.execute("SELECT summary, findings FROM audits ORDER BY code")
            audits = [audit_from_row(s, f) for s, f in rows]
            audit_id = uuid.uuid4().hex
            with con:
                con.execute("INSERT OR REPLACE INTO meta VALUES ('audit_id', ?)", (audit_id,))
                con.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('overview', ?)",
                    (json.dumps(overview(audits, top=OVERVIEW_TOP), ensure_ascii=False),),
                )
            con.execute("VACUUM")
        finally:
            con.close()
        counts["components"] = sum(len(a.findings) for a in audits)
        manifest = {
            "format": FORMAT,
            "classifier_version": version,
            "kb_build_id": build_id,
            "audit_id": audit_id,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "counts": counts,
        }
        (staging / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        os.replace(db, out / DB_FILE)
        os.replace(staging / MANIFEST_NAME, out / MANIFEST_NAME)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {"skipped": False, **counts, "seconds": round(time.perf_counter() - t0, 2)}


def _update(con: sqlite3.Connection, store: Store, progress: Callable[[int], None] | None) -> dict[str, int]:
    """Re-audit procedures whose hash changed, drop removed ones; counts of each."""
    stored = dict(con.execute("SELECT code, hash FROM audits"))
    current = store.hashes()
    todo = {c for c, h in current.items() if stored.get(c) != h}
    gone = [c for c in stored if c not in current]
    clf = Classifier()
    with con:
        con.executemany("DELETE FROM audits WHERE code = ?", [(c,) for c in gone])
        for code in sorted(todo):
            proc = store.get(code)
            assert proc is not None  # listed by the same read-only store
            a = audit_one(proc, clf)
            con.execute("INSERT OR REPLACE INTO audits VALUES (?,?,?,?)", audit_row(a, current[code]))
            if progress is not None:
                progress(len(a.findings))
    return {"procedures": len(current), "audited": len(todo), "removed": len(gone), "kept": len(current) - len(todo)}
