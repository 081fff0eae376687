"""Procedure families and facets: what a procedure name says it does (action), to what (object), for whom.

A name such as "Cấp lại thẻ căn cước (thực hiện tại cấp tỉnh)" is parsed into a :class:`Frame` —
action ``reissue``, object ``id_card``, qualifiers ``{}`` — and a family key that is the same for every
copy of the procedure published at another level, province, ministry or submission channel. The same
frame is derived from a citizen's question by :mod:`kb.text.citizen`, so both sides can be compared.
Vocabulary lives in ``kb/data/frames_vi.tsv``; manual corrections of parsed names in
``kb/data/facet_overrides.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from kb.text.normalize import fold, nfc
from kb.text.tones import canonical_tones

FRAMES_FILE = "frames_vi.tsv"
OVERRIDES_FILE = "facet_overrides.tsv"
KINDS = ("action", "object", "qualifier")

# Level, channel and issuing-body notes that differ between copies of one procedure (folded text).
_COPY_NOTES = (
    re.compile(r"\((?:[^()]*\b(?:cap|tai|thuc hien|bo|cuc|so|tinh|trung uong)\b[^()]*)\)"),
    re.compile(r"\b(?:thuc hien )?(?:tai|o) cap (?:xa|huyen|tinh|trung uong|bo)\b.*$"),
    re.compile(r"\bthuc hien (?:bang|qua|tren) dich vu cong truc tuyen.*$"),
    re.compile(r"\b(?:truc tuyen )?(?:toan trinh|mot phan)$"),
    re.compile(r"\bthuoc tham quyen (?:giai quyet )?cua .*$"),
    re.compile(r"\bcap (?:xa|huyen|tinh|trung uong)$"),
)


@dataclass(frozen=True, slots=True)
class Frame:
    """Facets of a procedure name or of a question; empty sets mean "not said"."""

    actions: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    qualifiers: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.actions or self.objects or self.qualifiers)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Folded phrases per facet value, split into the official (name) side and the citizen side."""

    official: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    citizen: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    official_acc: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # same, accented
    citizen_acc: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # value -> Vietnamese label for questions
    needs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # citizen phrase -> context words
    canonical: dict[str, str] = field(default_factory=dict)  # value -> its first official phrase, accented


_COMPOUNDS = ((" sua doi ", " suadoi "), (" thay doi ", " thaydoi "), (" bien doi ", " biendoi "),
              (" sửa đổi ", " sửađổi "), (" thay đổi ", " thayđổi "), (" biến đổi ", " biếnđổi "))


def _padded(text: str, accents: bool = False) -> str:
    """Words between single spaces, folded (no diacritics) or, with ``accents``, lower case with tone
    marks placed canonically; "sửa đổi"/"thay đổi" are kept apart from "đổi" (exchange)."""
    if accents:
        t = " " + " ".join(re.sub(r"[\W_]+", " ", canonical_tones(nfc(text).lower())).split()) + " "
    else:
        t = " " + " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split()) + " "
    for a, b in _COMPOUNDS:
        t = t.replace(a, b)
    return t


