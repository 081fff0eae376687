"""Old or new commune/ward named in a "where" question → the 2025 unit and agency (kb.units.resolve)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from assistant.aspects import topic_words
from assistant.pipeline import Context, Step
from assistant.types import UNITS_SECTION, Block, UnitMemory
from kb.procedures.schema import LEVEL_LABELS, Procedure
from kb.text.normalize import fold, has_diacritics
from kb.units.resolve import Resolver, agency_for
from kb.units.table import (
    DISTRICT_TYPES,
    PROVINCE_TYPES,
    WARD_TYPES,
    Match,
    NewUnit,
    Target,
    core,
    normalize_query,
)

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
_CHOICE_WORDS = {"toi", "o", "phan", "thuoc", "a", "khu", "vuc", "nha", "minh", "em", "la"}  # "tôi ở phần thuộc …"
MAX_PLACES = 3  # more same-name units than this: ask for the district and province instead of listing


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


def remember(found: tuple[Match, ...]) -> UnitMemory:
    """What the session keeps after a turn naming ``found``: the one new unit, or the options offered."""
    codes = tuple(dict.fromkeys(t.unit.code for m in found for t in m.targets))
    key = found[0].key if len(found) == 1 and found[0].kind == "old" else ""
    if len(codes) == 1:
        return UnitMemory(key, codes[0])
    if len(found) > MAX_PLACES:  # the answer asks for the old district and province instead
        return UnitMemory()
    return UnitMemory(key, "", codes)


def recall(resolver: Resolver, memory: UnitMemory, code: str = "") -> Match | None:
    """The remembered unit as a match: the old unit seen through the part ``code`` (default: the
    chosen one), the old split unit with every option while none is chosen, or the new unit alone."""
    code = code or memory.code
    rows = resolver.old.get(memory.old_key, []) if memory.old_key else []
    picked = [r for r in rows if (r.new_code == code if code else r.new_code in memory.options)]
    units = resolver.units.units
    if picked and all(r.new_code in units for r in picked):
        r = picked[0]
        return Match("old", r.old_name or r.old_district, r.old_code, r.old_district, r.old_province,
                     tuple(Target(units[x.new_code], x.how) for x in picked), 0.0, memory.old_key)
    unit = units.get(code) if code else None
    return Match("new", unit.name, unit.code, "", unit.province, (Target(unit, "Đơn vị hiện hành"),), 0.0,
                 unit.code) if unit else None


def chosen_option(resolver: Resolver, memory: UnitMemory, found: tuple[Match, ...]) -> Match | None:
    """A current unit named ("tôi ở phường Hoàng Liệt mới") that is one of the pending split options."""
    codes = {m.code for m in found if m.kind == "new" and m.code in memory.options}
    return recall(resolver, memory, codes.pop()) if len(codes) == 1 else None


def pick_option(resolver: Resolver, question: str, memory: UnitMemory) -> tuple[str, set[str]]:
    """The pending option named without its type word ("Đại Thanh"), with the words naming it; ("", ∅)."""
    padded = f" {normalize_query(question)} "
    units = resolver.units.units
    named = {c: core(units[c].name, WARD_TYPES)[1] for c in memory.options if c in units}
    hits = [c for c, n in named.items() if n and not n.isdigit() and f" {n} " in padded]
    return (hits[0], set(named[hits[0]].split())) if len(hits) == 1 else ("", set())


def units_understand_step(resolver: Resolver, get: Callable[[str], Procedure | None]) -> Step:
    """After ``understand``: note a named unit and remember it in the session; keep the place out of
    retrieval; a bare follow-up ("tôi ở phường Hàng Bạc cũ", "Đại Thanh" after a split) is about the
    session's procedure; a later "làm ở đâu?" names the remembered unit again."""

    def step(ctx: Context) -> None:
        memory = ctx.session.unit
        found = find_units(resolver, ctx.redacted)
        if found:
            chosen = chosen_option(resolver, memory, found) if memory.options else None
            ctx.units = (chosen,) if chosen else found
            ctx.unit_memory = UnitMemory(memory.old_key, chosen.targets[0].unit.code) if chosen else remember(found)
            rest = strip_place(ctx.redacted, found)
        elif memory.options and (pick := pick_option(resolver, ctx.redacted, memory))[0]:
            code, words = pick
            m = recall(resolver, memory, code)
            if m is None:
                return
            ctx.units, ctx.unit_memory = (m,), UnitMemory(memory.old_key, code)
            rest = " ".join(w for w in ctx.redacted.split()
                            if not set(re.findall(r"[0-9a-z]+", fold(w))) <= words | _TYPE_WORDS | _CHOICE_WORDS)
        else:
            if ctx.aspect == "where" and (memory.code or memory.old_key):
                m = recall(resolver, memory)
                ctx.units = (m,) if m else ()
            return
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
        part = m.kind == "old" and "một phần" in t.how.lower()  # the citizen's chosen part of a split
        lead = f"Phần {old} nơi anh/chị cư trú" if part else old
        return (f"{lead} nay thuộc {t.unit.name}, {t.unit.province}.",
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
