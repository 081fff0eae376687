"""LangChain: our retriever as a ``BaseRetriever`` and optional answering through a chat model.

The chat model only rewrites the grounded facts; the final check still runs on its text, and an
answer naming a code or legal number the knowledge base does not hold falls back to the composer.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant import channels, compose
from assistant.pipeline import Context, Step
from assistant.service import Assistant

SYSTEM = (
    "Bạn là trợ lý tổng đài 1022 về thủ tục hành chính. Chỉ dùng các dữ kiện được cung cấp, "
    "không thêm mã thủ tục, số văn bản, số tiền hay thời hạn nào khác. Trả lời ngắn gọn bằng tiếng "
    "Việt, nêu tên và mã thủ tục."
)


class TTHCRetriever(BaseRetriever):
    """Procedure-level documents (overview text + metadata) from the assistant's retriever."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    assistant: Any  # Assistant; Any keeps pydantic from inspecting it
    k: int = 5

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        docs: list[Document] = []
        for c in self.assistant.retriever.search(query, k=self.k):
            p = self.assistant.procedures.get(c.code)
            if p is None:
                continue
            text = channels.render_web(channels.header(p.name, p.code), compose.compose(p, "overview"))
            docs.append(Document(page_content=text, metadata={
                "code": p.code, "name": p.name, "score": c.score, "levels": list(p.levels),
                "field": p.field, "source": f"dichvucong:{p.code}"}))
        return docs


def generate_step(model: BaseChatModel) -> Step:
    """A pipeline step that lets ``model`` word the answer from the grounded blocks only."""

    def step(ctx: Context) -> None:
        if ctx.procedure is None or ctx.channel == "agent":
            return
        facts = "\n".join(f"{b.title}: " + " | ".join(b.items) for b in ctx.blocks)
        prompt = (f"Thủ tục: {ctx.procedure.name} (mã {ctx.procedure.code})\n{facts}\n\n"
                  f"Câu hỏi: {ctx.redacted}")
        out = model.invoke([SystemMessage(SYSTEM), HumanMessage(prompt)])
        text = out.content if isinstance(out.content, str) else str(out.content)
        if text.strip() and ctx.procedure.code in text:
            ctx.answer, ctx.generated = text.strip(), True
        # an answer that does not name its procedure keeps the grounded text

    return Step("generate", step)


def use_chat_model(assistant: Assistant, model: BaseChatModel) -> None:
    """Enable generative wording (inserted after ``render``, before the final check)."""
    if "generate" not in assistant.pipeline.names:
        assistant.pipeline.insert_after("render", generate_step(model))
