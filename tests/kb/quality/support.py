"""A small procedure record builder for the quality-rule tests."""

from __future__ import annotations

from kb.procedures.schema import DossierComponent, ExecutionMethod, Fee, LegalBasis, Procedure, ProcessingTime


def comp(i: int, text: str, orig: int = 1, copy: int = 0, kind: str = "document") -> DossierComponent:
    return DossierComponent(f"c{i}", "9.900001", "", 0, i, text, text, "", orig, copy, False, kind)  # type: ignore[arg-type]


def method(sub: str = "DIRECT", fee: Fee | None = None, time: ProcessingTime | None = None) -> ExecutionMethod:
    return ExecutionMethod(sub, time or ProcessingTime(3, "working_day", "3 ngày làm việc", "3 WORKING_DAY"),
                           (fee or Fee("FEE", 0, ""),), "")


def make(**kw: object) -> Procedure:
    base: dict[str, object] = dict(
        code="9.900001", name="Cấp giấy phép mẫu", field="Thử", field_code="", levels=("xa",),
        agencies=("Ủy ban nhân dân cấp xã",), subjects=(), steps="Bước 1: Nộp hồ sơ tại Ủy ban nhân dân cấp xã.",
        methods=(method(),), components=(comp(1, "Tờ khai theo mẫu"),), requirements="",
        results=("Giấy phép",), legal_bases=(LegalBasis("123/2015/NĐ-CP", "Nghị định hộ tịch"),),
        decision="", issuer="", updated_at=0)
    base.update(kw)
    return Procedure(**base)  # type: ignore[arg-type]
