"""Deterministic once-only verdict for one dossier component, with evidence and a Vietnamese rationale."""

from __future__ import annotations

from kb.audit.catalog import Catalog, load_catalog
from kb.audit.heads import Head, HeadMatcher
from kb.audit.lexicon import (
    ACTION_GAP,
    CONTENTS_INTRO,
    DATA_FIRST,
    DOC_NOUNS,
    FOREIGN_AFTER,
    FOREIGN_DBS,
    FOREIGN_PAPERS,
    FOREIGN_PROCEDURE,
    MEDICAL,
    NOT_ADMIN,
    NOTE_ANYWHERE,
    NOTE_STARTS,
    RESULT_MARKERS,
    SUBMIT_VERB,
)
from kb.audit.split import skip_qualifiers, split_spans
from kb.procedures.schema import AuditFinding, DossierComponent, EvidencePart
from kb.text.normalize import clean, fold

# Which part decides a composite component (earlier wins).
PRIORITY = ("replaceable", "reuse_result", "prefill", "keep")


def _papers(c: DossierComponent) -> tuple[int, int]:
    total = c.original_qty + c.copy_qty
    return (total if total > 0 else 1), c.copy_qty


class Classifier:
    """Reads component texts against the registry catalog; cheap to call, build once."""

    def __init__(self, catalog: Catalog | None = None) -> None:
        self.catalog = catalog or load_catalog()
        self.heads = HeadMatcher(self.catalog)
        self._db_names = [(n, d.id) for d in self.catalog.databases for n in d.names]

    # -- pieces -----------------------------------------------------------------------------
    def _named_database(self, folded: str) -> str:
        """The database a text names first ("" when it names none)."""
        best, best_pos = "", len(folded) + 1
        for name, db_id in self._db_names:
            pos = folded.find(name)
            if 0 <= pos < best_pos:
                best, best_pos = db_id, pos
        return best

    def _part_verdict(self, folded: str, head: Head, end: int, field: str, foreign: bool) -> tuple[str, str]:
        """(verdict, database) of a fragment whose head is ``head``."""
        kind = head.kind
        if kind == "evidence" and head.only_fields and not any(w in field for w in head.only_fields):
            kind = "result_cond"
        if kind == "evidence":
            after = folded[head.end : min(end, head.end + 120)]
            if head.database in FOREIGN_DBS and FOREIGN_AFTER.search(after):
                return "keep", ""
            if foreign and head.database in FOREIGN_PAPERS:  # a foreigner's passport/diploma/record: not ours
                return "keep", ""
            return "replaceable", head.database
        if kind == "form":
            return "prefill", "dan_cu"
        tail = folded[head.start : end]
        if kind in ("result", "result_cond") and NOT_ADMIN.search(tail):
            return "keep", ""
        if kind == "result":
            return "reuse_result", "kho_du_lieu"
        if kind == "result_cond":
            if RESULT_MARKERS.search(tail) and not MEDICAL.search(tail):
                return "reuse_result", "kho_du_lieu"
            return "keep", ""
        return "keep", ""

    def _parts(self, text: str, folded: str, field: str, foreign: bool) -> list[tuple[EvidencePart, Head]]:
        def starts(f: str, a: int, b: int) -> bool:
            return self.heads.starts_at(f, text, skip_qualifiers(f, a, b), b)

        out = []
        for a, b in split_spans(folded, starts):
            s = skip_qualifiers(folded, a, b)
            head = self.heads.first(folded, text, s, b)
            if (
                head is not None
                and head.kind in ("evidence", "result", "result_cond")
                and ACTION_GAP.search(folded, s, head.start)
            ):
                # "cấp lại Giấy xác nhận …": the paper is the object of the request; look for one handed in
                give = SUBMIT_VERB.search(folded, head.end, b)
                head = self.heads.first(folded, text, give.end(), b, window=30) if give else None
            if head is not None:
                verdict, db = self._part_verdict(folded, head, b, field, foreign)
                if verdict == "replaceable" and db == "xuat_nhap_canh":  # an ID card offered instead decides
                    alt = [h for h in self.heads.all(folded, text, head.end, b) if h.database == "dan_cu"]
                    if alt:
                        head, db = alt[0], "dan_cu"
                out.append((EvidencePart(text[a:b], verdict, text[head.start : head.end], db), head))
            if CONTENTS_INTRO.search(folded, a, b):
                break  # what follows lists the contents of this paper, not further papers
        return out

    def _is_note(self, c: DossierComponent, folded: str, has_head: bool) -> bool:
        if c.kind == "note":
            return True
        body = folded.lstrip("*-+• ")
        if NOTE_STARTS.match(body) or NOTE_ANYWHERE.search(body) and not has_head:
            return True
        if not has_head and (body.rstrip().endswith(":") or not DOC_NOUNS.search(body)):
            return True
        return False

    # -- the verdict ------------------------------------------------------------------------
    def classify(self, c: DossierComponent, field: str = "", procedure_name: str = "") -> AuditFinding:
        """The finding for one component; ``field`` and ``procedure_name`` give the procedure's context."""
        text = clean(c.text) or clean(c.raw_text)
        folded = fold(text)
        if len(folded) != len(text):  # fold must keep offsets; fall back to showing folded text
            text = folded
        ffield = fold(field)
        papers, copies = _papers(c)
        foreign = bool(FOREIGN_PROCEDURE.search(fold(procedure_name)))
        parts = self._parts(text, folded, ffield, foreign)

        def finding(
            verdict: str, db: str, evidence: str, conf: float, why: str, partial: bool = False
        ) -> AuditFinding:
            ref = self.catalog.get(db)
            legal = ref.legal_bases[0].number if ref and ref.legal_bases else ""
            return AuditFinding(
                c.id,
                c.procedure_code,
                c.text,
                verdict,
                db,
                evidence,
                conf,
                why,
                papers,
                copies,
                partial,
                legal,
                tuple(p for p, _ in parts),
            )

        if any(p.search(folded) for p in DATA_FIRST):
            db = self._named_database(folded)
            ev_parts = [p for p, _ in parts if p.verdict in ("replaceable", "reuse_result")]
            if not db:
                db = ev_parts[0].database if ev_parts else "csdl_dung_chung"
            evidence = ev_parts[0].phrase if ev_parts else ""
            return finding(
                "already_data_first",
                db,
                evidence,
                0.9,
                f"Văn bản thủ tục đã quy định cơ quan khai thác thông tin trong "
                f"{self.catalog.name(db)}; giấy tờ chỉ nộp/xuất trình khi không khai thác được.",
            )
        if self._is_note(c, folded, bool(parts)):
            return finding(
                "note",
                "",
                "",
                0.85 if c.kind == "note" else 0.7,
                "Không phải giấy tờ: đây là ghi chú, điều kiện hoặc tiêu đề trong danh mục hồ sơ.",
            )
        if not parts:
            return finding(
                "keep",
                "",
                "",
                0.4,
                "Không nhận ra loại giấy tờ có nguồn dữ liệu nhà nước; giữ nguyên thành phần hồ sơ.",
            )
        verdicts = {p.verdict for p, _ in parts}
        top = next(v for v in PRIORITY if v in verdicts)
        part = next(p for p, _ in parts if p.verdict == top)
        if part.database == "xuat_nhap_canh":  # an identity card offered as alternative decides
            part = next((p for p, _ in parts if p.verdict == top and p.database == "dan_cu"), part)
        partial = top in ("replaceable", "reuse_result") and bool(verdicts & {"keep", "prefill"})
        if top == "replaceable":
            held = self.catalog.name(part.database) or part.database
            return finding(
                top,
                part.database,
                part.phrase,
                0.75 if partial else 0.9,
                f"Thông tin của «{part.phrase}» đã có trong {held}; cơ quan giải quyết có thể khai thác "
                f"thay cho giấy tờ"
                + (" (các giấy tờ khác trong thành phần này vẫn cần nộp)." if partial else "."),
                partial,
            )
        if top == "reuse_result":
            return finding(
                top,
                "kho_du_lieu",
                part.phrase,
                0.65 if partial else 0.75,
                f"«{part.phrase}» là kết quả giải quyết thủ tục do cơ quan nhà nước cấp; có thể tái sử "
                f"dụng từ Kho quản lý dữ liệu điện tử thay vì yêu cầu nộp lại.",
                partial,
            )
        if top == "prefill":
            return finding(
                top,
                "dan_cu",
                part.phrase,
                0.85,
                f"«{part.phrase}» là tờ khai/đơn: các trường thông tin nhân thân có thể điền sẵn từ "
                f"CSDL quốc gia về dân cư bằng biểu mẫu điện tử tương tác.",
            )
        return finding(
            "keep",
            "",
            part.phrase,
            0.6,
            f"«{part.phrase}» do người nộp hoặc bên thứ ba lập; không có cơ sở dữ liệu nhà nước thay thế.",
        )
