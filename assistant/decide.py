"""Answer, clarify or abstain: pick the procedure or the variants the citizen must choose between."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from assistant.aspects import CUES, strip_cues
from assistant.types import Candidate, Choice
from kb.procedures.facets import name_frame
from kb.procedures.levels import LEVEL_MARKERS, LEVEL_NOTE, LEVELS
from kb.procedures.schema import LEVEL_LABELS
from kb.text.analysis import QUESTION_WORDS as STOPWORDS
from kb.text.analysis import content_tokens
from kb.text.analysis import tokenize as tokens
from kb.text.normalize import fold, has_diacritics, nfc
from kb.text.resources import stopwords

NEAR_RATIO = 0.85  # candidates scoring at least this share of the best one compete with it
WIDE_RATIO = 0.5  # a plain variant this close still beats variants whose markers were not asked for
MAX_CHOICES = 4

# Variant markers (accent-folded phrases); a candidate whose name carries a marker the
# question does not mention is a different case of the same service.
MARKERS: dict[str, tuple[str, ...]] = {
    "reissue": ("cap lai", "lam lai", "bi mat", "mat the", "hu hong", "bi hong"),
    "exchange": ("cap doi", "doi the", "doi giay", "doi bang", "het han", "thay doi thong tin"),
    "foreign": ("yeu to nuoc ngoai", "nguoi nuoc ngoai", "o nuoc ngoai", "nuoc ngoai"),
    "under14": ("duoi 14",),
    "over14": ("tu du 14", "tren 14", "tu 14", "du 14"),
    "mobile": ("luu dong",),
    "again": ("dang ky lai", "lai khai sinh", "lai ket hon", "lai khai tu"),
    **LEVEL_MARKERS,
    "police": ("cong an nhan dan", "quan doi"),
}
QUESTION = "Anh/chị đang hỏi về trường hợp nào dưới đây?"


def markers(text: str) -> frozenset[str]:
    """The variant markers mentioned in ``text``."""
    t = " " + re.sub(r"[^a-z0-9]+", " ", fold(text)) + " "
    found = frozenset(k for k, phrases in MARKERS.items() if any(f" {p} " in t for p in phrases))
    if len(found & LEVELS) > 1:  # "… tại cấp trung ương, cấp tỉnh, cấp xã": every level, no variant
        found -= LEVELS
    return found


@dataclass(frozen=True, slots=True)
class Decision:
    """Either one procedure code to answer, or choices to offer (never both)."""

    code: str = ""
    choices: tuple[Choice, ...] = ()
    other_levels: tuple[Choice, ...] = ()  # same procedure published at other levels


def _label(c: Candidate, same_name: bool) -> str:
    if not same_name or not c.levels:
        return c.name
    return f"{c.name} ({', '.join(LEVEL_LABELS.get(lv, lv) for lv in c.levels)})"


def decide(question: str, candidates: list[Candidate], described: frozenset[str] = frozenset(),
           objects: frozenset[str] = frozenset()) -> Decision:
    """Answer the best candidate unless several near-equal candidates are distinct variants.
    ``described``: variant markers the question describes without naming them; ``objects``: the
    papers and services it describes (both from its frame)."""
    top = candidates[0]
    near = [c for c in candidates[:8] if c.score >= top.score * NEAR_RATIO] if top.score > 0 else [top]
    asked = (markers(question) | described) - LEVELS
    common = frozenset.intersection(*(_variant(c) for c in near))  # shared: not distinguishing
    fitting = [c for c in near if _variant(c) - common <= asked]
    if not fitting and top.score > 0:
        # the plain form of the best name ("kết hôn" for "kết hôn có yếu tố nước ngoài") when the
        # question did not name the variant
        base = set(content_tokens(top.name))
        wide = [c for c in candidates[:8] if c.score >= top.score * WIDE_RATIO]
        plain = [c for c in wide if _variant(c) == asked and set(content_tokens(c.name)) <= base]
        if plain:
            fitting = [c for c in plain if c.score >= plain[0].score * NEAR_RATIO]
    carrying = [c for c in fitting if asked and asked <= _variant(c)]
    pool = _current_first(carrying or fitting or near)
    bases = {_base_name(c.name) for c in pool}
    if len(bases) == 1 and len({c.levels for c in pool}) > 1:
        # one procedure at several levels: answer the best (the engine ranks the citizen-nearest
        # level first) and name the others
        others = tuple(Choice(c.code, ", ".join(LEVEL_LABELS.get(lv, lv) for lv in c.levels))
                       for c in pool[1:] if c.levels != pool[0].levels)
        return Decision(code=pool[0].code, other_levels=others)
    if len(pool) == 1:
        return Decision(code=pool[0].code)
    names = {fold(c.name) for c in pool}
    levels = {c.levels for c in pool}
    if len(names) == 1 and len(levels) == 1:
        return Decision(code=pool[0].code)  # the same procedure published per province/agency
    exact = _named_in_question(question, pool, asked, objects) or _distinguished(question, pool, objects)
    if exact:
        return Decision(code=exact)
    if fitting and _only_extra_words(pool):
        return Decision(code=pool[0].code)
    seen: set[tuple[str, tuple[str, ...]]] = set()
    choices: list[Choice] = []
    for c in pool:
        key = (fold(c.name), c.levels)
        if key in seen:
            continue
        seen.add(key)
        same = sum(1 for o in pool if fold(o.name) == fold(c.name)) > 1
        choices.append(Choice(c.code, _label(c, same)))
        if len(choices) == MAX_CHOICES:
            break
    return Decision(choices=tuple(choices)) if len(choices) > 1 else Decision(code=pool[0].code)


def _current_first(pool: list[Candidate]) -> list[Candidate]:
    """Copies named for the district level ("… (thực hiện tại cấp huyện)", gone since 1 July 2025)
    after a copy of the same procedure that is not (stable otherwise)."""
    def stale(c: Candidate) -> bool:
        return " cap huyen" in f" {fold(c.name)}" and any(
            o is not c and _base_name(o.name) == _base_name(c.name) and " cap huyen" not in f" {fold(o.name)}"
            for o in pool)

    return sorted(pool, key=stale)


def _only_extra_words(pool: list[Candidate]) -> bool:
    """True when the best candidate's name is contained in every other one (others are narrower)."""
    base = fold(pool[0].name).removeprefix("thu tuc ").strip(" .")
    return all(base in fold(c.name) for c in pool[1:])


