"""Quality rules: each fires on its problem, and context keeps legal citations from counting as stale bodies."""

from __future__ import annotations

from datetime import date

from kb.procedures.schema import Fee, ProcessingTime
from kb.quality.collection_rules import code_conflicts, near_duplicates
from kb.quality.model import RuleContext
from kb.quality.reorg import load_table, mentions
from kb.quality.run import RULES, check_procedure, counts, run_all
from tests.kb.quality.support import comp, make, method

CTX = RuleContext(date(2026, 7, 1))


def _rules(p: object) -> list[tuple[str, str, str]]:
    return [(f.rule, f.field, f.severity) for f in check_procedure(p, CTX)]  # type: ignore[arg-type]


def test_clean_record_has_no_finding() -> None:
    assert _rules(make()) == []


def test_district_agency_and_steps_are_stale_but_a_cited_title_is_not() -> None:
    p = make(agencies=("Ủy ban nhân dân cấp huyện",),
             steps="Nộp tại Phòng Tư pháp cấp huyện theo mẫu tại Thông tư số 04/2020/TT-BTP ngày 28/5/2020 của "
                   "Bộ trưởng Bộ Tư pháp hướng dẫn thủ tục cấp huyện.")
    got = check_procedure(p, CTX)
    assert [(f.rule, f.field, f.severity) for f in got] == [
        ("stale_district_level", "agencies", "high"), ("stale_district_level", "steps", "medium")]
    assert "Phòng Tư pháp cấp huyện" in got[1].evidence
    assert "72/2025/QH15" in got[0].suggestion and "cấp xã" in got[0].suggestion


def test_old_ministry_in_a_citation_is_context_but_as_a_body_is_stale() -> None:
    cited = "Theo Thông tư số 12/2017/TT-BGTVT ngày 15/4/2017 của Bộ Giao thông vận tải quy định đào tạo."
    assert mentions(cited) == []
    body = mentions("Hồ sơ gửi Bộ Giao thông vận tải; Tổng cục Thuế xác nhận.")
    assert [(m.body.kind, m.body.now) for m in body] == [
        ("ministry", "Bộ Xây dựng"), ("general_department", "Cục Thuế (Bộ Tài chính)")]
    assert mentions("Tổng cục Chính trị Quân đội nhân dân Việt Nam") == []  # still exists: not in the table
    assert mentions("theo quy định của Bộ Xây dựng (hoặc Bộ Giao thông vận tải cũ)") == []  # already marked old
    assert mentions("do Bộ Lao động - Thương binh và Xã hội (nay là Bộ Nội vụ) ban hành") == []


def test_district_tiers_authors_and_past_states_are_not_bodies_to_go_to() -> None:
    for text in ("được bệnh viện đa khoa cấp huyện trở lên khám", "bản đồ quy hoạch sử dụng đất cấp huyện",
                 "giấy xác nhận của cơ quan xây dựng cấp huyện trước ngày 01 tháng 7 năm 2025",
                 "có xác nhận của Ủy ban nhân dân cấp huyện tại thời điểm kê khai",
                 "theo mẫu của Bộ Kế hoạch và Đầu tư", "quy định của Bộ Lao động - Thương binh và Xã hội) (sau đây "
                 "gọi tắt là Thông tư số 08/2023/TT-BLĐTBXH)",
                 "Thông\ntư số 41/2024/TT-BGTVT của Bộ Giao thông vận tải"):
        assert mentions(text) == [], text
    for text in ("nộp tại Công an cấp huyện", "xác nhận của UBND quận, huyện trở lên", "gửi Bộ Kế hoạch và Đầu tư"):
        assert len(mentions(text)) == 1, text


def test_table_has_every_kind_with_a_basis() -> None:
    kinds = {b.kind for b in load_table()}
    assert kinds == {"district", "ministry", "general_department"}
    assert all(b.basis_title and b.now for b in load_table())


def test_expired_fee_reduction_is_high_and_a_historical_period_is_not_a_rule() -> None:
    fee = Fee("FEE", None, "Nộp trực tuyến: từ ngày 01/01/2024 đến hết ngày 31/12/2025 mức thu 50.000 đồng", (50000,))
    p = make(methods=(method("ONLINE", fee),),
             requirements="Người tham gia kháng chiến từ ngày 20/7/1954 đến 30/4/1975.")
    assert _rules(p) == [("expired_time_limited_rule", "fees", "high")]
    assert _rules(make(methods=(method("ONLINE", fee),))) == _rules(p)
    assert check_procedure(make(methods=(method("ONLINE", fee),)), RuleContext(date(2025, 12, 1))) == []


def test_unparsed_fee_time_quantities_notes_results_steps() -> None:
    p = make(methods=(method(fee=Fee("FEE", None, "Theo Thông tư số 85/2019/TT-BTC"),
                             time=ProcessingTime(None, "other", "", "1 OTHER")),),
             components=(comp(1, "Bản sao giấy khai sinh", orig=1, copy=0),
                         comp(2, "Trường hợp ủy quyền thì nộp thêm văn bản ủy quyền", orig=1, kind="note"),
                         comp(3, "", orig=1)),
             results=(), steps="")
    assert sorted(r for r, _, _ in _rules(p)) == sorted([
        "unparsed_fee", "unparsed_time", "contradictory_quantity", "note_as_paper", "empty_component",
        "no_results", "no_steps"])


def test_near_duplicates_code_conflicts_and_counts() -> None:
    a, b = make(code="9.1", issuer="UBND tỉnh A"), make(code="9.2", name="Cấp  giấy phép mẫu.", issuer="UBND tỉnh A")
    province_copy = make(code="9.6", issuer="UBND tỉnh B")
    other = make(code="9.3", agencies=("Sở Tư pháp",))
    ctx = RuleContext(CTX.as_of, extra={"conflicts": [{"code": "9.4", "reason": "mã trùng"}]})
    dup = list(near_duplicates([a, b, other, province_copy], ctx))
    assert [(f.code, f.rule) for f in dup] == [("9.1", "near_duplicate"), ("9.2", "near_duplicate")]
    assert "9.2" in dup[0].evidence
    assert [f.code for f in code_conflicts([], ctx)] == ["9.4"]
    found = run_all([a, b, other, make(code="9.5", agencies=("UBND huyện",))], ctx)
    c = counts(found, [a, b, other])
    assert list(c["by_rule"]) == list(RULES)
    assert (c["by_rule"]["near_duplicate"], c["by_rule"]["code_conflict"], c["by_rule"]["stale_district_level"]) == (
        2, 1, 1)
    assert c["by_field"]["agencies"] == 1 and c["by_level"]["xa"] == 2
