"""Old or new commune/ward named in a "where" question → the 2025 unit and agency (kb.units_resolve)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from assistant.aspects import topic_words
from assistant.pipeline import Context, Step
from assistant.types import UNITS_SECTION, Block
from kb.schema import LEVEL_LABELS, Procedure
from kb.store import KBError
from kb.text import fold, has_diacritics
from kb.units import DISTRICT_TYPES, PROVINCE_TYPES, WARD_TYPES, Match, NewUnit, Units, core
from kb.units_resolve import Resolver, agency_for

log = logging.getLogger(__name__)

UNITS_TITLE = "Nơi nộp theo đơn vị hành chính mới"
WHERE_ASPECTS = ("where", "overview")
# A unit type word followed by a name ("phường Hàng Bạc", "xa tan lap", "P. 3"), folded. Not "cấp xã",
# "UBND xã", "xã hội": those name an agency level or a word, not a place.
_TYPED = re.compile(
    r"(?<!cap )(?<!ubnd )(?<!nhan dan )\b(?:phuong|xa|thi tran|dac khu|quan|huyen|thi xa|tinh|"
    r"thanh pho|tp|p|q)\.?\s+(?!hoi\b|nao\b|minh\b|toi\b|do\b|nay\b|cu\b|moi\b)[0-9a-z]"
)
MIN_SCORE = 1.5  # a name right after its type word; a bare name (score 1) is too easily a common word
_TYPE_WORDS = {w for t in (*WARD_TYPES, *DISTRICT_TYPES, *PROVINCE_TYPES) for w in t.split()} | {
    "tp", "p", "q", "cu", "moi", "truoc", "day", "nay"}
LEVEL_ORDER = ("xa", "tinh", "trung_uong")
MAX_PLACES = 3  # more same-name units than this: ask for the district and province instead of listing


def open_resolver(kb_dir: Path) -> Resolver | None:
    """The ward resolver over the built unit map, or None when it is not built (skip silently)."""
    try:
        return Resolver(Units(kb_dir).load())
    except KBError as exc:
        log.info("ward resolution off: %s", exc)
        return None


# Accented spellings of the type words; a folded match written otherwise ("tình trạng", "quân sự",
# "quán ăn", "tính phí") is another word, so the costly fuzzy resolution is skipped.
_ACCENTED_TYPES = {"phường", "xã", "thị", "đặc", "quận", "huyện", "tỉnh", "thành", "tp", "p", "q"}
# Folded pairs that are common words, not places, when the question has no diacritics.
_NOT_PLACES = {("tinh", "trang"), ("tinh", "khac"), ("tinh", "phi"), ("tinh", "thue"), ("tinh", "tien"),
               ("tinh", "chat"), ("quan", "su"), ("quan", "ly"), ("quan", "he"), ("quan", "tam"),
               ("quan", "doi"), ("quan", "nhan"), ("quan", "an"), ("xa", "hoi")}


def _names_a_place(question: str, m: re.Match[str]) -> bool:
    """Whether a type-word match in the folded question really names a unit."""
    folded = fold(question)
    words = folded[m.start():].split()
    if len(words) >= 2 and (words[0].rstrip("."), words[1]) in _NOT_PLACES and not has_diacritics(question):
        return False
    if len(folded) != len(question) or not has_diacritics(question):
        return True  # cannot map back to the original spelling: keep the match
    original = question[m.start():].split()[0].lower().rstrip(".")
    return original in _ACCENTED_TYPES


def find_units(resolver: Resolver, question: str) -> tuple[Match, ...]:
    """The units a question names after a type word ("phường Hàng Bạc quận Hoàn Kiếm"), else ()."""
    if not any(_names_a_place(question, m) for m in _TYPED.finditer(fold(question))):
        return ()
    found = resolver.resolve(question)
    return tuple(found) if found and found[0].score >= MIN_SCORE else ()


def place_words(matches: tuple[Match, ...]) -> set[str]:
    """Folded words of every name involved (old unit, district, province, new units) and type words."""
    names = [n for m in matches for n in (m.name, m.district, m.province)]
    names += [n for m in matches for t in m.targets for n in (t.unit.name, t.unit.province)]
    words = {w for n in names if n for w in core(n, (*WARD_TYPES, *DISTRICT_TYPES, *PROVINCE_TYPES))[1].split()}
    return words | _TYPE_WORDS


def strip_place(question: str, matches: tuple[Match, ...]) -> str:
    """``question`` without runs of place words that contain a type word (what retrieval should not see)."""
    words = question.split()
    known = place_words(matches)
    folded = [" ".join(re.findall(r"[0-9a-z]+", fold(w))) for w in words]
    keep = [True] * len(words)
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and folded[j] and all(p in known for p in folded[j].split()):
            j += 1
        while j > i and folded[j - 1] == "thi":  # "… cũ thì …": "thì" is not "thị trấn/xã"
            j -= 1
        run = folded[i:j]
        if j - i >= 2 and any(w in _TYPE_WORDS - {"cu", "moi", "truoc", "day", "nay"} for w in run):
            keep[i:j] = [False] * (j - i)
        i = max(j, i + 1)
    return " ".join(w for w, k in zip(words, keep, strict=True) if k)


def units_understand_step(resolver: Resolver, get: Callable[[str], Procedure | None]) -> Step:
    """After ``understand``: note a named unit; keep the place out of retrieval; a bare follow-up
    ("tôi ở phường Hàng Bạc cũ") is about the session's procedure."""

    def step(ctx: Context) -> None:
        found = find_units(resolver, ctx.redacted)
        if not found:
            return
        ctx.units = found
        rest = strip_place(ctx.redacted, found)
        if ctx.procedure is not None:
            return
        ctx.redacted = rest
        if ctx.session.procedure_code and not topic_words(rest):
            ctx.procedure = get(ctx.session.procedure_code)
            ctx.follow_up = ctx.procedure is not None
            if ctx.aspect == "overview":
                ctx.aspect = "where"

    return Step("units_understand", step)