def _base_name(name: str) -> str:
    """Folded name without a level note in brackets or the leading "thủ tục"."""
    base = LEVEL_NOTE.sub(" ", fold(name)).removeprefix("thu tuc ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", base).split())


def _variant(c: Candidate) -> frozenset[str]:
    """Variant markers of a candidate's name, levels aside (same-name level copies are compared
    by name below)."""
    found = markers(c.name) - LEVELS
    if "reissue" in found and {"issue", "reissue"} <= name_frame(c.name).actions:
        found -= {"reissue"}  # "Cấp, cấp lại …" covers the first issue too
    return found


def _named_in_question(question: str, pool: list[Candidate], asked: frozenset[str],
                       objects: frozenset[str] = frozenset()) -> str:
    """The candidate whose whole name the question spells out (the longest such name), or "";
    it must carry every variant the question names ("cấp lại" is not plain "cấp") and no other
    candidate may name more of what the question describes ("khai sinh" spelt out, "ghi tên bố"
    described: "khai sinh kết hợp nhận cha, mẹ, con")."""
    q = set(content_tokens(question))
    best, size = None, 0
    for c in pool:
        words = set(content_tokens(c.name)) - {"thu", "tuc"}
        if words and words <= q and asked <= _variant(c) and len(words) > size:
            best, size = c, len(words)
    if best is None or any(_names_more(o, best, objects) for o in pool):
        return ""
    return best.code


def _names_more(other: Candidate, chosen: Candidate, objects: frozenset[str]) -> bool:
    """``other``'s name names something the question describes that ``chosen``'s does not."""
    return bool((name_frame(other.name).objects - name_frame(chosen.name).objects) & objects)


_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6"}
# Words that tell nothing apart: question words ("không" aside: "không phải đánh giá rủi ro" is not
# "phải đánh giá rủi ro"), "Việt Nam", and "cấp" (an issue, or a level).
_SIGNAL = frozenset(STOPWORDS - {"khong"}) | {"viet", "nam", "cap"}


def _words(text: str) -> frozenset[str]:
    """Folded words, Roman numerals as digits ("loại III" is "loại 3"), "thủ tục" aside."""
    return frozenset(_ROMAN.get(w, w) for w in re.sub(r"[^a-z0-9]+", " ", fold(text)).split()) - {"thu", "tuc"}