def parse_vocabulary(text: str) -> Vocabulary:
    """Read the TSV: kind, value, side (official|citizen|both), phrases (|), optional label and context."""
    voc = Vocabulary()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 4 or cols[0] not in KINDS or cols[2] not in ("official", "citizen", "both"):
            raise ValueError(f"{FRAMES_FILE}:{n}: expected kind, value, side, phrases[, label[, context]]")
        kind, value, side, phrases = cols[:4]
        folded = tuple(_padded(p).strip() for p in phrases.split("|") if p.strip())
        accented = tuple(_padded(p, accents=True).strip() for p in phrases.split("|") if p.strip())
        sides = ("official", "citizen") if side == "both" else (side,)
        if "official" in sides:
            voc.canonical.setdefault(value, phrases.split("|")[0].strip())
        for s in sides:
            for table, ps in ((voc.official if s == "official" else voc.citizen, folded),
                              (voc.official_acc if s == "official" else voc.citizen_acc, accented)):
                table.setdefault(kind, {})[value] = table.get(kind, {}).get(value, ()) + ps
        if len(cols) > 4 and cols[4].strip():
            voc.labels[value] = cols[4].strip()
        if len(cols) > 5 and cols[5].strip():
            for p in folded:
                voc.needs[p] = tuple(_padded(w).strip() for w in cols[5].split("|") if w.strip())
    return voc


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The packaged vocabulary (read once; immutable afterwards)."""
    return parse_vocabulary(resources.files("kb.data").joinpath(FRAMES_FILE).read_text(encoding="utf-8"))


def match_values(padded: str, table: dict[str, tuple[str, ...]],
                 needs: dict[str, tuple[str, ...]] | None = None) -> frozenset[str]:
    """Values whose phrases occur at word boundaries of ``padded`` (a :func:`_padded` text)."""
    found = set()
    for value, phrases in table.items():
        for p in phrases:
            if f" {p} " not in padded:
                continue
            ctx = (needs or {}).get(p)
            if ctx and not any(f" {w} " in padded for w in ctx):
                continue
            found.add(value)
            break
    return frozenset(found)


def family_key(name: str) -> str:
    """Folded name without "thủ tục", level/channel/body notes and punctuation: one key per family."""
    t = " ".join(re.sub(r"[^a-z0-9()]+", " ", fold(name)).split())
    t = re.sub(r"^thu tuc\s*", "", t)
    for pat in _COPY_NOTES:
        t = pat.sub(" ", t)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", t).split())


@lru_cache(maxsize=1)
def overrides() -> dict[str, Frame]:
    """Manual corrections: family key -> frame (for names the parser reads wrongly)."""
    out: dict[str, Frame] = {}
    text = resources.files("kb.data").joinpath(OVERRIDES_FILE).read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 4:
            raise ValueError(f"{OVERRIDES_FILE}:{n}: expected family key, actions, objects, qualifiers")
        sets = [frozenset(v for v in c.split("|") if v) for c in cols[1:]]
        out[family_key(cols[0])] = Frame(*sets)
    return out


def frame_query(frame: Frame) -> str:
    """The official wording of a frame ("cấp lại giấy chứng nhận quyền sử dụng đất"), for a second search."""
    voc = vocabulary()
    words = [voc.canonical[v] for kind in (frame.actions, frame.objects, frame.qualifiers)
             for v in sorted(kind) if v in voc.canonical]
    return " ".join(words)


_EVERYONE = re.compile(r"công dân việt nam\s*,\s*người nước ngoài")  # a list of who may apply
_ISSUE_AND_REISSUE = re.compile(r" cấp (?:mới )?(?:(?:và|hoặc) )?cấp lại ")


@lru_cache(maxsize=16384)
def name_frame(name: str) -> Frame:
    """The facets a procedure name states (official phrases only), with manual overrides applied."""
    fixed = overrides().get(family_key(name))
    if fixed is not None:
        return fixed
    voc = vocabulary()
    padded = _padded(name, accents=True)
    lead = " " + " ".join(re.sub(r"^thủ tục\s*", "", padded.strip()).split()[:4]) + " "
    actions = match_values(lead, voc.official_acc.get("action", {}))
    if not actions and lead.startswith(" cấp ") and not lead.startswith((" cấp phép ", " cập nhật ")):
        actions = frozenset({"issue"})  # "Cấp giấy …", "Cấp thẻ …": first issue unless it says otherwise
    elif "reissue" in actions and _ISSUE_AND_REISSUE.match(lead):
        actions |= {"issue"}  # "Cấp, cấp lại …", "Cấp mới và cấp lại …": both, not a re-issue variant
    quals = match_values(padded, voc.official_acc.get("qualifier", {}))
    if " công dân việt nam " in padded and "foreigner" in quals:
        quals -= {"foreigner"}  # "cho công dân Việt Nam, người nước ngoài …": for both, not a variant
        if _EVERYONE.search(name.lower()):
            quals -= {"abroad"}  # "… người nước ngoài đang cư trú tại Việt Nam, người Việt Nam ở nước ngoài"
    return Frame(actions, match_values(padded, voc.official_acc.get("object", {})), quals)
