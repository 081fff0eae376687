"""Procedure-name facets, the citizen frame of questions and frame re-ranking (invented examples)."""

from __future__ import annotations

import pytest

from assistant.frames import facet_choices, fits, same_family, supported
from assistant.types import Candidate
from kb.procedures.facets import Frame, family_key, frame_query, name_frame, overrides, parse_vocabulary
from kb.search.frames import frame_factor
from kb.search.understood import rerank
from kb.text.citizen import question_frame


def test_family_key_drops_level_channel_and_body_notes() -> None:
    a = family_key("Thủ tục cấp lại thẻ căn cước (thực hiện tại cấp tỉnh)")
    b = family_key("Cấp lại thẻ căn cước thực hiện tại cấp xã")
    c = family_key("Cấp lại thẻ căn cước thực hiện bằng dịch vụ công trực tuyến toàn trình")
    assert a == b == c == "cap lai the can cuoc"
    assert family_key("Cấp đổi thẻ căn cước") != a


@pytest.mark.parametrize(("name", "action", "obj"), [
    ("Cấp lại thẻ căn cước", "reissue", "id_card"),
    ("Cấp đổi giấy phép lái xe", "exchange", "driving_licence"),
    ("Gia hạn giấy phép xây dựng", "renew", "construction"),
    ("Đăng ký biến động quyền sử dụng đất", "transfer", "land_cert"),
    ("Cấp hộ chiếu phổ thông ở trong nước", "issue", "passport"),
])
def test_name_frame_reads_action_and_object(name: str, action: str, obj: str) -> None:
    f = name_frame(name)
    assert action in f.actions and obj in f.objects


def test_sua_doi_is_not_an_exchange() -> None:
    assert "exchange" not in name_frame("Sửa đổi giấy phép hoạt động").actions


def test_overrides_file_is_applied() -> None:
    fixed = overrides()
    assert fixed, "the overrides file has at least one correction"
    key = next(iter(fixed))
    assert name_frame(key) == fixed[key]


@pytest.mark.parametrize(("question", "kind", "value"), [
    ("làm lại sổ đỏ bị mất", "objects", "land_cert"),
    ("làm lại sổ đỏ bị mất", "actions", "reissue"),
    ("ca vet xe bi mo het chu", "actions", "exchange"),
    ("ca vet xe bi mo het chu", "objects", "vehicle_reg"),
    ("lấy chồng người Hàn thì đăng ký kết hôn ở đâu", "qualifiers", "foreign"),
    ("con em 2 tuổi làm căn cước được không", "qualifiers", "under14"),
    ("bé nhà tôi ba tuổi làm hộ chiếu", "qualifiers", "under14"),
    ("bố em mới mất làm giấy chứng tử", "objects", "death"),
    ("em đang sống ở nước ngoài muốn xin giấy độc thân", "qualifiers", "abroad"),
])
def test_question_frame(question: str, kind: str, value: str) -> None:
    assert value in getattr(question_frame(question), kind)


def test_question_frame_needs_context_for_ambiguous_plain_words() -> None:
    assert "marriage" in question_frame("dang ky cuoi").objects
    assert "marriage" not in question_frame("ke cho toi mot cau chuyen cuoi").objects
    assert "under14" not in question_frame("con tôi 16 tuổi làm căn cước").qualifiers


def test_frame_factor_prefers_the_described_object_and_variant() -> None:
    q = question_frame("làm lại sổ đỏ bị mất")
    right = frame_factor(q, name_frame("Cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất"))
    other_object = frame_factor(q, name_frame("Cấp lại sổ thuyền viên"))
    first_issue = frame_factor(q, name_frame("Cấp Giấy chứng nhận quyền sử dụng đất lần đầu"))
    assert right > first_issue > other_object


def test_rerank_supported_fits_and_facet_question() -> None:
    q = question_frame("làm lại sổ đỏ bị mất")
    seaman = Candidate("9.1", "Cấp lại sổ thuyền viên", 1.0)
    land = Candidate("9.2", "Cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất", 0.8)
    assert [c.code for c in rerank(q, [seaman, land])] == ["9.2", "9.1"]
    assert supported(q, land) and not supported(q, seaman)
    assert fits(q, land) and not fits(q, seaman)
    plain = question_frame("giấy phép lái xe")
    pool = [Candidate("8.1", "Cấp lại giấy phép lái xe", 1.0), Candidate("8.2", "Cấp đổi giấy phép lái xe", 0.9)]
    question, options = facet_choices(plain, pool)
    assert len(options) == 2 and " hay " in question and "làm lại" in question
    assert not same_family(pool)
    assert same_family([Candidate("7.1", "Cấp lại thẻ căn cước (cấp tỉnh)", 1.0),
                        Candidate("7.2", "Cấp lại thẻ căn cước (cấp xã)", 1.0)])


def test_frame_query_uses_official_words() -> None:
    assert frame_query(Frame(frozenset({"reissue"}), frozenset({"land_cert"}))) == (
        "cấp lại giấy chứng nhận quyền sử dụng đất")


def test_bad_vocabulary_line_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="expected kind"):
        parse_vocabulary("object\tx\tnowhere\ta|b\n")