def procedure_level(p: Procedure) -> str:
    """The lowest level the record gives (xa before tinh before trung_uong), "" when none."""
    return next((lv for lv in LEVEL_ORDER if lv in p.levels), "")


def agency(unit: NewUnit, level: str, agencies: tuple[str, ...] = ()) -> str:
    """The agency for ``level`` in ``unit``; commune police when the record names the police."""
    if level == "xa" and any("cong an" in fold(a) for a in agencies):
        kind = unit.type if unit.type in ("phường", "xã", "đặc khu") else "xã"
        return f"Công an {unit.name[:1].lower()}{unit.name[1:]}" if kind != "đặc khu" else f"Công an {unit.name}"
    return agency_for(unit, level)


def unit_items(matches: tuple[Match, ...], level: str, agencies: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Short sentences (each fits one spoken fact) naming the new unit(s) from the official table and
    the agency for ``level``; a split unit lists one option per item, then asks which."""
    label = LEVEL_LABELS[level]
    if len(matches) == 1 and not matches[0].split:
        m, t = matches[0], matches[0].targets[0]
        old = f"{m.name} ({m.district}, {m.province})" if m.kind == "old" else m.name
        how = f"{t.how.lower()}" if m.kind == "old" else "đơn vị hiện hành"
        return (f"{old} nay thuộc {t.unit.name}, {t.unit.province}.",
                f"Cách sắp xếp: {how}; mã đơn vị mới {t.unit.code}.",
                f"Thủ tục {label} nộp tại {agency(t.unit, level, agencies)}.")
    if len(matches) > MAX_PLACES:
        names = "; ".join(dict.fromkeys(m.name for m in matches))
        return (f"Tên “{names}” ứng với {len(matches)} đơn vị ở các địa phương khác nhau; xin cho biết thêm "
                f"quận/huyện và tỉnh/thành phố cũ để xác định phường/xã mới và nơi nộp thủ tục {label}.",)
    opts = [f"{t.unit.name}, {t.unit.province} ({t.how.lower()})" for m in matches for t in m.targets]
    old = "; ".join(f"{m.name} ({', '.join(x for x in (m.district, m.province) if x)})" for m in matches)
    return (f"{old} nay thuộc một trong các đơn vị sau:", *opts,
            "Anh/chị cư trú ở phần thuộc đơn vị nào? Xin cho biết tên phường/xã mới để được hướng dẫn "
            f"nơi nộp thủ tục {label}.")


def units_answer_step() -> Step:
    """After ``compose``: for where/overview answers, a first block with the new unit and agency."""

    def step(ctx: Context) -> None:
        if not ctx.units or ctx.procedure is None or ctx.aspect not in WHERE_ASPECTS:
            return
        level = procedure_level(ctx.procedure)
        if level:
            items = unit_items(ctx.units, level, ctx.procedure.agencies)
            ctx.blocks = (Block("where", UNITS_TITLE, items, UNITS_SECTION), *ctx.blocks)

    return Step("units_answer", step)
