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
        "theo Nghị định một trăm hai mươi ba năm hai nghìn không trăm mười lăm của Chính phủ"
    )
    assert speak("50.000 VNĐ") == "năm mươi nghìn đồng"


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Nghị định số 104/2022/NĐ-CP",
         "Nghị định một trăm linh bốn năm hai nghìn không trăm hai mươi hai của Chính phủ"),
        ("Luật Cư trú số 68/2020/QH14", "Luật Cư trú số sáu mươi tám năm hai nghìn không trăm hai mươi của Quốc hội"),
        ("Quyết định số 1565/QĐ-TTg", "Quyết định một nghìn năm trăm sáu mươi lăm của Thủ tướng Chính phủ"),
        ("Thông tư 01/2022/TT-BTP", "Thông tư một năm hai nghìn không trăm hai mươi hai"),
        ("từ ngày 01/7/2025", "từ ngày một tháng bảy năm hai nghìn không trăm hai mươi lăm"),
        ("hạn 15/02/2024", "hạn ngày mười lăm tháng hai năm hai nghìn không trăm hai mươi tư"),
        ("tháng 7/2025", "tháng bảy năm hai nghìn không trăm hai mươi lăm"),
        ("(mã 8.000005)", "(mã tám chấm không không không không không năm)"),
    ],
)
def test_speak_legal_numbers_dates_and_codes_naturally(text: str, spoken: str) -> None:
    assert speak(text) == spoken
    assert "số số" not in speak(text) and "/" not in speak(text)
