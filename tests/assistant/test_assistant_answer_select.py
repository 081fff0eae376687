"""Answer selection: record sentences that answer the question first, deadlines, cases, fees, summary."""

from __future__ import annotations

from assistant import compose
from assistant.answer_focus import AGENCY_TIME_TITLE, DEADLINE_TITLE, NO_QUOTE, focus
from assistant.answer_select import citizen_deadlines, is_yes_no, match_case, select, split_sentences
from assistant.channels import render_agent, render_web
from kb.procedures.schema import DossierComponent, ExecutionMethod, Fee, Procedure, ProcessingTime
from kb.text.normalize import one_line

STEPS = ("- Trong thời hạn 60 ngày kể từ ngày sinh con, cha hoặc mẹ có trách nhiệm đi đăng ký khai sinh "
         "cho con.\n- Công chức tư pháp - hộ tịch kiểm tra hồ sơ. Trong thời hạn 02 ngày làm việc, kể từ ngày "
         "nhận hồ sơ, Ủy ban nhân dân cấp xã trả kết quả.")


def _comp(i: int, text: str, case: str = "", kind: str = "document") -> DossierComponent:
    return DossierComponent(f"c{i}", "9.900001", case, 0, i, text, text, "", 1, 0, False, kind)  # type: ignore[arg-type]


def _method(sub: str, fee: Fee, days: str = "3 ngày làm việc") -> ExecutionMethod:
    return ExecutionMethod(sub, ProcessingTime(3, "working_day", days, days), (fee,), "")


def make(**kw: object) -> Procedure:
    base: dict[str, object] = dict(
        code="9.900001", name="Đăng ký khai sinh mẫu", field="Hộ tịch", field_code="", levels=("xa",),
        agencies=("Ủy ban nhân dân cấp xã",), subjects=("Công dân Việt Nam",), steps=STEPS,
        methods=(_method("DIRECT", Fee("FEE", 8000, "")), _method("ONLINE", Fee("FEE", 0, ""))),
        components=(_comp(1, "Tờ khai đăng ký khai sinh theo mẫu."),
                    _comp(2, "Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người "
                             "làm chứng xác nhận về việc sinh."),
                    _comp(3, "Trường hợp đã nộp bản điện tử Giấy chứng sinh thì không phải nộp bản giấy.",
                          kind="note")),
        requirements="", results=("Giấy khai sinh",), legal_bases=(), decision="", issuer="", updated_at=0)
    base.update(kw)
    return Procedure(**base)  # type: ignore[arg-type]


def test_sentences_are_whole_and_bullets_removed() -> None:
    out = split_sentences("- Nộp hồ sơ tại Ủy ban. Lệ phí 8.000 đồng/lần.\n+ Trường hợp mất giấy thì\nkhai lại.")
    assert out == ["Nộp hồ sơ tại Ủy ban.", "Lệ phí 8.000 đồng/lần.", "Trường hợp mất giấy thì", "khai lại."]
    assert split_sentences("Lưu ý: - Văn bản thuê nhà không bắt buộc công chứng.") == [
        "Văn bản thuê nhà không bắt buộc công chứng."]


def test_a_document_question_without_topic_words_quotes_nothing() -> None:
    p = make()
    blocks, _ = focus(p, "documents", "đăng ký khai sinh mẫu cần mang theo giấy tờ gì", compose.compose(p, "documents"))
    assert [b.section for b in blocks] == ["documents", compose.SUMMARY_SECTION]


def test_yes_no_question_is_answered_by_the_deciding_sentence_verbatim() -> None:
    p = make()
    q = "đăng ký khai sinh mẫu có phải nộp bản giấy giấy chứng sinh không"
    assert is_yes_no(q) and not is_yes_no("đăng ký khai sinh mẫu cần giấy tờ gì")
    blocks, cites = focus(p, "conditions", q, compose.compose(p, "conditions"))
    quote = blocks[0]
    assert quote.section == compose.QUOTE_SECTION and quote.title == "Theo quy định của thủ tục"
    assert quote.items[0] == "Trường hợp đã nộp bản điện tử Giấy chứng sinh thì không phải nộp bản giấy."
    record = one_line(" ".join([p.steps, *(c.text for c in p.components)]))
    assert all(i in record for i in quote.items)  # grounded: verbatim record sentences
    assert ("9.900001", "documents") in {(c.code, c.section) for c in cites}
    web = render_web("T", blocks)
    assert web.index("Theo quy định của thủ tục:") < web.index("«Trường hợp đã nộp") < web.index("**Yêu cầu")


