"""Once-only reform audit: which dossier components the State's own data could replace."""

from __future__ import annotations

from kb.audit.catalog import Catalog, load_catalog
from kb.audit.classify import Classifier, default_classifier
from kb.schema import AuditFinding, DossierComponent, Procedure

__all__ = ["Catalog", "Classifier", "audit_procedure", "data_first_note", "load_catalog", "AuditFinding"]


def audit_procedure(proc: Procedure, classifier: Classifier | None = None) -> list[AuditFinding]:
    """One finding per component of ``proc``, in the portal's order."""
    clf = classifier or default_classifier()
    return [clf.classify(c, proc.field, proc.name) for c in proc.components]


def data_first_note(component: DossierComponent, classifier: Classifier | None = None) -> str | None:
    """A sentence the citizen assistant may add, ONLY where the procedure text is itself data-first.

    Never a licence to drop the paper from the list: the official procedure still lists it.
    """
    clf = classifier or default_classifier()
    f = clf.classify(component)
    if f.verdict != "already_data_first":
        return None
    db = clf.catalog.get(f.database)
    where = db.name if db and db.id != "csdl_dung_chung" else "cơ sở dữ liệu được kết nối, chia sẻ"
    return (
        f"Theo quy định của thủ tục, nếu cơ quan giải quyết tra cứu được thông tin trong {where} "
        f"thì không phải nộp/xuất trình giấy tờ này; nếu không tra cứu được, vẫn cần nộp/xuất trình."
    )
