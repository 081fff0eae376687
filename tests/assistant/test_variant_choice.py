"""Choosing between variants of one service: names that cover several cases, the foreign element,
what the question describes without naming it, the words that tell two names apart, the ordinary case."""

from __future__ import annotations

from assistant.decide import decide
from assistant.frames import described_markers, ordinary_case, ordinary_instead, settle
from assistant.types import Candidate, Choice
from kb.procedures.facets import name_frame
from kb.search.frames import frame_factor
from kb.text.citizen import question_frame

PERMIT = "giấy phép nhập khẩu thủy sản sống đối với trường hợp"


def test_a_name_covering_first_issue_and_reissue_is_not_a_reissue_variant() -> None:
    both = name_frame("Cấp, cấp lại Giấy phép khai thác thủy sản")
    assert {"issue", "reissue"} <= both.actions
    assert name_frame("Cấp lại Giấy phép khai thác thủy sản").actions == {"reissue"}
    q = "cấp giấy phép khai thác thủy sản cho tàu cá lệ phí bao nhiêu"
    covering = Candidate("1", "Cấp, cấp lại Giấy phép khai thác thủy sản", 1.0)
    other = Candidate("2", "Hỗ trợ giải bản tàu cá không có nhu cầu hoạt động khai thác thủy sản", 0.95)
    d = decide(q, [covering, other])  # it no longer loses to an unrelated plain name
    assert d.code != "2" and "1" in {d.code} | {c.code for c in d.choices}


def test_a_name_listing_everyone_who_may_apply_is_not_a_variant() -> None:
    name = ("Cấp Phiếu Lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam, "
            "người Việt Nam đang cư trú ở nước ngoài")
    assert not name_frame(name).qualifiers
    assert "abroad" in name_frame("Cấp Giấy xác nhận tình trạng hôn nhân cho công dân Việt Nam cư trú ở nước "
                                  "ngoài").qualifiers


def test_a_foreigner_or_life_abroad_is_a_foreign_element() -> None:
    plain, foreign = name_frame("Thủ tục đăng ký khai tử"), name_frame("Thủ tục đăng ký khai tử có yếu tố nước ngoài")
    for question in ("Người thân của tôi là người nước ngoài qua đời tại Việt Nam, đăng ký khai tử ở đâu?",
                     "Tôi đang sống ở nước ngoài, bố tôi mất ở quê thì đăng ký khai tử thế nào?"):
        q = question_frame(question)
        assert frame_factor(q, foreign) > frame_factor(q, plain), question
        assert "foreign" in described_markers(q)
    q = question_frame("Đăng ký khai tử cho bố tôi cần giấy tờ gì?")
    assert frame_factor(q, plain) > frame_factor(q, foreign) and not described_markers(q)


def test_decide_takes_the_variant_the_question_describes_without_naming_it() -> None:
    abroad = Candidate("2.1", "Cấp Giấy xác nhận tình trạng hôn nhân cho công dân Việt Nam cư trú ở nước ngoài", 1.0)
    home = Candidate("1.1", "Cấp Giấy xác nhận tình trạng hôn nhân", 0.97)
    question = "Tôi đang sinh sống tại Đức, cần giấy xác nhận tình trạng hôn nhân thì xin ở đâu?"
    assert decide(question, [abroad, home]).code == "1.1"  # nothing named: the plain one
    assert decide(question, [abroad, home], described_markers(question_frame(question))).code == "2.1"


def test_the_words_only_one_name_has_tell_it_apart() -> None:
    yes = Candidate("a", f"Cấp, cấp lại {PERMIT} phải đánh giá rủi ro", 1.0)
    no = Candidate("b", f"Cấp, cấp lại {PERMIT} không phải đánh giá rủi ro", 0.99)
    asked = "Hồ sơ cấp phép nhập khẩu thủy sản sống trường hợp không phải đánh giá rủi ro?"
    assert decide(asked, [yes, no]).code == "b"
    assert decide("Hồ sơ cấp phép nhập khẩu thủy sản sống trường hợp phải đánh giá rủi ro?", [no, yes]).code == "a"
    small = Candidate("c", "Công bố mở cảng cá loại III", 1.0)
    large = Candidate("d", "Công bố mở cảng cá loại I, loại II", 0.99)
    assert decide("công bố mở cảng cá loại 3 cần gì", [large, small]).code == "c"  # Roman numerals read
    asked = decide("công bố mở cảng cá cần gì", [small, large])
    assert not asked.code and {c.code for c in asked.choices} == {"c", "d"}  # nothing tells them apart


