"""LangChain: the retriever as a BaseRetriever and the checked chat-model path (fake model)."""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.retrievers import BaseRetriever

from assistant.lc import TTHCRetriever, use_chat_model
from assistant.service import Assistant


def test_retriever_returns_procedure_documents(assistant: Assistant) -> None:
    r = TTHCRetriever(assistant=assistant, k=2)
    assert isinstance(r, BaseRetriever)
    docs = r.invoke("cấp lại thẻ căn cước")
    assert docs[0].metadata["code"] == "8.000003" and docs[0].metadata["source"] == "dichvucong:8.000003"
    assert "70.000 đồng/thẻ căn cước" in docs[0].page_content
    assert r.invoke("kể chuyện cười") == []


def test_chat_model_answer_is_used_when_it_cites_only_known_facts(assistant: Assistant) -> None:
    use_chat_model(
        assistant,
        FakeListChatModel(
            responses=["Cấp lại thẻ căn cước (mã 8.000003) có lệ phí 70.000 đồng/thẻ theo 26/2023/QH15."]
        ),
    )
    r = assistant.ask("cấp lại thẻ căn cước bao nhiêu tiền")
    assert r.status == "answered" and r.answer.startswith("Cấp lại thẻ căn cước (mã 8.000003) có lệ phí")
    assert "generate" in r.timings and r.citations[0].code == "8.000003"


def test_chat_model_citing_unknown_code_or_decree_falls_back(assistant: Assistant) -> None:
    use_chat_model(
        assistant,
        FakeListChatModel(
            responses=[
                "Theo thủ tục 8.000003 và 1.999999, lệ phí theo 99/2099/NĐ-CP.",
                "Thủ tục 8.000003 căn cứ Nghị định 11/2011/NĐ-CP.",
                "Lệ phí 70.000 đồng.",  # names no procedure: not used
            ]
        ),
    )
    for _ in range(3):
        r = assistant.ask("cấp lại thẻ căn cước bao nhiêu tiền")
        assert r.status == "answered"
        assert r.answer.startswith("**Cấp lại thẻ căn cước (mã thủ tục 8.000003)**")
        assert "1.999999" not in r.answer and "NĐ-CP" not in r.answer
