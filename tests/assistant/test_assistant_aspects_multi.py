"""Questions naming several aspects get a block for each (invented questions)."""

from __future__ import annotations

from assistant.aspects import detect_aspect, detect_aspects


def test_every_named_aspect_is_found_in_cue_order() -> None:
    q = "làm thẻ hướng dẫn viên thì hồ sơ gồm gì và lệ phí bao nhiêu"
    assert detect_aspect(q) == "fees"
    assert detect_aspects(q) == ("fees", "documents")
    assert detect_aspects("nop o dau, mat bao lau") == ("time", "where")
    assert detect_aspects("xin chào") == ()


def test_at_most_three_aspects() -> None:
    q = "lệ phí bao nhiêu, mất bao lâu, nộp ở đâu, cần giấy tờ gì"
    assert len(detect_aspects(q)) == 3


def test_shared_phrase_not_single_words() -> None:
    from assistant.decide import shares_phrase
    from assistant.types import Candidate

    name = Candidate("1.1", "Thủ tục đăng ký khai sinh có yếu tố nước ngoài cho người đã có hồ sơ", 1.0)
    assert not shares_phrase("bạn có người yêu chưa", name)
    assert shares_phrase("đăng ký khai sinh cho con", name)


def test_asking_which_form_is_asking_for_the_papers() -> None:
    asked = detect_aspects("Để hưởng trợ cấp thì làm đơn theo mẫu nào, nộp ở đâu?")
    assert "documents" in asked and "where" in asked
    assert "documents" in detect_aspects("xin giấy phép thì dùng mẫu tờ khai nào")
