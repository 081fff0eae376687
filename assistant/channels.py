"""Channel rendering: web (Markdown), voice (short plain sentences for TTS), agent (structured)."""

from __future__ import annotations

from assistant.compose import NO_QUOTE_SECTION, QUOTE_SECTION, SUMMARY_SECTION, SUMMARY_TITLE
from assistant.spoken import speak
from assistant.types import Block, Channel, Choice
from assistant.voice import VOICE_MAX_WORDS, render_voice, whole

CHOICE_WORDS = 20  # a spoken clarification option

HOTLINE = "1022"
PORTAL = "Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)"


def header(name: str, code: str) -> str:
    """The first line every answer starts with."""
    return f"{name} (mã thủ tục {code})"


def _quoted(b: Block) -> list[str]:
    """A quote block: "Title: «sentence»", or the title and one quoted sentence per line."""
    q = [f"«{i}»" for i in b.items]
    return [f"{b.title}: {q[0]}"] if len(q) == 1 else [f"{b.title}:"] + [f"- {x}" for x in q]


def _summary(blocks: tuple[Block, ...]) -> str:
    """The summary block's parts on one line ("Nơi nộp: … · Thời hạn: … · Lệ phí: …"), or ""."""
    return next((" · ".join(b.items) for b in blocks if b.section == SUMMARY_SECTION), "")


def render_web(title: str, blocks: tuple[Block, ...], note: str = "") -> str:
    """Markdown: bold title, quoted answer first, one section per block, the summary line last."""
    out = [f"**{title}**"]
    for b in blocks:
        if b.section == SUMMARY_SECTION:
            continue
        if b.section == QUOTE_SECTION:
            out += ["", *_quoted(b)]
            continue
        if b.section == NO_QUOTE_SECTION:
            out += ["", *b.items]
            continue
        out.append(f"\n**{b.title}**")
        out += [f"_{i[1:-1]}_" if i.startswith("[") and i.endswith("]") else f"- {i}" for i in b.items] or [
            "- Thủ tục không có thông tin về nội dung này."]
    if note:
        out.append(f"\n_{note}_")
    line = _summary(blocks)
    if line:
        out.append(f"\n**{SUMMARY_TITLE}:** {line}")
    return "\n".join(out)


def render_agent(title: str, blocks: tuple[Block, ...], note: str = "") -> str:
    """A compact plain-text script with upper-case section names, for a human to read out."""
    out = [title]
    for b in blocks:
        if b.section == SUMMARY_SECTION:
            continue
        if b.section == QUOTE_SECTION:
            out += [b.title.upper() + ":"] + [f"  «{i}»" for i in b.items]
            continue
        out.append(b.title.upper() + ":")
        out += [f"  {i}" for i in b.items] or ["  (không có thông tin)"]
    if note:
        out.append(note)
    line = _summary(blocks)
    if line:
        out.append(f"{SUMMARY_TITLE.upper()}: {line}")
    return "\n".join(out)


def render(channel: Channel, name: str, code: str, blocks: tuple[Block, ...], note: str = "",
           first_turn: bool = False) -> str:
    """The answer text for ``channel``; a voice answer on a conversation's first turn leaves room for
    the AI disclosure said before it (the whole turn stays within the voice budget)."""
    if channel == "voice":
        room = VOICE_MAX_WORDS - (len(disclosure("voice").split()) if first_turn else 0)
        return render_voice(name, blocks, note, max_words=room)
    if channel == "agent":
        return render_agent(header(name, code), blocks, note)
    return render_web(header(name, code), blocks, note)


def render_choices(channel: Channel, question: str, choices: tuple[Choice, ...]) -> str:
    """A clarifying question with numbered options (spoken as "một là …, hai là …")."""
    if channel == "voice":
        opts = "; ".join(f"số {i} là {whole(c.label, CHOICE_WORDS) or c.label}" for i, c in enumerate(choices, 1))
        return speak(f"{question} {opts}. Anh chị vui lòng chọn một số.")
    lines = [question] + [f"{i}. {c.label}" for i, c in enumerate(choices, 1)]
    return "\n".join(lines)


def abstain_message(kind: str) -> str:
    """Polite Vietnamese message for out-of-scope / no-content / hand-off replies."""
    if kind == "handoff":
        return (f"Tôi sẽ chuyển anh/chị tới tổng đài viên. Anh/chị cũng có thể gọi đường dây nóng "
                f"{HOTLINE} để được hỗ trợ trực tiếp.")
    if kind == "out_of_scope":
        return (f"Xin lỗi, tôi chỉ hỗ trợ thông tin về thủ tục hành chính. Anh/chị có thể gọi "
                f"đường dây nóng {HOTLINE} hoặc tra cứu trên {PORTAL}. "
                "Nếu cần, tôi có thể chuyển anh/chị tới tổng đài viên.")
    if kind == "error":
        return (f"Xin lỗi, hệ thống đang gặp sự cố. Anh/chị vui lòng thử lại hoặc gọi "
                f"đường dây nóng {HOTLINE}.")
    return (f"Xin lỗi, tôi chưa tìm thấy thủ tục phù hợp với câu hỏi. Anh/chị có thể nói rõ tên "
            f"thủ tục, gọi đường dây nóng {HOTLINE} hoặc tra cứu trên {PORTAL}. "
            "Nếu cần, tôi có thể chuyển anh/chị tới tổng đài viên.")


# Said once per conversation, on every channel (Luật Trí tuệ nhân tạo 134/2025/QH15: tell users they
# talk to an AI and keep a human in control), with the hand-off to a person always offered.
DISCLOSURE = {
    "web": (f"_Tôi là trợ lý AI, trả lời dựa trên dữ liệu của {PORTAL}; thông tin chỉ để tham khảo. "
            f"Anh/chị có thể gặp tổng đài viên bất cứ lúc nào qua đường dây nóng {HOTLINE}._"),
    "voice": ("Tôi là trợ lý ảo trí tuệ nhân tạo, trả lời theo dữ liệu Cổng Dịch vụ công. "
              "Cần gặp tổng đài viên, anh chị gọi số một không hai hai."),
    "agent": (f"[Gợi ý do trợ lý AI tạo từ dữ liệu {PORTAL}; tổng đài viên kiểm tra trước khi đọc "
              "cho người dân.]"),
}


def disclosure(channel: Channel) -> str:
    """The AI disclosure of ``channel`` (voice: written as it is spoken, the hotline digit by digit)."""
    return DISCLOSURE[channel]
