"""Answer pipeline over the small assistant KB with the keyword (fake) retriever."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.aspects import detect_aspect, is_follow_up
from assistant.facts import KBFacts
from assistant.redact import redact
from assistant.service import Assistant
from assistant.types import STATUSES, Candidate


def test_answers_fee_question_from_record_fields(assistant: Assistant) -> None:
    r = assistant.ask("Cấp lại thẻ căn cước mất bao nhiêu tiền?")
    assert r.status == "answered" and r.procedure == ("8.000003", "Cấp lại thẻ căn cước")
    assert r.aspect == "fees" and "70.000 đồng" in r.answer and "8.000003" in r.answer
    assert [c.section for c in r.citations][:1] == ["fees"]
    assert any(c.legal_number == "26/2023/QH15" for c in r.citations)
    assert set(r.timings) >= {"normalise", "redact", "retrieve", "decide", "compose", "final_check", "total"}


def test_documents_checklist_has_originals_copies_and_notes(assistant: Assistant) -> None:
    r = assistant.ask("đăng ký kết hôn có yếu tố nước ngoài cần giấy tờ gì")
    assert r.procedure and r.procedure[0] == "8.000007"
    assert "Hộ chiếu (1 bản sao)" in r.answer and "Tờ khai đăng ký kết hôn (1 bản chính)" in r.answer
    assert "\n_Giấy tờ phải nộp_\n- Tờ khai" in r.answer
    note = assistant.ask("cấp lại thẻ căn cước cần giấy tờ gì")
    assert "Lưu ý: Trường hợp không khai thác được thông tin" in note.answer


def test_clarifies_between_variants_then_answers_the_choice(assistant: Assistant) -> None:
    r = assistant.ask("làm căn cước cần giấy tờ gì", "s-clar")
    assert r.status == "clarification" and r.procedure is None
    assert {c.code for c in r.choices} == {"8.000001", "8.000003"}
    assert r.answer.startswith("Anh/chị cần làm lại (bị mất, bị hỏng) hay làm lần đầu?")
    assert assistant.ask("thế còn lệ phí?", "s-clar").status == "clarification"  # still waiting
    picked = assistant.ask("2", "s-clar")
    assert picked.status == "answered" and picked.procedure
    assert picked.procedure[0] == r.choices[1].code and picked.aspect == "fees"  # the latest ask


def test_ordinary_case_is_answered_and_the_variants_named(assistant: Assistant) -> None:
    """"Cấp thẻ căn cước" describes no loss and no child under 14: the ordinary first issue is
    answered, and the variants the caller may mean are named with their codes."""
    r = assistant.ask("cấp thẻ căn cước cần giấy tờ gì")
    assert r.status == "answered" and r.procedure and r.procedure[0] == "8.000001"
    assert "Nếu là trường hợp khác: làm lại (bị mất, bị hỏng) — Cấp lại thẻ căn cước (mã 8.000003)" in r.answer
    assert "người dưới 14 tuổi — Cấp thẻ căn cước cho người dưới 14 tuổi (mã 8.000002)" in r.answer
    lost = assistant.ask("cấp thẻ căn cước bị mất cần giấy tờ gì")
    assert lost.status == "answered" and lost.procedure and lost.procedure[0] == "8.000003"


def test_same_procedure_at_several_levels_is_answered_with_the_others_named(assistant: Assistant) -> None:
    r = assistant.ask("cấp hộ chiếu phổ thông trong nước cần gì")
    assert r.status == "answered" and r.procedure and r.procedure[0] == "8.000004"
    assert "Thủ tục này còn được thực hiện ở: cấp trung ương (mã 8.000005)." in r.answer


def test_variant_named_in_question_is_answered_directly(assistant: Assistant) -> None:
    r = assistant.ask("làm căn cước cho người trên 14 tuổi")
    assert r.status == "answered" and r.procedure and r.procedure[0] == "8.000001"
    plain = assistant.ask("đăng ký kết hôn có mất lệ phí không")
    assert plain.status == "answered" and plain.procedure and plain.procedure[0] == "8.000006"


def test_out_of_scope_no_content_and_handoff(assistant: Assistant) -> None:
    oos = assistant.ask("Kể cho tôi một câu chuyện cười", "s-a")
    assert oos.status == "out_of_scope" and "1022" in oos.answer and oos.citations == ()
    nc = assistant.ask("thủ tục cấp giấy phép bay vào vũ trụ", "s-b")
    assert nc.status == "no_content" and "tổng đài viên" in nc.answer
    again = assistant.ask("thời tiết hôm nay thế nào", "s-b")
    assert again.status == "handoff"  # second miss in a row
    assert assistant.ask("cho tôi gặp tổng đài viên").status == "handoff"


def test_multi_turn_follow_ups_and_topic_switch(assistant: Assistant) -> None:
    first = assistant.ask("đăng ký tạm trú cần giấy tờ gì", "s-mt")
    assert first.procedure and first.procedure[0] == "8.000008"
    where = assistant.ask("làm ở đâu?", "s-mt")
    assert where.procedure == first.procedure and where.aspect == "where"
    assert "Công an cấp xã" in where.answer
    time = assistant.ask("mất bao lâu?", "s-mt")
    assert time.aspect == "time" and "3 ngày làm việc" in time.answer
    switched = assistant.ask("thế còn cấp lại thẻ căn cước?", "s-mt")
    assert switched.procedure and switched.procedure[0] == "8.000003"
    fee = assistant.ask("thế còn lệ phí?", "s-mt")
    assert fee.procedure == switched.procedure and "70.000" in fee.answer
    fresh = assistant.ask("thế còn lệ phí?", "other-session")
    assert fresh.status in ("out_of_scope", "no_content")


def test_voice_channel_is_plain_spoken_text(assistant: Assistant) -> None:
    r = assistant.ask("cấp lại thẻ căn cước mất bao nhiêu tiền", channel="voice")
    assert r.status == "answered"
    assert "bảy mươi nghìn đồng" in r.answer
    assert not re.search(r"\d|\*\*|^- ", r.answer, re.M)
    agent = assistant.ask("cấp lại thẻ căn cước mất bao nhiêu tiền", channel="agent")
    assert agent.answer.startswith("Cấp lại thẻ căn cước (mã thủ tục 8.000003)")
    assert "PHÍ, LỆ PHÍ:" in agent.answer and agent.blocks[0].aspect == "fees"


def test_personal_data_never_reaches_logs_or_retrieval(
    assistant: Assistant, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[str] = []
    original = assistant.retriever.search

    def spy(query: str, k: int = 10, level: str | None = None) -> list[Candidate]:
        seen.append(query)
        return original(query, k, level)

    assistant.retriever.search = spy  # type: ignore[method-assign]
    caplog.set_level("INFO", logger="assistant.questions")
    q = "tôi CCCD 001203004567, sđt 0912 345 678, mail an@gmail.com, ở số 12 ngõ 34 phố Huế, đăng ký tạm trú"
    r = assistant.ask(q)
    for secret in ("001203004567", "0912 345 678", "an@gmail.com", "ngõ 34", "phố Huế"):
        assert secret not in caplog.text and secret not in seen[0] and secret not in r.redacted_question
    assert r.procedure and r.procedure[0] == "8.000008"


def test_redaction_keeps_codes_amounts_and_legal_numbers() -> None:
    text = "mã 1.001193 phí 8.000 đồng theo 123/2015/NĐ-CP, gọi 0987654321, CMND 012345678"
    out, kinds = redact(text)
    assert out == "mã 1.001193 phí 8.000 đồng theo 123/2015/NĐ-CP, gọi [số điện thoại], CMND [số định danh]"
    assert kinds == ("id", "phone")
    assert redact("đường nào gần nhất")[1] == ()


@pytest.mark.parametrize(
    ("q", "aspect"),
    [
        ("Đăng ký kết hôn có mất lệ phí không?", "fees"),
        ("cap lai can cuoc mat bao nhieu tien", "fees"),
        ("Phiếu lý lịch tư pháp bao lâu thì có?", "time"),
        ("em bé mới sinh làm giấy khai sinh ở phường nào", "where"),
        ("Đổi giấy phép lái xe cần những gì?", "documents"),
        ("bằng lái bị mất thì phải làm sao", "steps"),
        ("con nhỏ 4 tuổi có cần làm căn cước không", "conditions"),
        ("căn cứ pháp lý của thủ tục này", "legal_basis"),
        ("Đăng ký thành lập hộ kinh doanh", "overview"),
    ],
)
def test_aspect_detection(q: str, aspect: str) -> None:
    assert detect_aspect(q) == aspect


def test_follow_up_detection() -> None:
    assert is_follow_up("thế còn lệ phí?") and is_follow_up("làm ở đâu?") and is_follow_up("mất bao lâu?")
    assert not is_follow_up("đăng ký kết hôn ở đâu") and not is_follow_up("xin chào")


def test_final_check_rejects_unknown_codes_and_numbers(assistant: Assistant) -> None:
    facts = KBFacts.from_texts(["1.000001"], ["theo 123/2015/NĐ-CP"])
    assert facts.unknown_refs("mã 1.000001, 123/2015/nđ-cp") == []
    assert facts.unknown_refs("mã 1.999999 theo 99/2099/NĐ-CP") == ["1.999999", "99/2099/NĐ-CP"]
    assert assistant.facts.unknown_refs("8.000003 26/2023/QH15") == []


def test_step_failure_gives_error_status(assistant: Assistant) -> None:
    def broken(query: str, k: int = 10, level: str | None = None) -> list[Candidate]:
        raise RuntimeError("index gone")

    assistant.retriever.search = broken  # type: ignore[method-assign]
    r = assistant.ask("đăng ký tạm trú")
    assert r.status == "error" and "1022" in r.answer and r.status in STATUSES


def test_audit_hook_adds_checked_notes(assistant_kb: Path) -> None:
    from assistant.sessions import MemorySessionStore
    from kb.procedures.store import Store
    from tests.assistant_support import FakeRetriever

    def note(c: object) -> str | None:
        return "có thể khai thác từ CSDL quốc gia về dân cư" if "Tờ khai" in getattr(c, "text", "") else None

    store = Store(assistant_kb).load()
    a = Assistant(store, FakeRetriever.from_store(store), MemorySessionStore(60), audit_note=note)
    assert "audit_notes" in a.pipeline.names
    docs = a.ask("đăng ký tạm trú cần giấy tờ gì")
    assert "Tờ khai thay đổi thông tin cư trú: có thể khai thác từ CSDL quốc gia về dân cư" in docs.answer
    fees = a.ask("đăng ký tạm trú lệ phí bao nhiêu")
    assert "CSDL" not in fees.answer


def test_cached_retriever_reuses_results_and_evicts() -> None:
    from assistant.retriever import CachedRetriever

    calls: list[str] = []

    class Counting:
        def search(self, query: str, k: int = 10, level: str | None = None) -> list[Candidate]:
            calls.append(query)
            return [Candidate("1.000001", query, 1.0)]

    cached = CachedRetriever(Counting(), size=2)
    assert cached.search("a")[0].name == "a" and cached.search("a")[0].name == "a"
    cached.search("b")
    cached.search("c")  # evicts "a"
    cached.search("a")
    assert calls == ["a", "b", "c", "a"]


def test_voice_documents_keep_quantities_and_skip_notes(assistant: Assistant) -> None:
    r = assistant.ask("cấp lại thẻ căn cước cần giấy tờ gì", channel="voice")
    assert "Tờ khai Căn cước, một bản chính." in r.answer
    assert "Lưu ý" not in r.answer and "/" not in r.answer
    clar = assistant.ask("làm căn cước", channel="voice")
    assert clar.status == "clarification" and "số một là" in clar.answer and "Anh chị" in clar.answer
