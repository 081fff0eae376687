"""The standard steps: normalise, redact, understand, retrieve, decide, compose, check, render."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from assistant import channels, compose
from assistant.answer_focus import focus_step
from assistant.aspects import detect_aspect, detect_aspects, is_follow_up, topic_words
from assistant.decide import QUESTION, Decision, decide, pick_choice, relevant, shares_phrase
from assistant.facts import CODE_RE, KBFacts
from assistant.frames import (
    described_markers,
    ordinary_instead,
    second_procedure,
    settle,
    supported,
    vague_request,
)
from assistant.pipeline import Context, Pipeline, Step
from assistant.redact import redact, search_text
from assistant.retriever import Retriever
from assistant.safety import safety_step
from assistant.types import ARTICLES_SECTION, Block, Status
from kb.procedures.schema import Procedure
from kb.search.understood import frame_search
from kb.text.analysis import content_tokens
from kb.text.citizen import question_frame
from kb.text.normalize import fold, one_line

log = logging.getLogger("assistant.questions")

HANDOFF_CUES = ("tong dai vien", "gap nguoi", "nguoi that", "nhan vien ho tro", "chuyen may",
                "noi chuyen voi nguoi", "gap can bo", "gap nhan vien", "can nguoi ho tro")
# Words that show the question is about public services even when nothing matched.
DOMAIN_CUES = ("thu tuc", "dang ky", "giay", "ho so", "cap ", "le phi", "chung nhan", "xac nhan",
               "can cuoc", "ho chieu", "khai sinh", "ket hon", "bao hiem", "tro cap", "ho khau",
               "cu tru", "dat dai", "khai tu", "so do", "giay phep", "uy ban", "dich vu cong", "chung thuc")
ASK_WHICH = ("Anh/chị đang hỏi về thủ tục nào ạ? Vui lòng nói tên thủ tục, ví dụ “đăng ký tạm trú”. "
             "Cần hỗ trợ trực tiếp, anh/chị gọi đường dây nóng 1022.")
MAX_MISSES = 2  # consecutive unanswered turns before the hand-off is proposed as the status


@dataclass(frozen=True, slots=True)
class Deps:
    """What the steps need from the outside world."""

    get: Callable[[str], Procedure | None]
    retriever: Retriever
    facts: KBFacts
    k: int = 10


def normalise(ctx: Context) -> None:
    """NFC, one line, trimmed."""
    ctx.text = one_line(ctx.question)


def redact_step(ctx: Context) -> None:
    """Replace personal data; only the redacted text is logged or searched."""
    ctx.redacted, ctx.pii = redact(ctx.text)
    log.info("question session=%s channel=%s text=%r", ctx.session_id, ctx.channel, ctx.redacted)


def understand(deps: Deps) -> Callable[[Context], None]:
    """Hand-off requests, picked choices, explicit codes, aspect and follow-ups."""

    def step(ctx: Context) -> None:
        folded = fold(ctx.redacted)
        if any(c in folded for c in HANDOFF_CUES):
            ctx.stop("handoff", channels.abstain_message("handoff"))
            return
        ctx.aspect = detect_aspect(ctx.redacted)
        s = ctx.session
        if s.choices:
            code = pick_choice(ctx.redacted, s.choices)
            if code:
                ctx.procedure = deps.get(code)
                if ctx.aspect == "overview":
                    ctx.aspect = s.aspect  # type: ignore[assignment]
                return
        for code in CODE_RE.findall(ctx.redacted):
            proc = deps.get(code)
            if proc is not None:
                ctx.procedure = proc
                return
        if is_follow_up(ctx.redacted):
            if s.procedure_code:
                ctx.follow_up = True
                ctx.procedure = deps.get(s.procedure_code)
            elif s.choices:  # still waiting for the citizen to pick a variant
                ctx.choices, ctx.clarification = s.choices, QUESTION
                ctx.stop("clarification", channels.render_choices(ctx.channel, QUESTION, s.choices))
            else:
                ctx.stop("no_content", ASK_WHICH)

    return step


def retrieve(deps: Deps) -> Callable[[Context], None]:
    """Search unless the procedure is already known from the session or an explicit code."""

    def step(ctx: Context) -> None:
        if ctx.procedure is None and content_tokens(search_text(ctx.redacted)):
            q = question_frame(ctx.redacted)
            found = frame_search(deps.retriever.search, search_text(ctx.redacted), q, deps.k)
            ctx.candidates = [c for c in found if relevant(ctx.redacted, c) or supported(q, c)]
            if not q and not any(c in fold(ctx.redacted) + " " for c in DOMAIN_CUES):
                # nothing in the question names a paper, a service or a procedure word ("bạn có người
                # yêu chưa"): a shared single word is chance, a shared phrase is not
                ctx.candidates = [c for c in ctx.candidates if shares_phrase(ctx.redacted, c)]

    return step


def decide_step(deps: Deps) -> Callable[[Context], None]:
    """Answer one procedure, ask a clarifying question, or abstain."""

    def step(ctx: Context) -> None:
        if ctx.procedure is not None:
            return
        if not ctx.candidates:
            if ctx.session.procedure_code and not topic_words(ctx.redacted):
                ctx.procedure = deps.get(ctx.session.procedure_code)  # "còn gì nữa không?"
                ctx.follow_up = ctx.procedure is not None
                if ctx.follow_up:
                    return
            if not content_tokens(search_text(ctx.redacted)):  # "xin chào", "alo"
                ctx.stop("no_content", ASK_WHICH)
                return
            folded = fold(ctx.redacted) + " "
            in_domain = any(c in folded for c in DOMAIN_CUES)
            kind: Status = "no_content" if in_domain else "out_of_scope"
            ctx.stop(kind, channels.abstain_message(kind))
            return
        q = question_frame(ctx.redacted)
        vague = vague_request(ctx.redacted, q)
        if vague:  # "xin giấy phép": ask which paper, with examples, instead of listing random ones
            ctx.clarification = vague
            ctx.stop("clarification", vague)
            return
        d = decide(ctx.redacted, ctx.candidates, described_markers(q), q.objects)
        if d.choices:
            code, asked, options = settle(ctx.redacted, q, ctx.candidates, d.choices)
            if code:
                d = Decision(code=code)
                if options:  # answered the ordinary case: name the others the citizen may mean
                    ctx.notes.append(other_cases_note([(o.label, o.code) for o in options]))
            else:
                ctx.choices = options or d.choices
                ctx.clarification = asked or QUESTION
                ctx.stop("clarification", channels.render_choices(ctx.channel, ctx.clarification, ctx.choices))
                return
        plain = ordinary_instead(ctx.redacted, q, d.code, ctx.candidates)
        if plain is not None:  # a variant nobody described won by a short name: the ordinary case
            variant = next(c for c in ctx.candidates if c.code == d.code)
            ctx.notes.append(other_cases_note([(variant.name, variant.code)]))
            d = Decision(code=plain.code)
        ctx.procedure = deps.get(d.code)
        other = second_procedure(ctx.redacted, q, d.code, ctx.candidates)
        p2 = deps.get(other.code) if other is not None else None
        if p2 is not None:  # the question names two procedures: the second one in brief
            ctx.notes.append(f"Anh/chị cũng hỏi về thủ tục “{p2.name}” (mã {p2.code}): "
                             + " · ".join(compose.summary(p2)) + ". Anh/chị hỏi tiếp để xem đầy đủ.")
        if d.other_levels:
            ctx.notes.append("Thủ tục này còn được thực hiện ở: " + "; ".join(
                f"{c.label} (mã {c.code})" for c in d.other_levels) + ".")
        if ctx.procedure is None:
            ctx.stop("no_content", channels.abstain_message("no_content"))

    return step


def other_cases_note(cases: list[tuple[str, str]]) -> str:
    """The note naming the variants an ordinary-case answer left aside: (label, code) each."""
    return ("Nếu là trường hợp khác: " + "; ".join(f"{label} (mã {code})" for label, code in cases)
            + ". Anh/chị hỏi tiếp để xem thủ tục đó.")


def compose_step(ctx: Context) -> None:
    """Blocks and citations from the procedure's own fields: the asked aspect first, then every other
    aspect the same question names ("hồ sơ gồm gì và lệ phí bao nhiêu")."""
    assert ctx.procedure is not None
    blocks = compose.compose(ctx.procedure, ctx.aspect)
    if ctx.aspect != "overview":
        blocks += tuple(compose.block(ctx.procedure, a) for a in detect_aspects(ctx.redacted)
                        if a != ctx.aspect and a != "legal_basis")
    ctx.blocks = blocks
    ctx.citations = compose.citations(ctx.procedure, ctx.blocks)


def check_facts(deps: Deps) -> Callable[[Context], None]:
    """Drop any block item or note that names a code or legal number the KB does not hold.

    Compendium article items and citations must also name an article the legal corpus holds.
    """

    def step(ctx: Context) -> None:
        assert ctx.procedure is not None
        if deps.facts.unknown_refs(ctx.procedure.code):
            ctx.stop("error", channels.abstain_message("error"))
            return
        kept: list[Block] = []
        for b in ctx.blocks:
            items = []
            for i in b.items:
                bad = deps.facts.unknown_refs(i)
                if b.section == ARTICLES_SECTION and not deps.facts.articles_shown(i):
                    bad.append(i)
                ctx.rejected += bad
                if not bad:
                    items.append(i)
            kept.append(Block(b.aspect, b.title, tuple(items), b.section))
        ctx.blocks = tuple(kept)
        ctx.notes = [n for n in ctx.notes if not deps.facts.unknown_refs(n)]
        ctx.citations = tuple(c for c in ctx.citations if not deps.facts.unknown_refs(c.label) and (
            c.kind != "legal_article" or deps.facts.articles_shown(c.citation)))

    return step


def render_step(ctx: Context) -> None:
    """The grounded answer text for the channel."""
    assert ctx.procedure is not None
    note = " ".join(ctx.notes)
    if ctx.follow_up and ctx.channel != "voice":
        note = (note + " " if note else "") + "(Trả lời tiếp về thủ tục đang trao đổi.)"
    ctx.answer = channels.render(ctx.channel, ctx.procedure.name, ctx.procedure.code, ctx.blocks, note,
                                 first_turn=ctx.session.turns == 0)
    ctx.grounded_answer = ctx.answer


def final_check(deps: Deps) -> Callable[[Context], None]:
    """Last gate on the text itself: a generated answer citing unknown references falls back."""

    def step(ctx: Context) -> None:
        bad = deps.facts.unknown_refs(ctx.answer)
        if not bad:
            return
        ctx.rejected += bad
        if ctx.generated and not deps.facts.unknown_refs(ctx.grounded_answer):
            ctx.answer, ctx.generated = ctx.grounded_answer, False
            return
        ctx.stop("error", channels.abstain_message("error"))

    return step


def misses(ctx: Context) -> None:
    """After repeated unanswered turns, propose a human hand-off."""
    if ctx.status in ("out_of_scope", "no_content") and ctx.session.misses + 1 >= MAX_MISSES:
        ctx.status = "handoff"
        ctx.answer = channels.abstain_message("handoff")


def error_message(ctx: Context) -> None:
    """Make sure an error still gets a polite answer."""
    if ctx.status == "error" and not ctx.answer:
        ctx.answer = channels.abstain_message("error")


def build_pipeline(deps: Deps) -> Pipeline:
    """The standard pipeline; add hooks with :meth:`Pipeline.insert_after`."""
    return Pipeline([
        Step("normalise", normalise),
        Step("redact", redact_step),
        Step("safety", safety_step),
        Step("understand", understand(deps)),
        Step("retrieve", retrieve(deps)),
        Step("decide", decide_step(deps)),
        Step("compose", compose_step),
        Step("answer_focus", focus_step),
        Step("check_facts", check_facts(deps)),
        Step("render", render_step),
        Step("final_check", final_check(deps)),
        Step("misses", misses, always=True),
        Step("error_message", error_message, always=True),
    ])


