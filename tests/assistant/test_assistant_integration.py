"""The assistant over the real knowledge base: a few citizen questions end to end."""

from __future__ import annotations

import pytest

from assistant.service import Assistant
from assistant.settings import ServingSettings
from assistant.startup import load_services

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def real_assistant() -> Assistant:
    """The assistant over the built var/kb (`make build`), as served."""
    settings = ServingSettings()
    if not (settings.kb_dir / "index").is_dir():
        pytest.skip(f"no search indexes in {settings.kb_dir} (run make build)")
    return load_services(settings).require_assistant()


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


@pytest.fixture(scope="module")
def engine_assistant() -> Assistant:
    """The assistant over the built var/kb with the kb.search.engine indexes (`make build`)."""
    settings = ServingSettings()
    if not (settings.kb_dir / "index").is_dir():
        pytest.skip(f"no search indexes in {settings.kb_dir} (run make build)")
    a = load_services(settings).require_assistant()
    assert a.retriever_name.startswith("kb.search")
    return a


@pytest.mark.parametrize(
    ("question", "gold"),
    [
        ("em bé mới sinh làm giấy khai sinh ở phường nào", {"1.001193", "2.000986", "2.001023"}),
        ("bằng lái bị mất thì phải làm sao", {"3.000348"}),
        ("cap lai can cuoc mat bao nhieu tien", {"1.000757", "1.014064"}),
    ],
)
def test_engine_backed_answers(engine_assistant: Assistant, question: str, gold: set[str]) -> None:
    r = engine_assistant.ask(question)
    offered = {r.procedure[0]} if r.procedure else {c.code for c in r.choices}
    assert offered & gold and engine_assistant.facts.unknown_refs(r.answer) == []


def test_engine_backed_abstains(engine_assistant: Assistant) -> None:
    for q in ("Thời tiết hôm nay thế nào?", "Kể cho tôi một câu chuyện cười", "Giá xăng hôm nay bao nhiêu?"):
        assert engine_assistant.ask(q).status in ("out_of_scope", "no_content")
