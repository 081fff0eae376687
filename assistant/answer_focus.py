"""After compose: put the record's answering sentences first, label deadlines, focus the case, summarise."""

from __future__ import annotations

from assistant import compose
from assistant.answer_select import citizen_deadlines, is_yes_no, match_case, select
from assistant.aspects import detect_aspects
from assistant.compose import DEADLINE_SECTION, NO_QUOTE_SECTION, QUOTE_SECTION, SUMMARY_SECTION
from assistant.pipeline import Context
from assistant.types import UNITS_SECTION, Aspect, Block, Citation
from kb.procedures.schema import Procedure
from kb.text.normalize import fold

QUOTE_TITLE = "Theo quy định của thủ tục"
DEADLINE_TITLE = "Thời hạn anh/chị phải thực hiện"
AGENCY_TIME_TITLE = "Thời hạn giải quyết của cơ quan"
NO_QUOTE = "Thủ tục không có câu nào nêu trực tiếp điều anh/chị hỏi; thông tin liên quan như sau."
MAX_DEADLINES = 2
# Question words asking about the citizen's own deadline rather than how long the agency takes.
_OWN_DEADLINE = ("phai", "han chot", "cham nhat", "muon nhat", "qua han", "tre han", "truoc ngay")


def _deadline_blocks(p: Procedure, question: str, blocks: list[Block]) -> list[Block]:
    """Time answers: the citizen's deadline and the agency's processing time, labelled apart."""
    found = citizen_deadlines(p)[:MAX_DEADLINES]
    i = next((k for k, b in enumerate(blocks) if b.section == "time"), None)
    if not found or i is None:
        return blocks
    own = Block("time", DEADLINE_TITLE, tuple(s.text for s in found), DEADLINE_SECTION)
    agency = Block("time", AGENCY_TIME_TITLE, blocks[i].items, "time")
    folded = fold(question)
    pair = [own, agency] if any(c in folded for c in _OWN_DEADLINE) else [agency, own]
    return blocks[:i] + pair + blocks[i + 1:]


def focus(p: Procedure, aspect: Aspect, question: str,
          blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], tuple[Citation, ...]]:
    """``blocks`` reordered to answer ``question``, and the citations of the sections quoted.

    Order: the 2025 ward answer (when present), the quoted record sentences, the structured
    sections (documents narrowed to the matched case, time split into the citizen's and the
    agency's limits), any hook blocks, then the one-line summary.
    """
    lead = [b for b in blocks if b.section == UNITS_SECTION]
    rest = [b for b in blocks if b.section != UNITS_SECTION]
    case = match_case(p, question)
    if case is not None:
        rest = [Block(b.aspect, b.title, compose.documents(p, focus=case), b.section)
                if b.section == "documents" else b for b in rest]
    if aspect in ("time", "overview") or "time" in detect_aspects(question):  # "… và phải làm trong bao lâu?"
        rest = _deadline_blocks(p, question, rest)
    shown = [i for b in rest for i in b.items]
    quotes = [] if aspect == "legal_basis" else select(p, aspect, question, shown=tuple(shown))
    head: list[Block] = []
    if quotes:
        head.append(Block(aspect, QUOTE_TITLE, tuple(s.text for s in quotes), QUOTE_SECTION))
    elif is_yes_no(question):
        head.append(Block(aspect, QUOTE_TITLE, (NO_QUOTE,), NO_QUOTE_SECTION))
    tail = Block("overview", compose.SUMMARY_TITLE, compose.summary(p), SUMMARY_SECTION)
    cites = tuple(Citation(p.code, sec, f"Thủ tục {p.code} — {compose.SECTION_TITLES[sec]}")
                  for sec in dict.fromkeys(s.section for s in quotes))
    return (*lead, *head, *rest, tail), cites


def focus_step(ctx: Context) -> None:
    """Pipeline step (after ``compose`` and its hooks): see :func:`focus`."""
    if ctx.procedure is None:
        return
    ctx.blocks, cites = focus(ctx.procedure, ctx.aspect, ctx.redacted, ctx.blocks)
    have = {(c.code, c.section) for c in ctx.citations}
    ctx.citations = (*ctx.citations, *(c for c in cites if (c.code, c.section) not in have))
