"""Atomic, incremental knowledge-base build: sources → SQLite store + manifest, then the stored audit verdicts."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

from ingestion.portal import PARSER_VERSION
from ingestion.reader import read_procedures
from kb import __version__
from kb.audit.build import build_verdicts
from kb.procedures.schema import SCHEMA_VERSION, BuildReport, Procedure
from kb.procedures.store import DB_NAME, MANIFEST_NAME, connect
from kb.staging import make_staging

log = logging.getLogger(__name__)


class BuildError(RuntimeError):
    """The build produced nothing usable; the previous knowledge base is left as it was."""


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def content_hash(p: Procedure) -> str:
    """Stable hash of a normalised record: decides whether a rebuild rewrites it."""
    blob = json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:32]


def _read_manifest(out: Path) -> dict[str, Any]:
    try:
        return json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _sources(paths: list[Path]) -> list[dict[str, Any]]:
    return [
        {"path": str(p), "sha256": file_sha256(p), "bytes": p.stat().st_size}
        for p in paths
        if p.is_file()
    ]


def build(
    paths: list[Path],
    out: Path,
    *,
    force: bool = False,
    strict: bool = False,
    progress: bool = False,
) -> BuildReport:
    """Build (or update) the knowledge base in ``out`` from portal export files.

    Unchanged sources with the same parser and schema are skipped. Otherwise every record is
    parsed; only procedures whose content hash changed are rewritten. Work happens on a copy in a
    temporary directory that replaces the old files only when complete. Then the audit verdicts of
    every component are stored (``kb.audit.build``), re-auditing only procedures that changed.
    """
    t0 = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    report = BuildReport()
    sources = _sources(paths)
    old = _read_manifest(out)
    if (
        not force
        and (out / DB_NAME).exists()
        and old.get("sources") == sources
        and old.get("parser_version") == PARSER_VERSION
        and old.get("schema_version") == SCHEMA_VERSION
    ):
        report.skipped = True
        report.read = report.accepted = old.get("counts", {}).get("procedures", 0)
        report.unchanged = report.accepted
        report.db_bytes = (out / DB_NAME).stat().st_size
        report.audit = build_verdicts(out, force=force)
        report.seconds = time.perf_counter() - t0
        return report

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit=" dòng", desc="Đọc thủ tục", leave=False, mininterval=0.5)

    procs: dict[str, Procedure] = {}
    try:
        tick = (lambda _n: bar.update(1)) if bar else None
        for proc in read_procedures(paths, report.rejected, conflicts=report.warnings, on_line=tick):
            procs[proc.code] = proc
    finally:
        if bar:
            bar.close()
    report.accepted = len(procs)
    report.read = report.accepted + sum(1 for r in report.rejected if r.line > 0)
    if not procs:
        raise BuildError("no valid procedure was read; knowledge base left unchanged")
    if strict and report.rejected:
        raise BuildError(f"{len(report.rejected)} records rejected and --strict is set; nothing written")

    staging = make_staging(out)
    try:
        db = staging / DB_NAME
        if (out / DB_NAME).exists() and not force and old.get("schema_version") == SCHEMA_VERSION:
            shutil.copy2(out / DB_NAME, db)
        con = connect(db)
        try:
            existing = dict(con.execute("SELECT code, hash FROM procedures"))
        except sqlite3.DatabaseError:
            con.close()
            db.unlink()
            con, existing = connect(db), {}
        hashes = {c: content_hash(p) for c, p in procs.items()}
        todo = [(p, hashes[c]) for c, p in procs.items() if existing.get(c) != hashes[c]]
        gone = [c for c in existing if c not in procs]
        report.added = sum(1 for p, _ in todo if p.code not in existing)
        report.changed = len(todo) - report.added
        report.removed = len(gone)
        report.unchanged = len(procs) - len(todo)
        from kb.procedures.store import write_procedures

        build_id = uuid.uuid4().hex
        with con:
            con.executemany("DELETE FROM procedures WHERE code = ?", [(c,) for c in gone])
            write_procedures(con, todo)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('build_id', ?)", (build_id,))
        n_comp = con.execute("SELECT COUNT(*) FROM components").fetchone()[0]
        con.execute("VACUUM")
        con.close()
        manifest = {
            "build_id": build_id,
            "schema_version": SCHEMA_VERSION,
            "parser_version": PARSER_VERSION,
            "package_version": __version__,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "sources": sources,
            "counts": {
                "procedures": len(procs),
                "components": n_comp,
                "rejected": len(report.rejected),
                "code_conflicts": len(report.warnings),
            },
        }
        (staging / MANIFEST_NAME).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        os.replace(db, out / DB_NAME)
        os.replace(staging / MANIFEST_NAME, out / MANIFEST_NAME)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report.db_bytes = (out / DB_NAME).stat().st_size
    report.audit = build_verdicts(out, force=force)  # after the store is in place: reads its hashes
    report.seconds = time.perf_counter() - t0
    return report
