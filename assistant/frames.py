"""Facet understanding in the answer pipeline: support by frame, ask about one facet.

The question's frame (:func:`kb.text.citizen.question_frame`) and each candidate name's frame
(:func:`kb.procedures.facets.name_frame`) are compared (the search itself re-ranks by frame:
:mod:`kb.search.understood`): a candidate whose object the citizen described in everyday
words counts as supported even when no word is shared, and when the best candidates differ on one
facet the citizen did not state, the clarifying question names that facet and offers 2–4 options.
"""

from __future__ import annotations

import re

from assistant.types import Candidate, Choice
from kb.procedures.facets import Frame, family_key, frame_query, name_frame, vocabulary
from kb.search.frames import MARKED_ACTIONS, MARKED_QUALIFIERS, covered, implied, unasked_qualifiers
from kb.text.analysis import content_tokens
from kb.text.normalize import fold

MAX_OPTIONS = 4


def fold_words(text: str) -> list[str]:
    """Accent-folded words of ``text``."""
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).split()


def described_markers(q: Frame) -> frozenset[str]:
    """The question's facets as :mod:`assistant.decide` variant markers ("sống ở Đức" → foreign)."""
    out = {"foreign"} if "foreign" in implied(q.qualifiers) else set()
    out |= q.actions & {"reissue", "exchange"}
    out |= q.qualifiers & {"under14"}
    return frozenset(out)


def supported(q: Frame, c: Candidate) -> bool:
    """The question describes the candidate's object (everyday or official words) and no variant clashes."""
    f = name_frame(c.name)
    if not (q.objects and f.objects & q.objects):
        return False
    if q.actions and f.actions and not q.actions & f.actions:
        return False
    return not unasked_qualifiers(q, f)


def fits(q: Frame, c: Candidate) -> bool:
    """The candidate carries no marked variant the question did not describe, and every one it did."""
    f = name_frame(c.name)
    if (unasked_qualifiers(q, f)
            or (q.qualifiers & MARKED_QUALIFIERS) - covered(f.qualifiers)):
        return False
    if f.actions & MARKED_ACTIONS and not (q.actions & f.actions):
        return False
    return not (q.objects and f.objects and not f.objects & q.objects)


_BOTH = re.compile(r"\b(?:va|voi|ca|lan|cung nhu|hay)\b")


def second_procedure(question: str, q: Frame, chosen: str, candidates: list[Candidate]) -> Candidate | None:
    """The other procedure of a question naming two ("đăng ký thường trú và tạm trú"): a candidate
    about an object the question names and the chosen procedure does not; None otherwise."""
    if len(q.objects) < 2 or not _BOTH.search(" ".join(fold_words(question))):
        return None
    first = next((c for c in candidates if c.code == chosen), None)
    if first is None:
        return None
    left = q.objects - name_frame(first.name).objects
    if not left or left == q.objects:
        return None
    for c in candidates[:5]:
        if c.code != chosen and name_frame(c.name).objects & left and family_key(c.name) != family_key(first.name):
            return c
    return None


NAMED_SHARE = 0.5


def named_enough(question: str, q: Frame, c: Candidate) -> bool:
    """The question (with its frame in official words) covers at least ``NAMED_SHARE`` of the
    candidate name's content words: the citizen all but named it, so it may be answered unasked."""
    name = set(content_tokens(c.name))
    if not name:
        return False
    said = set(content_tokens(question)) | set(content_tokens(frame_query(q)))
    return len(name & said) / len(name) >= NAMED_SHARE


def default_action(q: Frame, top: Candidate, pool: list[Candidate]) -> bool:
    """The question names no action and the best candidate is the ordinary first issue, while the
    others differ only by an action the citizen would have said (renew, change, end …): answer it."""
    if q.actions or name_frame(top.name).actions - {"issue"}:
        return False
    for c in pool:
        f = name_frame(c.name)
        if unasked_qualifiers(q, f) and c.code != top.code:
            return False  # a variant of the person or case: that is worth asking
    return True


def _unasked_variant(q: Frame, c: Candidate) -> bool:
    f = name_frame(c.name)
    return bool((f.actions & MARKED_ACTIONS) - q.actions or unasked_qualifiers(q, f))


def ordinary_case(q: Frame, top: Candidate, pool: list[Candidate]) -> bool:
    """The best candidate is the ordinary case and every other one a variant the citizen did not
    describe (lost, abroad, by a court's request …): who describes nothing special means the ordinary."""
    others = [c for c in pool if c.code != top.code]
    return bool(others) and not _unasked_variant(q, top) and all(_unasked_variant(q, c) for c in others)


WIDE_RATIO = 0.5  # an ordinary case scoring at least this share of a variant's score is preferred


