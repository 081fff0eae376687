"""Audit verdicts stored by ``tthc build`` (``{kb_dir}/audit``): read them instead of auditing at serve time."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import Any

from kb.audit.aggregate import ProcedureAudit, ProcedureSummary
from kb.audit.catalog import Catalog, load_catalog
from kb.audit.notes import citizen_note
from kb.procedures.schema import AuditFinding, DossierComponent, EvidencePart
from kb.procedures.store import MANIFEST_NAME, KBError

AUDIT_DIR = "audit"
DB_FILE = "verdicts.sqlite"
FORMAT = "audit-verdicts-1"
# Everything a verdict or a summary depends on: a change to any of these re-audits every procedure.
RULE_MODULES = ("aggregate", "catalog", "classify", "heads", "lexicon", "notes", "split")
RULE_DATA = ("registries.yaml",)

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audits (
    code TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    summary TEXT NOT NULL,
    findings TEXT NOT NULL
);
"""


class AuditNotBuilt(KBError):
    """The knowledge base has no (or stale) stored audit verdicts; the message says to run ``tthc build``."""


def classifier_version() -> str:
    """Hash of the rule modules, the registry catalog and the text normaliser the verdicts come from."""
    h = hashlib.sha256(FORMAT.encode())
    for mod in RULE_MODULES:
        h.update(resources.files("kb.audit").joinpath(f"{mod}.py").read_bytes())
    h.update(resources.files("kb.text").joinpath("normalize.py").read_bytes())
    for name in RULE_DATA:
        h.update(resources.files("kb.data").joinpath(name).read_bytes())
    return h.hexdigest()[:24]


def audit_dir(kb_dir: Path) -> Path:
    """Where a knowledge base keeps its stored verdicts."""
    return Path(kb_dir) / AUDIT_DIR


def read_manifest(kb_dir: Path) -> dict[str, Any]:
    """The stored-verdicts manifest, or ``{}`` when there is none (or it is unreadable)."""
    try:
        data = json.loads((audit_dir(kb_dir) / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating the tables of) a verdicts database for writing."""
    con = sqlite3.connect(str(path))
    con.executescript(DDL)
    return con


# -- records <-> JSON ---------------------------------------------------------------------------
def finding_to_json(f: AuditFinding) -> dict[str, Any]:
    """Plain JSON of a finding (its parts included)."""
    return asdict(f)


def finding_from_json(d: dict[str, Any]) -> AuditFinding:
    """The finding written by :func:`finding_to_json`."""
    parts = tuple(EvidencePart(**p) for p in d["parts"])
    return AuditFinding(**{**d, "parts": parts})


def summary_from_json(d: dict[str, Any]) -> ProcedureSummary:
    """The summary written by ``ProcedureSummary.to_dict``."""
    return ProcedureSummary(**{**d, "levels": tuple(d["levels"]), "agencies": tuple(d["agencies"])})


def audit_row(a: ProcedureAudit, content_hash: str) -> tuple[str, str, str, str]:
    """``(code, hash, summary, findings)`` row of the ``audits`` table."""
    return (
        a.summary.code,
        content_hash,
        json.dumps(a.summary.to_dict(), ensure_ascii=False),
        json.dumps([finding_to_json(f) for f in a.findings], ensure_ascii=False),
    )


def audit_from_row(summary: str, findings: str) -> ProcedureAudit:
    """The audit of one procedure from its stored row."""
    return ProcedureAudit(
        summary_from_json(json.loads(summary)),
        tuple(finding_from_json(f) for f in json.loads(findings)),
    )


# -- reading ------------------------------------------------------------------------------------
class StoredAudit:
    """Read access to the verdicts ``tthc build`` stored; opening checks they match the KB and the rules."""

    def __init__(self, kb_dir: Path, catalog: Catalog | None = None) -> None:
        self.kb_dir = Path(kb_dir)
        self.catalog = catalog or load_catalog()
        self.manifest: dict[str, Any] = {}
        self._con: sqlite3.Connection | None = None
        self._overview: dict[str, Any] = {}

    def load(self, kb_build_id: str) -> StoredAudit:
        """Open and check against the store's ``build_id``; raise :class:`AuditNotBuilt` when missing/stale."""
        run_build = "hãy chạy 'tthc build' để rà soát và lưu kết quả"
        self.manifest = read_manifest(self.kb_dir)
        db = audit_dir(self.kb_dir) / DB_FILE
        if not self.manifest or not db.exists():
            raise AuditNotBuilt(f"cơ sở tri thức {self.kb_dir} chưa có kết quả rà soát lưu sẵn; {run_build}")
        if self.manifest.get("kb_build_id") != kb_build_id:
            raise AuditNotBuilt(f"kết quả rà soát trong {self.kb_dir} thuộc một lần xây dựng khác; {run_build}")
        if self.manifest.get("classifier_version") != classifier_version():
            raise AuditNotBuilt(f"quy tắc rà soát đã thay đổi từ khi lưu kết quả; {run_build}")
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(con.execute("SELECT key, value FROM meta"))
        if meta.get("audit_id") != self.manifest.get("audit_id"):
            con.close()
            raise AuditNotBuilt(f"{db} không khớp với manifest (sao chép dở dang?); {run_build}")
        self._overview = json.loads(meta["overview"])
        self._con = con
        return self

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            raise AuditNotBuilt("stored audit not loaded; call load() first")
        return self._con

    def overview(self) -> dict[str, Any]:
        """The whole-KB summary computed at build time (``kb.audit.aggregate.overview``, top 50)."""
        return self._overview

    def procedure(self, code: str) -> ProcedureAudit | None:
        """The stored audit of one procedure, or None when the code is unknown."""
        row = self.con.execute("SELECT summary, findings FROM audits WHERE code = ?", (code,)).fetchone()
        return audit_from_row(row[0], row[1]) if row else None

    def finding(self, component: DossierComponent) -> AuditFinding | None:
        """The stored finding of one component (None when its procedure or id is not stored)."""
        a = self.procedure(component.procedure_code)
        return next((f for f in a.findings if f.component_id == component.id), None) if a else None

    def data_first_note(self, component: DossierComponent) -> str | None:
        """The citizen note (``kb.audit.notes.citizen_note``) of a component's stored verdict."""
        f = self.finding(component)
        return citizen_note(f, self.catalog) if f else None

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


def open_stored_audit(kb_dir: Path, kb_build_id: str) -> StoredAudit:
    """Open the stored verdicts of the KB whose store has ``kb_build_id`` (:class:`AuditNotBuilt` if none)."""
    return StoredAudit(kb_dir).load(kb_build_id)