def test_yes_no_without_a_deciding_sentence_says_so_and_invents_nothing() -> None:
    p = make()
    blocks, _ = focus(p, "conditions", "đăng ký khai sinh mẫu có được ủy quyền cho hàng xóm không",
                      compose.compose(p, "conditions"))
    assert blocks[0].section == compose.NO_QUOTE_SECTION and blocks[0].items == (NO_QUOTE,)
    assert "«" not in render_web("T", blocks)


def test_citizen_deadline_is_told_apart_from_the_agency_processing_time() -> None:
    p = make()
    assert [s.text for s in citizen_deadlines(p)] == [
        "Trong thời hạn 60 ngày kể từ ngày sinh con, cha hoặc mẹ có trách nhiệm đi đăng ký khai sinh cho con."]
    blocks, _ = focus(p, "time", "sinh con bao lâu thì phải đi đăng ký khai sinh mẫu", compose.compose(p, "time"))
    titles = [b.title for b in blocks]
    assert titles.index(DEADLINE_TITLE) < titles.index(AGENCY_TIME_TITLE)  # "phải": the citizen's own first
    later, _ = focus(p, "time", "đăng ký khai sinh mẫu bao lâu có kết quả", compose.compose(p, "time"))
    assert [b.title for b in later].index(AGENCY_TIME_TITLE) < [b.title for b in later].index(DEADLINE_TITLE)
    none = make(steps="Ủy ban nhân dân cấp xã trả kết quả trong thời hạn 02 ngày làm việc.")
    assert citizen_deadlines(none) == []  # the agency's own limit is no citizen deadline


def test_fees_per_method_when_they_differ_and_once_when_equal() -> None:
    assert compose.fees(make()) == ("Trực tiếp: 8.000 đồng", "Trực tuyến: Không mất phí")
    same = make(methods=(_method("DIRECT", Fee("FEE", 8000, "")), _method("ONLINE", Fee("FEE", 8000, ""))))
    assert compose.fees(same) == ("Mọi cách nộp hồ sơ: 8.000 đồng",)
    assert compose.times(same) == ("Mọi cách nộp hồ sơ: 3 ngày làm việc",)


def test_summary_line_ends_web_and_agent_answers() -> None:
    p = make()
    assert compose.summary(p) == ("Nơi nộp: Ủy ban nhân dân cấp xã", "Thời hạn: 3 ngày làm việc",
                                  "Lệ phí: trực tiếp: 8.000 đồng; trực tuyến: miễn phí")
    blocks, _ = focus(p, "documents", "đăng ký khai sinh mẫu cần giấy tờ gì", compose.compose(p, "documents"))
    web, agent = render_web("T", blocks, "Ghi chú."), render_agent("T", blocks)
    assert web.splitlines()[-1] == ("**Tóm lại:** Nơi nộp: Ủy ban nhân dân cấp xã · Thời hạn: 3 ngày làm việc · "
                                    "Lệ phí: trực tiếp: 8.000 đồng; trực tuyến: miễn phí")
    assert agent.splitlines()[-1].startswith("TÓM LẠI: Nơi nộp: Ủy ban nhân dân cấp xã · Thời hạn:")


def test_fee_question_quotes_the_exemption_sentence_not_shown_in_the_fee_block() -> None:
    desc = ("Lệ phí đăng ký: 8.000 đồng/lần. Kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 mức thu lệ phí bằng "
            "50% mức thu nêu trên.")
    p = make(methods=(_method("DIRECT", Fee("FEE", None, desc)),))
    quotes = select(p, "fees", "đăng ký khai sinh mẫu lệ phí bao nhiêu", shown=("Lệ phí đăng ký: 8.000 đồng/lần.",))
    assert [s.text for s in quotes] == [
        "Kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 mức thu lệ phí bằng 50% mức thu nêu trên."]
    assert select(make(), "steps", "đăng ký khai sinh mẫu làm thế nào") == []  # no topic word, no strong cue


