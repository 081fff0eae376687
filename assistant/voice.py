"""Voice answers as a hotline operator gives them: whole sentences, spoken numbers, about 45 seconds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.compose import NO_QUOTE_SECTION, QUOTE_SECTION, SUMMARY_SECTION
from assistant.spoken import speak
from assistant.types import ARTICLES_SECTION, UNITS_SECTION, Block
from kb.text.normalize import strip_bullet

VOICE_MAX_WORDS = 110  # ≈ 45 seconds of speech at a hotline pace of about 2.5 words per second
VOICE_ITEM_WORDS = 40  # one spoken item; a longer one keeps its leading sentences or head clause
VOICE_QUOTE_WORDS = 60  # a quoted record sentence is the answer itself: it may run longer
CUT = "Phần còn lại tôi xin gửi qua tin nhắn."

_QTY = re.compile(r"\s\((\d+ bản [^)]*)\)$")
_SENT = re.compile(r"(?<=[.!?;])\s+")
_CLAUSE = re.compile(r";|\s\(|,\s(?:trường hợp|nếu|trừ)\b|\s(?:theo mẫu|ban hành kèm theo|theo quy định)\b")


def words(text: str) -> int:
    """Spoken words (whitespace-separated) of ``text``."""
    return len(text.split())


def sentence(text: str) -> str:
    """``text`` as one spoken sentence: capitalised, ending with a full stop."""
    t = re.sub(r"^\[(.*)\]$", r"\1", text.strip()).rstrip(" .;:,…")
    return t[:1].upper() + t[1:] + "." if t else ""


def _head_clause(text: str, limit: int) -> str:
    """The clause before the first ";" or "(" — only when such a boundary exists."""
    parts = _CLAUSE.split(text, maxsplit=1)
    clause = parts[0].strip()
    return clause if len(parts) == 2 and 2 <= words(clause) <= limit else ""


def whole(text: str, limit: int = VOICE_ITEM_WORDS, clause: bool = True) -> str:
    """The leading whole sentences of an item (its "(1 bản chính)" kept), never a cut-off phrase.

    An item shortened with "…" loses its unfinished sentence; when even the first sentence is
    unfinished or too long, its head clause (before ";" or "(") stands in when ``clause`` allows
    (a paper's name), else nothing.
    """
    m = _QTY.search(text)
    core, qty = (text[: m.start()], f", {m.group(1)}") if m else (text, "")
    core = core.replace(" — ", ", ").strip()
    parts = _SENT.split(core.removesuffix("…").rstrip())
    if core.endswith("…") and not re.search(r"[.!?;]$", parts[-1]):
        parts = parts[:-1]
    while parts and words(" ".join(parts)) > limit:
        parts = parts[:-1]
    kept = " ".join(parts) if parts else (_head_clause(core, limit) if clause else "")
    return kept.rstrip(" .;:,") + qty if kept else ""


def paper_name(text: str) -> str:
    """A paper as said on the phone: its name before ";", "(", "theo mẫu" … with its quantity
    ("Giấy chứng sinh, một bản chính"); "" when the item has no such boundary."""
    m = _QTY.search(text)
    core, qty = (text[: m.start()], f", {m.group(1)}") if m else (text, "")
    head = _head_clause(core.replace(" — ", ", ").strip(), VOICE_ITEM_WORDS)
    return head.rstrip(" .;:,") + qty if head else ""


@dataclass(frozen=True, slots=True)
class _Said:
    """One spoken sentence; a title (block or case heading) is said only if one of its items is."""

    text: str
    groups: tuple[str, ...]  # the titles this sentence belongs under
    title: str = ""  # set on a title: the group it heads
    paper: bool = False  # a dossier paper: the main ones come first and are never skipped for later ones


def _block_sentences(b: Block, k: int) -> list[_Said]:
    if b.section == QUOTE_SECTION:
        quotes = [q for q in (whole(i, VOICE_QUOTE_WORDS, clause=False) for i in b.items) if q]
        return [_Said(speak(sentence(f"{b.title}: {q}" if n == 0 else q)), ()) for n, q in enumerate(quotes)]
    if b.section == NO_QUOTE_SECTION:
        return [_Said(speak(sentence(i)), ()) for i in b.items]
    out = [_Said(speak(sentence(b.title)), (), title=f"{k}")]
    case = ""
    items = b.items
    if b.section == UNITS_SECTION:  # the office to go to (it names the new unit) is said first
        items = tuple(sorted(items, key=lambda i: not i.startswith("Thủ tục")))
    for n, i in enumerate(items):
        if i.startswith(("…", "Lưu ý:")) or (b.section == UNITS_SECTION and i.startswith("Cách sắp xếp")):
            continue  # notes, and how a ward was merged, go by message: the new unit and office are said
        if i.startswith("[") and i.endswith("]"):
            case = f"{k}:{n}"
            out.append(_Said(speak(sentence(i)), (f"{k}",), title=case))
            continue
        item = strip_bullet(i)  # "1. Chấm dứt …" is said without its "1."
        if b.section == ARTICLES_SECTION:  # the article and its law are said; its effective date is sent
            item = re.sub(r"\s*\(hiệu lực[^)]*\)", "", item)
        paper = b.aspect == "documents"
        said = sentence((paper_name(item) if paper else "") or whole(item))
        if said:
            out.append(_Said(speak(said), (f"{k}", case) if case else (f"{k}",), paper=paper))
    return out


def summary_sentence(b: Block) -> str:
    """The closing summary as one sentence ("Tóm lại, nơi nộp: …; thời hạn: …; lệ phí: …")."""
    # the record's update date is for reading, not for a 45-second spoken answer
    parts = [i[:1].lower() + i[1:] for i in b.items if "xem mục" not in i and not i.startswith("Cập nhật")]
    return speak(f"{b.title}, " + "; ".join(parts) + ".") if parts else ""


def render_voice(name: str, blocks: tuple[Block, ...], note: str = "", max_words: int = VOICE_MAX_WORDS) -> str:
    """Name, answer sentences in block order and the summary, within ``max_words`` spoken words.

    Sentences that do not fit are left for the text message (said once at the end); a block
    title is dropped when none of its sentences fit.
    """
    bare = re.sub(r"(?i)^thủ tục\s+", "", name)
    head = speak(sentence(f"Thủ tục {bare}"))
    tail = next((summary_sentence(b) for b in blocks if b.section == SUMMARY_SECTION), "")
    # The 2025 unit a ward question asks for, then compendium articles (added only when the legal
    # basis is asked: they are the answer), then the blocks in their order.
    rank = {UNITS_SECTION: 0, ARTICLES_SECTION: 1}
    order = sorted(range(len(blocks)), key=lambda i: (rank.get(blocks[i].section, 2), i))
    body = [s for k in order if blocks[k].section != SUMMARY_SECTION for s in _block_sentences(blocks[k], k)]
    if note:
        body.append(_Said(speak(sentence(note)), ()))
    room = max_words - words(head) - words(tail)
    filled_all = {g for s in body if not s.title for g in s.groups}
    body = [s for s in body if not s.title or s.title in filled_all]
    if sum(words(s.text) for s in body) <= room:
        return " ".join(x for x in (head, *(s.text for s in body), tail) if x)
    room -= words(CUT)
    heads = {s.title for s in body if s.title}
    taken: list[_Said] = []
    full: set[str] = set()  # groups where an item did not fit: later items of the group are not said
    for s in body:
        heard = {t.title for t in taken if t.title}
        under = all(g in heard for g in s.groups if g in heads)  # never an item without its heading
        if any(g in full for g in s.groups):
            continue
        if words(s.text) <= room and under:
            taken.append(s)
            room -= words(s.text)
        elif s.paper:
            full.update(s.groups)  # the main papers come first: never skip one to say a later case
    filled = {g for s in taken if not s.title for g in s.groups}
    said = [s.text for s in taken if not s.title or s.title in filled]
    return " ".join(x for x in (head, *said, tail, CUT) if x)