def test_vague_request_asks_which_paper_with_examples() -> None:
    from assistant.frames import vague_request

    ask = vague_request("cho em hỏi xin giấy phép", question_frame("cho em hỏi xin giấy phép"))
    assert ask.startswith("Anh/chị cần giấy phép gì") and "giấy phép lái xe" in ask
    assert vague_request("xin giấy phép lái xe", question_frame("xin giấy phép lái xe")) == ""
    assert vague_request("giấy phép karaoke", question_frame("giấy phép karaoke")) == ""


def test_facet_question_names_the_facets_and_options_name_the_procedures() -> None:
    pool = [Candidate("8.1", "Cấp thẻ căn cước", 1.0), Candidate("8.2", "Cấp lại thẻ căn cước", 0.9)]
    question, options = facet_choices(question_frame("thẻ căn cước"), pool)
    assert question == "Anh/chị cần làm lần đầu hay làm lại (bị mất, bị hỏng)?"
    assert [o.code for o in options] == ["8.1", "8.2"] and options[1].label.endswith("Cấp lại thẻ căn cước")


def test_marked_qualifier_asked_and_carried_gains() -> None:
    q = question_frame("lấy chồng người Hàn thì đăng ký kết hôn ở đâu")
    assert frame_factor(q, name_frame("Đăng ký kết hôn có yếu tố nước ngoài")) > frame_factor(
        q, name_frame("Đăng ký kết hôn"))


def test_second_procedure_of_a_question_naming_two() -> None:
    from assistant.frames import second_procedure

    text = "đăng ký thường trú và tạm trú cần giấy tờ gì"
    cands = [Candidate("1.1", "Đăng ký thường trú", 1.0), Candidate("1.2", "Xóa đăng ký thường trú", 0.8),
             Candidate("1.3", "Đăng ký tạm trú", 0.7)]
    other = second_procedure(text, question_frame(text), "1.1", cands)
    assert other is not None and other.code == "1.3"
    assert second_procedure("đăng ký thường trú cần giấy tờ gì", question_frame("đăng ký thường trú"), "1.1",
                            cands) is None


def test_special_case_and_lock_variants_are_marked() -> None:
    special_name = "Cấp Phiếu lý lịch tư pháp cho công dân mà không xác định được nơi cư trú"
    assert "special_case" in name_frame(special_name).qualifiers
    assert "lock" in name_frame("Khóa tài khoản định danh điện tử").actions
    q = question_frame("xin phiếu lý lịch tư pháp số 1")
    plain = frame_factor(q, name_frame("Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"))
    special = frame_factor(q, name_frame(special_name))
    assert plain > special


def test_diacritics_keep_fold_collisions_apart() -> None:
    assert "tax" not in question_frame("muốn nhập khẩu vào nhà thuê").objects
    assert question_frame("cà vẹt bị mờ hết chữ").actions == frozenset({"exchange"})
    assert "issue" in question_frame("muốn mở hộ kinh doanh").actions
    assert "tax" in question_frame("hoàn thuế thu nhập cá nhân").objects
    assert "lock" in name_frame("Khoá tài khoản định danh").actions  # old-style tone placement


def test_account_levels_are_variants() -> None:
    q = question_frame("kích hoạt tài khoản định danh điện tử mức 2")
    assert "account_level2" in q.qualifiers
    two = frame_factor(q, name_frame("Cấp tài khoản định danh điện tử mức độ 02 cho công dân Việt Nam"))
    one = frame_factor(q, name_frame("Cấp tài khoản định danh điện tử mức độ 01 cho công dân Việt Nam"))
    assert two > one


def test_no_action_named_means_the_ordinary_first_issue() -> None:
    from assistant.frames import default_action

    q = question_frame("đăng ký tàu cá cần giấy tờ gì")
    first = Candidate("5.1", "Cấp giấy chứng nhận đăng ký tàu cá", 1.0)
    end = Candidate("5.2", "Xóa đăng ký tàu cá", 0.9)
    assert default_action(q, first, [first, end])
    assert not default_action(question_frame("xóa đăng ký tàu cá"), first, [first, end])
    foreign = Candidate("5.3", "Cấp giấy chứng nhận đăng ký tàu cá cho người nước ngoài", 0.9)
    assert not default_action(q, first, [first, foreign])


@pytest.mark.parametrize(("question", "obj", "name"), [
    ("xin chuyển đất vườn lên thổ cư thì làm sao", "land_use_change", "Chuyển mục đích sử dụng đất"),
    ("bị tai nạn trên đường đi làm thì được hưởng chế độ gì", "work_accident",
     "Giải quyết hưởng chế độ tai nạn lao động"),
    ("muốn đi xuất khẩu lao động Nhật cần thủ tục gì", "labour_abroad",
     "Đăng ký hợp đồng cá nhân của người lao động đi làm việc ở nước ngoài"),
    ("con tôi bị khuyết tật bẩm sinh, xin giấy xác nhận khuyết tật ở đâu", "disability",
     "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật"),
    ("nhà bị thu hồi đất thì được đền bù thế nào", "compensation", "Bồi thường, hỗ trợ, tái định cư"),
    ("tranh chấp đất với hàng xóm thì hòa giải ở đâu", "mediation", "Hòa giải tranh chấp đất đai"),
])
def test_domains_citizens_call_about_map_to_the_official_object(question: str, obj: str, name: str) -> None:
    assert obj in question_frame(question).objects
    assert obj in name_frame(name).objects
