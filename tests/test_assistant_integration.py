"""The assistant over the real knowledge base: a few citizen questions end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.service import Assistant
from kb.config import Settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def real_assistant(real_kb: Path) -> Assistant:
    return Assistant.from_settings(Settings(kb_dir=real_kb))


def test_fee_question_names_the_record_amount(real_assistant: Assistant) -> None:
    r = real_assistant.ask("đăng ký tạm trú hết bao nhiêu tiền")
    assert r.status == "answered" and r.procedure and r.procedure[0] == "1.004194"
    assert "7.000 đồng" in r.answer and r.citations[0].code == "1.004194"


def test_unaccented_question_and_follow_up(real_assistant: Assistant) -> None:
    r = real_assistant.ask("dang ky tam tru o dau", "it-1")
    assert r.procedure and r.procedure[0] == "1.004194" and r.aspect == "where"
    t = real_assistant.ask("mất bao lâu?", "it-1")
    assert t.procedure == r.procedure and "3 ngày làm việc" in t.answer


def test_level_copies_are_named_or_clarified(real_assistant: Assistant) -> None:
    r = real_assistant.ask("Cấp hộ chiếu phổ thông trong nước cần gì?")
    offered = {r.procedure[0]} if r.procedure else {c.code for c in r.choices}
    assert offered & {"1.001456", "1.001471"}
    if r.status == "answered":
        assert "còn được thực hiện ở" in r.answer and ({"1.001456", "1.001471"} - offered).pop() in r.answer


def test_out_of_scope_and_every_reference_exists(real_assistant: Assistant) -> None:
    assert real_assistant.ask("Giá xăng hôm nay bao nhiêu?").status == "out_of_scope"
    r = real_assistant.ask("căn cứ pháp lý của thủ tục đăng ký kết hôn")
    assert r.status == "answered" and r.aspect == "legal_basis"
    assert real_assistant.facts.unknown_refs(r.answer) == []
    legal = [c.legal_number for c in r.citations if c.legal_number]
    assert legal and all(n in r.answer for n in legal)
