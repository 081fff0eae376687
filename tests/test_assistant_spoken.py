"""Spoken Vietnamese for the voice channel: numbers, amounts, units and legal numbers."""

from __future__ import annotations

import pytest

from assistant.spoken import number_words, speak


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (4, "bốn"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (105, "một trăm linh năm"),
        (2015, "hai nghìn không trăm mười lăm"),
        (70000, "bảy mươi nghìn"),
        (1500000, "một triệu năm trăm nghìn"),
        (2000000000, "hai tỷ"),
    ],
)
def test_number_words(n: int, words: str) -> None:
    assert number_words(n) == words


def test_speak_amounts_units_and_legal_numbers() -> None:
    assert speak("Lệ phí 70.000 đồng/thẻ căn cước") == "Lệ phí bảy mươi nghìn đồng mỗi thẻ căn cước"
    assert speak("1,5 triệu đồng/hồ sơ") == "một phẩy năm triệu đồng mỗi hồ sơ"
    assert speak("3 ngày làm việc") == "ba ngày làm việc"
    assert speak("theo 123/2015/NĐ-CP") == (
        "theo số một trăm hai mươi ba năm hai nghìn không trăm mười lăm nghị định của Chính phủ"
    )
    assert speak("50.000 VNĐ") == "năm mươi nghìn đồng"
