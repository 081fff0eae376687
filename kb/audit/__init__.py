"""Once-only reform audit: which dossier components the State's own data could replace."""

from __future__ import annotations

from kb.audit.catalog import Catalog, load_catalog
from kb.audit.classify import Classifier
from kb.audit.notes import citizen_note
from kb.procedures.schema import AuditFinding, DossierComponent, Procedure

__all__ = [
    "AuditFinding",
    "Catalog",
    "Classifier",
    "audit_procedure",
    "citizen_note",
    "data_first_note",
    "load_catalog",
]


def audit_procedure(proc: Procedure, classifier: Classifier | None = None) -> list[AuditFinding]:
    """One finding per component of ``proc``, in the portal's order."""
    clf = classifier or Classifier()
    return [clf.classify(c, proc.field, proc.name) for c in proc.components]


def data_first_note(component: DossierComponent, classifier: Classifier | None = None) -> str | None:
    """A sentence the citizen assistant may add, ONLY where the procedure text is itself data-first.

    Never a licence to drop the paper from the list: the official procedure still lists it.
    """
    clf = classifier or Classifier()
    return citizen_note(clf.classify(component), clf.catalog)
