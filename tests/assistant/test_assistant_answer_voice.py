"""Voice answers: whole sentences, spoken numbers, a word budget with the text-message hand-over."""

from __future__ import annotations

import pytest

from assistant.compose import QUOTE_SECTION, SUMMARY_SECTION
from assistant.types import Block
from assistant.voice import CUT, VOICE_MAX_WORDS, render_voice, whole, words
from assistant.voice_check import voice_problems

SUMMARY = Block("overview", "Tóm lại", ("Nơi nộp: Ủy ban nhân dân cấp xã", "Thời hạn: 3 ngày làm việc",
                                        "Lệ phí: 8.000 đồng"), SUMMARY_SECTION)


def test_whole_keeps_sentences_or_the_head_clause_never_a_cut_phrase() -> None:
    assert whole("Văn bản ủy quyền có chứng thực. Trường hợp người được ủy quyền là ông, bà… (1 bản chính)") == (
        "Văn bản ủy quyền có chứng thực, 1 bản chính")
    assert whole("Giấy chứng sinh; trường hợp không có thì nộp văn bản của người làm chứng… (1 bản chính)") == (
        "Giấy chứng sinh, 1 bản chính")
    assert whole("Trường hợp người… (1 bản chính)") == ""  # nothing whole to say
    assert whole("Người yêu cầu (hai bên phải có mặt) ký tên vào Sổ… ", clause=False) == ""  # a quote: all or nothing


def test_voice_answer_is_within_budget_and_hands_the_rest_over() -> None:
    docs = Block("documents", "Thành phần hồ sơ", (
        "[Trường hợp cấp lần đầu]",
        *(f"Giấy tờ số {i} gồm bản khai có xác nhận của cơ quan có thẩm quyền nơi cư trú. (1 bản chính)"
          for i in range(1, 12)),
        "[Trường hợp cấp lại]", "Đơn đề nghị cấp lại. (1 bản chính)"), "documents")
    text = render_voice("Thủ tục cấp giấy mẫu", (docs, SUMMARY))
    assert words(text) <= VOICE_MAX_WORDS and text.endswith(CUT)
    assert text.index("Trường hợp cấp lần đầu") < text.index("Giấy tờ số một gồm")  # main case first
    assert "Trường hợp cấp lại" not in text  # a heading is never said without its papers
    assert "Tóm lại, nơi nộp: Ủy ban nhân dân cấp xã; thời hạn: ba ngày làm việc; lệ phí: tám nghìn đồng." in text
    assert voice_problems(text) == []


def test_numbered_conditions_are_said_without_their_numbers() -> None:
    cond = Block("conditions", "Yêu cầu, điều kiện", ("1. Chấm dứt hợp đồng lao động.", "- Đã đóng đủ 12 tháng."),
                 "conditions")
    assert render_voice("Hưởng trợ cấp mẫu", (cond,)) == (
        "Thủ tục Hưởng trợ cấp mẫu. Yêu cầu, điều kiện. Chấm dứt hợp đồng lao động. Đã đóng đủ mười hai tháng.")


def test_short_voice_answer_quotes_first_and_is_not_cut() -> None:
    quote = Block("fees", "Theo quy định của thủ tục",
                  ("Kể từ ngày 01/7/2025 mức thu bằng 50% theo Nghị định số 104/2022/NĐ-CP.",), QUOTE_SECTION)
    text = render_voice("Đăng ký mẫu", (quote, SUMMARY))
    assert text.startswith("Thủ tục Đăng ký mẫu. Theo quy định của thủ tục: Kể từ ngày một tháng bảy năm hai "
                           "nghìn không trăm hai mươi lăm mức thu bằng năm mươi phần trăm theo Nghị định một trăm "
                           "linh bốn năm hai nghìn không trăm hai mươi hai của Chính phủ.")
    assert CUT not in text and voice_problems(text) == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (" ".join(["một"] * (VOICE_MAX_WORDS + 1)) + ".", "quá dài"),
        ("Lệ phí 8.000 đồng.", "chữ số"),
        ("Nộp tại ngày một tháng bảy/2025.", "ký hiệu"),
        ("Theo Nghị định số số một trăm.", "lặp từ"),
        ("Theo văn bản NĐ-CP.", "ký hiệu văn bản"),
        ("Thành phần hồ sơ. Trường hợp người, một bản chính.", "cắt giữa chừng"),
        ("Thủ tục đăng ký khai sinh", "chưa kết thúc"),
        ("Theo quy định: «nộp hồ sơ».", "ký hiệu"),
    ],
)
def test_voice_problems_finds_each_defect(text: str, problem: str) -> None:
    assert any(problem in p for p in voice_problems(text))


def test_voice_problems_accepts_a_clean_answer() -> None:
    assert voice_problems("Thủ tục đăng ký khai sinh. Giấy chứng sinh, một bản chính. Tóm lại, lệ phí: miễn phí.") == []
