"""Unit tests for field normalisers (time, fees, component kinds, text)."""

from __future__ import annotations

import unicodedata

from ingestion.normalize import amounts_in_text, component_kind, parse_fee, parse_processing_time
from kb.text.normalize import clean, fold, has_diacritics, strip_bullet


def test_time_units_map_to_number_and_unit() -> None:
    t = parse_processing_time(5, "WORKING_DAY")
    assert (t.value, t.unit, t.text, t.original) == (5.0, "working_day", "5 ngày làm việc", "5 WORKING_DAY")
    assert parse_processing_time(2, "MONTH").unit == "month"
    assert parse_processing_time(4, "HOUR").text == "4 giờ"


def test_time_other_one_is_same_day_and_text_values_are_parsed() -> None:
    assert parse_processing_time(1, "OTHER").unit == "in_day"
    t = parse_processing_time("Không quá 10 ngày làm việc", "OTHER")
    assert (t.value, t.unit) == (10.0, "working_day")
    assert t.original.startswith("Không quá 10")
    t = parse_processing_time("Theo mô tả", "OTHER")
    assert t.value is None and t.unit == "other"


def test_fee_amounts() -> None:
    assert parse_fee({"type": "FEE", "value": 8000, "description": ""}).amount == 8000
    assert parse_fee({"type": "FEE", "value": 0, "description": ""}).amount == 0
    f = parse_fee({"type": "FEE", "value": 0, "description": "Phí thẩm định: 1,5 triệu đồng/hồ sơ"})
    assert f.amount is None and f.amounts_in_text == (1_500_000,)
    assert amounts_in_text("14.250.000/lần/ đơn vị") == (14_250_000,)
    assert amounts_in_text("theo Thông tư số 85/2019/TT-BTC ngày 29/11/2019") == ()
    assert parse_fee({"type": "FEE", "value": None, "description": "HĐND tỉnh quy định"}).amount is None


def test_component_kind() -> None:
    assert component_kind("- Tờ khai đăng ký khai sinh", 1, 0) == "document"
    assert component_kind("Trường hợp không khai thác được thông tin thì xuất trình", 0, 0) == "note"
    assert component_kind("* Lưu ý: người tiếp nhận kiểm tra", 0, 0) == "note"
    assert component_kind("- Giấy tờ phải xuất trình:", 0, 0) == "note"
    assert component_kind("- Bản sao hợp lệ Giấy chứng nhận đăng ký doanh nghiệp", 0, 0) == "document"


def test_text_helpers() -> None:
    nfd = unicodedata.normalize("NFD", "Đăng  ký\tkhai sinh ")
    assert clean(nfd) == "Đăng ký khai sinh"
    assert strip_bullet("- Giấy chứng sinh;") == "Giấy chứng sinh;"
    assert strip_bullet("a) Đơn đề nghị") == "Đơn đề nghị"
    assert strip_bullet("12.000 đồng") == "12.000 đồng"
    assert fold("Đăng ký Kết hôn") == "dang ky ket hon"
    assert has_diacritics("kết hôn") and not has_diacritics("ket hon")


def test_fold_table_matches_the_nfd_definition() -> None:
    samples = [
        "Giấy chứng nhận quyền sử dụng đất", "ĐĂNG KÝ KHAI SINH – “bản sao”", "Ủy ban nhân dân xã Ỷ La",
        "Quận 1, TP. Hồ Chí Minh: 50.000 đồng/lần", "naïve café Ångström Ωmega ﬁ", "한국 日本 Ⅻ",
    ]
    samples += [unicodedata.normalize("NFD", s) for s in samples]
    for s in samples:
        t = unicodedata.normalize("NFD", s.lower())
        want = "".join(ch for ch in t if unicodedata.category(ch) != "Mn").replace("đ", "d")
        assert fold(s) == want, s
    assert fold("Đường Điện Biên Phủ") == "duong dien bien phu"
    assert fold("plain ascii 123") == "plain ascii 123"