def test_ordinary_case_answered_and_the_variants_returned_to_be_named() -> None:
    q = question_frame("vừa đóng mới tàu cá, muốn đăng ký tàu thì cần giấy tờ gì")
    assert "issue" in q.actions
    first = Candidate("5.1", "Cấp giấy chứng nhận đăng ký tàu cá, tàu phục vụ nuôi trồng thủy sản", 1.0)
    end = Candidate("5.2", "Xóa đăng ký tàu cá, tàu phục vụ nuôi trồng thủy sản", 0.95)
    again = Candidate("5.3", "Cấp lại giấy chứng nhận đăng ký tàu cá, tàu phục vụ nuôi trồng thủy sản", 0.9)
    pool = [first, end, again]
    assert ordinary_case(q, first, pool) and not ordinary_case(q, end, pool)
    choices = tuple(Choice(c.code, c.name) for c in pool)
    code, asked, others = settle("vừa đóng mới tàu cá, muốn đăng ký tàu", q, pool, choices)
    assert code == "5.1" and not asked and {o.code for o in others} == {"5.2", "5.3"}
    lost = question_frame("bị mất giấy chứng nhận đăng ký tàu cá")
    assert not ordinary_case(lost, first, pool)


def test_stopping_and_moving_a_benefit_are_marked_actions() -> None:
    assert "terminate" in name_frame("Ngừng cấp điện").actions
    assert "change" in name_frame("Giải quyết chuyển hưởng sang địa bàn khác đối với người đang hưởng lương "
                                  "hưu").actions
    q = question_frame("Nhà tôi mới xây xong, muốn đề nghị cấp điện sinh hoạt mới")
    new, stop = name_frame("Cấp điện mới từ lưới điện hạ áp"), name_frame("Ngừng cấp điện")
    assert frame_factor(q, new) > frame_factor(q, stop)


def test_an_action_nobody_asked_for_gives_way_to_the_ordinary_case() -> None:
    again = Candidate("8.3", "Cấp lại thẻ căn cước", 2.0)  # a short name scores high on "thẻ căn cước"
    first = Candidate("8.1", "Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên", 1.2)
    young = Candidate("8.2", "Cấp thẻ căn cước cho người dưới 14 tuổi", 1.1)
    pool = [again, first, young]
    question = "thẻ căn cước cần giấy tờ gì"
    plain = ordinary_instead(question, question_frame(question), "8.3", pool)
    assert plain is not None and plain.code == "8.1"
    lost = "làm lại thẻ căn cước cần giấy tờ gì"
    assert ordinary_instead(lost, question_frame(lost), "8.3", pool) is None  # the action was said
    far = [again, Candidate("8.1", first.name, 0.5)]
    assert ordinary_instead(question, question_frame(question), "8.3", far) is None  # not close enough
    copy = Candidate("2.6", "Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh", 2.0)
    birth = Candidate("1.1", "Thủ tục đăng ký khai sinh", 1.5)
    asked = "xin bản sao giấy khai sinh ở đâu"  # words only the variant's name has: it was asked for
    assert ordinary_instead(asked, question_frame(asked), "2.6", [copy, birth]) is None


def test_a_paper_the_citizen_already_has_is_context_not_the_request() -> None:
    q = question_frame("Con tôi đã có giấy khai sinh nhưng phần tên cha để trống. Nay cha cháu muốn nhận con.")
    assert q.objects == {"paternity"}
    assert question_frame("tôi đã có sổ đỏ").objects == {"land_cert"}  # nothing else asked: kept
    assert "birth" in question_frame("làm giấy khai sinh cho con").objects


def test_a_procedure_naming_more_of_what_was_described_is_not_lost_to_a_name_spelt_out() -> None:
    question = "Vợ chồng em chưa đăng ký kết hôn, giờ đi làm khai sinh cho bé mà muốn ghi tên bố luôn?"
    both = Candidate("1.689", "Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con", 0.84)
    birth = Candidate("1.193", "Thủ tục đăng ký khai sinh", 0.83)
    q = question_frame(question)
    assert {"birth", "paternity"} <= q.objects
    assert decide(question, [both, birth]).code == "1.193"  # without the frame: the name spelt out
    assert decide(question, [both, birth], objects=q.objects).code != "1.193"
    assert frame_factor(q, name_frame(both.name)) > frame_factor(q, name_frame(birth.name))


def test_a_copy_named_for_the_district_level_gives_way_to_the_current_one() -> None:
    district = Candidate("1.385", "Trình báo mất hộ chiếu phổ thông (thực hiện tại cấp huyện)", 1.0, ("xa",))
    commune = Candidate("1.386", "Trình báo mất hộ chiếu phổ thông (thực hiện tại cấp xã)", 0.99, ("xa",))
    province = Candidate("1.445", "Trình báo mất hộ chiếu phổ thông (thực hiện tại cấp tỉnh)", 0.98, ("tinh",))
    assert decide("làm mất hộ chiếu báo mất ở đâu", [district, commune, province]).code == "1.386"
    alone = Candidate("2.1", "Cấp giấy phép (thực hiện tại cấp huyện)", 1.0, ("xa",))
    other = Candidate("2.2", "Cấp giấy chứng nhận khác", 0.5)
    assert decide("cấp giấy phép", [alone, other]).code == "2.1"  # no current copy: kept