def ordinary_instead(question: str, q: Frame, code: str, candidates: list[Candidate]) -> Candidate | None:
    """The ordinary case to answer instead of ``code`` when ``code`` is an action nobody asked for
    ("thẻ căn cước" is not "cấp lại thẻ căn cước": no action said, no word only its name has) and the
    ordinary case of the same paper scores close enough; None otherwise."""
    chosen = next((c for c in candidates if c.code == code), None)
    if chosen is None or q.actions or not q.objects or not name_frame(chosen.name).actions & MARKED_ACTIONS:
        return None
    said = set(content_tokens(question))
    for c in candidates[:8]:
        if (c.code != code and c.score >= chosen.score * WIDE_RATIO and supported(q, c)
                and not _unasked_variant(q, c) and fits(q, c)
                and not (set(content_tokens(chosen.name)) - set(content_tokens(c.name))) & said):
            return c
    return None


def same_family(pool: list[Candidate]) -> bool:
    """Every candidate is a copy of one procedure (level, province, ministry or channel notes aside)."""
    return len({family_key(c.name) for c in pool}) == 1


def facet_choices(q: Frame, pool: list[Candidate]) -> tuple[str, tuple[Choice, ...]]:
    """A question about the facets the best candidates differ on, with 2–4 options; ("", ()) if none.

    Candidates are grouped by the actions and marked qualifiers the question left open; each group is
    offered once (its best candidate), labelled with the facets' Vietnamese labels.
    """
    labels = vocabulary().labels
    groups: dict[tuple[str, ...], Candidate] = {}
    for c in pool:
        f = name_frame(c.name)
        key = tuple(sorted(f.actions - q.actions)) + tuple(sorted(unasked_qualifiers(q, f)))
        groups.setdefault(key, c)
    if not 2 <= len(groups) <= MAX_OPTIONS:
        return "", ()
    options = tuple(Choice(c.code, _option(labels, key, c)) for key, c in groups.items())
    parts = [_facet_label(labels, key) for key in groups]
    return "Anh/chị cần " + ", ".join(parts[:-1]) + " hay " + parts[-1] + "?", options


def _facet_label(labels: dict[str, str], key: tuple[str, ...]) -> str:
    return ", ".join(labels.get(k, k) for k in key) if key else "trường hợp thông thường"


def _option(labels: dict[str, str], key: tuple[str, ...], c: Candidate) -> str:
    return f"{_facet_label(labels, key)} — {c.name}"


# Words naming a kind of paper without saying which ("xin giấy phép", "cấp giấy chứng nhận").
GENERIC_PAPERS = ("giấy chứng nhận", "giấy phép", "chứng chỉ", "giấy xác nhận", "giấy tờ", "thẻ")
_VAGUE_FILLER = frozenset("xin cap lam thu tuc giay phep chung nhan chi xac the to can muon dang ky cho hoi "
                          "em anh chi toi minh a a oi nhe nao gi".split())


def vague_request(text: str, q: Frame) -> str:
    """"Anh/chị cần xin giấy phép gì? …" when the question names only a kind of paper; "" otherwise."""
    if q.objects:
        return ""
    folded = " ".join(fold_words(text))
    generic = next((g for g in GENERIC_PAPERS if f" {' '.join(fold_words(g))} " in f" {folded} "), "")
    if not generic or any(w not in _VAGUE_FILLER for w in fold_words(text)):
        return ""
    voc = vocabulary()
    examples = [c for c in voc.canonical.values() if c.startswith(generic) and c != generic][:3]
    tail = f" Ví dụ: {', '.join(examples)}." if examples else ""
    return f"Anh/chị cần {generic} gì ạ?{tail} Anh/chị nói rõ tên giấy tờ hoặc việc cần làm giúp em."



def settle(question: str, q: Frame, candidates: list[Candidate],
           choices: tuple[Choice, ...]) -> tuple[str, str, tuple[Choice, ...]]:
    """Between ``choices`` the ranking could not separate: ``(code, "", other cases)`` to answer the
    best candidate (copies of one procedure; or it fits every stated facet and is the ordinary case
    while the others are variants the citizen did not describe, or the citizen all but named it and
    the others differ only by what the citizen would have said), the other cases to be mentioned;
    else ``("", facet question, options)``; both are empty when the candidates differ on no facet
    (the caller lists them)."""
    pool = [c for c in candidates if c.code in {ch.code for ch in choices}]
    top = candidates[0]
    asked, options = facet_choices(q, pool)
    if same_family(pool) or (q and fits(q, top) and supported(q, top)
                             and (ordinary_case(q, top, pool) or named_enough(question, q, top)
                                  and (not options or default_action(q, top, pool)))):
        return top.code, "", tuple(o for o in options if o.code != top.code)
    return "", asked, options
