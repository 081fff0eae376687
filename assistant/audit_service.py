"""Once-only audits served over HTTP: per procedure on demand, the whole-KB overview once."""

from __future__ import annotations

import threading
from typing import Any

from kb.audit.aggregate import ProcedureAudit, audit_many, audit_one, overview
from kb.audit.catalog import load_catalog
from kb.audit.classify import Classifier
from kb.procedures.store import Store


class AuditService:
    """Audits on demand; the whole-KB overview is computed once (a few seconds) and cached."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.classifier = Classifier()
        self._overview: dict[str, Any] | None = None
        self._lock = threading.Lock()

    def procedure(self, code: str) -> ProcedureAudit | None:
        """One procedure's audit, None when the code is unknown."""
        proc = self.store.get(code)
        return audit_one(proc, self.classifier) if proc else None

    def overview(self) -> dict[str, Any]:
        """Whole-KB figures with the catalogue's database names (computed on first use)."""
        with self._lock:
            if self._overview is None:
                audits = audit_many(self.store, self.classifier)
                cat = load_catalog()
                self._overview = {
                    **overview(audits, top=50),
                    "databases": {d.id: {"name": d.name, "short": d.short} for d in cat.databases},
                }
            return self._overview
