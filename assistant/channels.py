"""Channel rendering: web (Markdown), voice (short plain sentences for TTS), agent (structured)."""

from __future__ import annotations

import re

from assistant.spoken import speak
from assistant.types import Block, Channel, Choice

VOICE_ITEMS = 4
VOICE_CHARS = 140  # one spoken fact; longer ones are cut at a word boundary
HOTLINE = "1022"
PORTAL = "Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)"


def header(name: str, code: str) -> str:
    """The first line every answer starts with."""
    return f"{name} (mã thủ tục {code})"


def render_web(title: str, blocks: tuple[Block, ...], note: str = "") -> str:
    """Markdown: bold title, one section per block, items as a list."""
    out = [f"**{title}**"]
    for b in blocks:
        out.append(f"\n**{b.title}**")
        out += [f"_{i[1:-1]}_" if i.startswith("[") and i.endswith("]") else f"- {i}" for i in b.items] or [
            "- Thủ tục không có thông tin về nội dung này."]
    if note:
        out.append(f"\n_{note}_")
    return "\n".join(out)


_QTY = re.compile(r"\s\((\d+ bản [^)]*)\)$")


def _spoken_item(text: str, limit: int = VOICE_CHARS) -> str:
    """One fact short enough to say; a paper keeps its "(1 bản chính, 1 bản sao)" at the end."""
    m = _QTY.search(text)
    core, qty = (text[: m.start()], f", {m.group(1)}") if m else (text, "")
    t = core if len(core) <= limit else core[:limit].rsplit(" ", 1)[0]
    return t.rstrip(" ,;:(/-…") + qty


def _sentence(text: str) -> str:
    t = re.sub(r"^\[(.*)\]$", r"\1", text.strip()).rstrip(" .;:…")
    return t[:1].upper() + t[1:] + "." if t else ""


def render_voice(name: str, blocks: tuple[Block, ...], note: str = "") -> str:
    """Plain sentences, at most a few facts per block, numbers and units spelled out."""
    bare = re.sub(r"(?i)^thủ tục\s+", "", name)
    parts = [_sentence(f"Thủ tục {bare}")]
    for b in blocks:
        items = [i for i in b.items if not i.startswith(("[", "…", "Lưu ý:"))]
        if not items:
            continue
        parts.append(_sentence(b.title))
        parts += [_sentence(_spoken_item(i.replace(" — ", ", "))) for i in items[:VOICE_ITEMS]]
        if len(items) > VOICE_ITEMS:
            parts.append(f"Và {len(items) - VOICE_ITEMS} mục khác, tôi có thể gửi chi tiết qua tin nhắn.")
    if note:
        parts.append(_sentence(note))
    return speak(" ".join(p for p in parts if p))


def render_agent(title: str, blocks: tuple[Block, ...], note: str = "") -> str:
    """A compact plain-text script with upper-case section names, for a human to read out."""
    out = [title]
    for b in blocks:
        out.append(b.title.upper() + ":")
        out += [f"  {i}" for i in b.items] or ["  (không có thông tin)"]
    if note:
        out.append(note)
    return "\n".join(out)


def render(channel: Channel, name: str, code: str, blocks: tuple[Block, ...], note: str = "") -> str:
    """The answer text for ``channel``."""
    if channel == "voice":
        return render_voice(name, blocks, note)
    if channel == "agent":
        return render_agent(header(name, code), blocks, note)
    return render_web(header(name, code), blocks, note)


def render_choices(channel: Channel, question: str, choices: tuple[Choice, ...]) -> str:
    """A clarifying question with numbered options (spoken as "một là …, hai là …")."""
    if channel == "voice":
        opts = "; ".join(f"số {i} là {_spoken_item(c.label, 90)}" for i, c in enumerate(choices, 1))
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