def _distinguished(question: str, pool: list[Candidate], objects: frozenset[str] = frozenset()) -> str:
    """The candidate the question tells apart from every other: it says at least a third of the words
    only that name has (and none only another has), or none of the words the others add; "" otherwise."""
    q = _words(question)
    names = {c.code: _words(c.name) for c in pool}
    found = []
    for c in pool:
        ok = True
        for o in pool:
            if names[o.code] == names[c.code]:
                continue
            mine, theirs = names[c.code] - names[o.code], names[o.code] - names[c.code]
            said_mine = (mine & q) - _SIGNAL
            if not mine and _names_more(o, c, objects):
                ok = False  # the other's extra words name something the question describes in its own words
                break
            if mine and (not said_mine or len(said_mine) < len(mine - _SIGNAL) / 3) or theirs & q - _SIGNAL:
                ok = False
                break
        if ok:
            found.append(c.code)
    return found[0] if len(found) == 1 and len({names[c.code] for c in pool}) > 1 else ""


# Two-word phrases found in so many names that sharing them shows nothing.
GENERIC_PAIRS = frozenset({("viet", "nam"), ("thu", "tuc"), ("hanh", "chinh"), ("cong", "dan")})
GENERIC_WORDS = frozenset({"viet", "nam", "thu", "tuc"})


_ACCENTED_STOP = frozenset(
    "à ạ ai anh bao bị cho chị có của cần để đi đâu được em gì hay hỏi không là làm mà mình muốn mấy"
    " nào này nhé những như ở phải ra rồi sao thế thì tôi vậy với về vì".split())


@cache
def accented_stopwords() -> frozenset[str]:
    """Exact (accented) question words: ours plus kb.text's single-word stopwords."""
    return _ACCENTED_STOP | frozenset(w for w in stopwords() if "_" not in w)


@lru_cache(maxsize=8192)  # procedure names recur in every question's candidates
def _words_and_pairs(text: str, accented: bool) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    if accented:
        toks = re.findall(r"\w+", nfc(text).lower())
        stop = accented_stopwords()
        keep = [t not in stop for t in toks]
    else:
        toks = tokens(text)
        keep = [t not in STOPWORDS for t in toks]
    pairs = frozenset((a, b) for a, ka, b, kb in zip(toks, keep, toks[1:], keep[1:], strict=False)
                      if ka and kb and (fold(a), fold(b)) not in GENERIC_PAIRS)
    return frozenset(t for t, k in zip(toks, keep, strict=True) if k and fold(t) not in GENERIC_WORDS), pairs


@cache
def _cue_tokens() -> frozenset[str]:
    return frozenset(tokens(" ".join(p for _, ps in CUES for p in ps)))


def relevant(question: str, c: Candidate) -> bool:
    """The citizen's own words support the candidate: a shared two-word phrase, or half the words.

    Guards against engine matches that come only from query expansion or chance (a joke request
    expanded to a marriage procedure through a colloquial-lexicon false friend).
    """
    accented = has_diacritics(question)  # then "đội tuyển" is not "đối … tuyến"
    words, pairs = _words_and_pairs(question if accented else strip_cues(question), accented)
    if accented:
        cues = _cue_tokens()
        words = frozenset(w for w in words if fold(w) not in cues)
    if not words:
        return False
    cw, cp = _words_and_pairs(c.name, accented)
    return bool(pairs & cp) or len(words & cw) / len(words) >= 0.5


def shares_phrase(question: str, c: Candidate) -> bool:
    """The question and the candidate's name share a two-word phrase (not just single words)."""
    accented = has_diacritics(question)
    _, pairs = _words_and_pairs(question if accented else strip_cues(question), accented)
    return bool(pairs & _words_and_pairs(c.name, accented)[1])


def pick_choice(answer: str, choices: tuple[Choice, ...]) -> str:
    """The code the citizen picked ("1", "số 2", a code, or words of a label); "" when unclear."""
    t = fold(answer).strip()
    m = re.fullmatch(r"(?:so |chon |lua chon |phuong an |truong hop )?(\d)\.?", t)
    if m and 1 <= int(m.group(1)) <= len(choices):
        return choices[int(m.group(1)) - 1].code
    for c in choices:
        if c.code in answer:
            return c.code
    for c in choices:
        if fold(c.label) == t:
            return c.code
    return ""
