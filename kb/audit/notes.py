"""The one sentence a citizen answer may add about a component, only where the text is data-first."""

from __future__ import annotations

from kb.audit.catalog import Catalog
from kb.procedures.schema import AuditFinding


def citizen_note(finding: AuditFinding, catalog: Catalog) -> str | None:
    """Vietnamese note for an ``already_data_first`` finding; None for every other verdict.

    A ``replaceable`` verdict is a reform opportunity, not the law in force, so it yields nothing:
    the assistant keeps listing every paper the official procedure lists.
    """
    if finding.verdict != "already_data_first":
        return None
    db = catalog.get(finding.database)
    where = db.name if db and db.id != "csdl_dung_chung" else "cơ sở dữ liệu được kết nối, chia sẻ"
    return (
        f"Theo quy định của thủ tục, nếu cơ quan giải quyết tra cứu được thông tin trong {where} "
        f"thì không phải nộp/xuất trình giấy tờ này; nếu không tra cứu được, vẫn cần nộp/xuất trình."
    )
