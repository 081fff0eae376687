"""Type words that are ordinary words ("tình trạng", "quân sự", "quán ăn") do not start ward resolution."""

from __future__ import annotations

import pytest

from assistant.units_step import _TYPED, _names_a_place
from kb.text.normalize import fold


def _triggers(q: str) -> bool:
    return any(_names_a_place(q, m) for m in _TYPED.finditer(fold(q)))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Cấp giấy xác nhận tình trạng hôn nhân mất mấy ngày?", False),
        ("xac nhan tinh trang hon nhan o dau", False),
        ("đăng ký nghĩa vụ quân sự lần đầu", False),
        ("giấy chứng nhận an toàn thực phẩm cho quán ăn", False),
        ("tính phí trước bạ thế nào", False),
        ("tôi ở phường Hàng Bạc quận Hoàn Kiếm cũ thì đăng ký khai sinh ở đâu", True),
        ("toi o phuong 12 quan tan binh cu thi dang ky khai tu o dau", True),
        ("nhà tôi ở xã Tân Lập huyện Đan Phượng", True),
    ],
)
def test_trigger(question: str, expected: bool) -> None:
    assert _triggers(question) is expected