def test_case_named_in_the_question_is_listed_first_and_the_others_counted() -> None:
    comps = (_comp(1, "Tờ khai cấp lại.", "Trường hợp cấp lại do bị mất:"),
             _comp(2, "Đơn trình báo mất giấy.", "Trường hợp cấp lại do bị mất:"),
             _comp(3, "Tờ khai cấp đổi.", "Trường hợp cấp đổi do hư hỏng:"),
             _comp(4, "Giấy cũ bị hỏng.", "Trường hợp cấp đổi do hư hỏng:"),
             _comp(5, "Bản sao giấy cũ.", "Trường hợp cấp đổi do hư hỏng:"))
    p = make(name="Cấp giấy phép mẫu", components=comps)
    q = "cấp giấy phép mẫu bị hư hỏng cần giấy tờ gì"
    assert match_case(p, q) == "Trường hợp cấp đổi do hư hỏng:"
    assert match_case(p, "cấp giấy phép mẫu cần giấy tờ gì") is None  # no case word: keep all
    blocks, _ = focus(p, "documents", q, compose.compose(p, "documents"))
    (docs,) = [b for b in blocks if b.section == "documents"]
    assert docs.items == ("[Trường hợp cấp đổi do hư hỏng]", "Tờ khai cấp đổi. (1 bản chính)",
                          "Giấy cũ bị hỏng. (1 bản chính)", "Bản sao giấy cũ. (1 bản chính)",
                          "Các trường hợp khác: Trường hợp cấp lại do bị mất (2 giấy tờ).")
    generic = make(components=(_comp(1, "Tờ khai.", "Giấy tờ phải nộp:"),
                               _comp(2, "Hộ chiếu.", "Giấy tờ phải xuất trình:")))
    assert match_case(generic, "đăng ký khai sinh mẫu giấy tờ phải nộp gồm gì") is None  # kinds of paper, no cases


def test_unconditional_papers_come_before_case_papers() -> None:
    p = make(components=(_comp(1, "Trường hợp trẻ bị bỏ rơi thì phải có biên bản."), _comp(2, "Giấy chứng sinh.")))
    assert compose.documents(p)[:2] == ("Giấy chứng sinh. (1 bản chính)",
                                        "Trường hợp trẻ bị bỏ rơi thì phải có biên bản. (1 bản chính)")


def test_summary_shows_when_the_record_was_updated() -> None:
    p = make(updated_at=1751648400000)  # 2025-07-04T17:00:00Z = 05/07/2025 00:00 in Vietnam
    assert compose.summary(p)[-1] == "Cập nhật: 05/07/2025"
    assert len(compose.summary(make())) == 3  # no updatedAt in the record: no line


def test_an_unnamed_obligation_with_a_maximum_is_the_citizen_s_deadline_even_when_time_is_asked_second() -> None:
    rule = ("Trong thời hạn tối đa 60 ngày kể từ ngày người chưa thành niên được đăng ký khai sinh thì phải thực "
            "hiện thủ tục đăng ký cư trú.")
    p = make(steps=rule)
    assert [s.text for s in citizen_deadlines(p)] == [rule]
    question = "đăng ký khai sinh mẫu có phải xuất trình giấy tờ không, và phải làm trong thời hạn bao lâu?"
    blocks, _ = focus(p, "conditions", question, compose.compose(p, "conditions") + (compose.block(p, "time"),))
    assert any(b.title == DEADLINE_TITLE and rule in b.items for b in blocks)
    agency = make(steps="Trong thời hạn tối đa 05 ngày làm việc, cơ quan đăng ký cư trú phải thẩm định hồ sơ.")
    assert citizen_deadlines(agency) == []


def test_a_general_question_shows_the_citizen_s_own_deadline_too() -> None:
    rule = ("Trong thời hạn 05 ngày làm việc kể từ ngày thanh toán hết các khoản nợ, hộ kinh doanh gửi hồ sơ "
            "đến cơ quan đăng ký kinh doanh.")
    p = make(steps=rule)
    assert [s.text for s in citizen_deadlines(p)] == [rule]  # the household business is the applicant
    blocks, _ = focus(p, "overview", "muốn đóng cửa hộ kinh doanh thì làm gì", compose.compose(p, "overview"))
    assert any(b.title == DEADLINE_TITLE and rule in b.items for b in blocks)
