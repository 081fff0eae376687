"""Once-only audits served over HTTP from the verdicts ``tthc build`` stored (nothing is audited here)."""

from __future__ import annotations

from typing import Any

from kb.audit.export import procedure_dict
from kb.audit.stored import StoredAudit


class AuditService:
    """Serves the verdicts and the whole-KB overview that ``tthc build`` stored (nothing is audited here)."""

    def __init__(self, stored: StoredAudit) -> None:
        self.stored = stored
        cat = stored.catalog
        self._overview = {
            **stored.overview(),
            "databases": {d.id: {"name": d.name, "short": d.short} for d in cat.databases},
        }

    def procedure(self, code: str) -> dict[str, Any] | None:
        a = self.stored.procedure(code)
        return procedure_dict(a, self.stored.catalog) if a else None

    def overview(self) -> dict[str, Any]:
        return self._overview
