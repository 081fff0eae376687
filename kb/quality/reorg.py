"""The 2025 reorganisation table (``kb/data/reorg_2025.tsv``) and where a text names a body that no longer exists.

A mention inside a legal citation ("Thông tư số 41/2024/TT-BGTVT … của Bộ Giao thông vận tải", "mẫu ban
hành kèm theo …") names the issuer of an older text, not the body that handles the procedure; a mention the
record already marks as old ("… cũ", "… (nay là …)"): both are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kb.text.normalize import nfc

TABLE = "reorg_2025.tsv"
QUOTE_CHARS = 70  # context each side of a mention in the quoted evidence
# A legal citation running up to the mention, within the same clause.
_CITATION = re.compile(
    r"(?:\b(?:Luật|Bộ luật|Nghị định|Thông tư|Quyết định|Nghị quyết|Chỉ thị|Pháp lệnh|Công văn)(?: liên tịch)?"
    r"(?: số)?\s*\d+[^\n;:]{0,160}|\bban hành kèm theo[^\n;:]{0,160}"
    r"|\b(?:Thông tư|Nghị định|Quyết định)\b[^\n;:.]{0,120}\bcủa(?: Bộ trưởng)?)$",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[.;:](?=\s|$)")  # line breaks in the data are mostly wraps, not clause ends
# The body named as the author of a regulation or form ("theo mẫu của Bộ …", "theo quy định của Bộ …").
_AUTHOR = re.compile(r"\b(?:mẫu(?: số [\w.]+)?|theo quy định|quy định)\s+(?:của|do)\s+(?:Bộ trưởng\s+)?$",
                     re.IGNORECASE)
# The clause turns out to be the title of a cited text ("… của Bộ X) (sau đây gọi tắt là Thông tư số …").
_TITLE_AFTER = re.compile(r"^[^.;\n]{0,80}\(sau đây gọi(?: tắt)? là (?:Thông tư|Nghị định|Quyết định|Luật)",
                          re.IGNORECASE)
# "cấp huyện" as a tier of facilities or plans, an award level, or a past state: not a body to go to now.
_DISTRICT_TIER_BEFORE = re.compile(
    r"(?:bệnh viện|trung tâm y tế|(?:cơ sở|cơ quan) (?:y tế|khám bệnh)|quy hoạch|khen thưởng|danh hiệu|giỏi)"
    r"[^.;]{0,50}$",
    re.IGNORECASE)
_DISTRICT_TIER_AFTER = re.compile(r"^[^.;]{0,60}\btrước ngày 0?1[/ -](?:tháng )?0?7"
                                  r"|^[^.;]{0,40}\btại thời điểm",
                                  re.IGNORECASE)
_PAST = re.compile(r"\btại thời điểm[^.;]{0,60}$", re.IGNORECASE)
# The record already says the body is the old one ("Bộ Giao thông vận tải cũ", "… (nay là Bộ Nội vụ)").
_ALREADY_NOTED = re.compile(r"^\W{0,3}(?:cũ\b|\(?\s*nay là\b|\(?\s*trước đây\b)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Body:
    """One row of the table: a body that no longer exists, what handles its tasks now, and the basis."""

    kind: str  # district, ministry, general_department
    pattern: re.Pattern[str]
    old: str
    now: str
    basis: str  # document number ("" when the table gives only a description)
    basis_title: str


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a text names a :class:`Body`, with the quoted context."""

    body: Body
    phrase: str
    start: int
    quote: str


@lru_cache(maxsize=1)
def load_table() -> tuple[Body, ...]:
    """The rows of ``kb/data/reorg_2025.tsv`` (comment and header lines skipped)."""
    text = resources.files("kb.data").joinpath(TABLE).read_text(encoding="utf-8")
    rows: list[Body] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("kind\t"):
            continue
        kind, pattern, old, now, basis, title = line.split("\t")
        rows.append(Body(kind, re.compile(pattern, re.IGNORECASE), old, now, basis, title))
    return tuple(rows)


def in_citation(text: str, start: int, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` lies inside a legal citation, or names the author of a regulation or form."""
    if _AUTHOR.search(text[max(0, start - 40):start]):
        return True
    if end is not None and _TITLE_AFTER.match(text[end:end + 160]):
        return True
    before = " ".join(text[max(0, start - 220):start].split())
    ends = list(_CLAUSE_END.finditer(before))
    if ends:
        before = before[ends[-1].end():]
    return bool(_CITATION.search(before.rstrip()))


def _district_tier(text: str, start: int, end: int) -> bool:
    """"cấp huyện" naming a facility tier, a plan level, an award, or a state before 1/7/2025."""
    before = " ".join(text[max(0, start - 80):start].split())
    return bool(_DISTRICT_TIER_BEFORE.search(before) or _PAST.search(before)
                or _DISTRICT_TIER_AFTER.match(text[end:end + 80]))


def quote(text: str, start: int, end: int, chars: int = QUOTE_CHARS) -> str:
    """The mention with up to ``chars`` characters of context each side, on one line."""
    a, b = max(0, start - chars), min(len(text), end + chars)
    s = " ".join(text[a:b].split())
    return ("…" if a > 0 else "") + s + ("…" if b < len(text) else "")


def mentions(text: str, kinds: tuple[str, ...] = ("district", "ministry", "general_department")) -> list[Mention]:
    """Every body of the table that ``text`` names outside a legal citation (one per body and position)."""
    text = nfc(text)
    out: list[Mention] = []
    seen: set[int] = set()
    for body in load_table():
        if body.kind not in kinds:
            continue
        for m in body.pattern.finditer(text):
            if m.start() in seen or in_citation(text, m.start(), m.end()):
                continue
            if _ALREADY_NOTED.match(text[m.end():m.end() + 20]):
                continue
            if body.kind == "district" and _district_tier(text, m.start(), m.end()):
                continue
            seen.add(m.start())
            out.append(Mention(body, m.group(0), m.start(), quote(text, m.start(), m.end())))
    return sorted(out, key=lambda x: x.start)


def warning(body: Body, basis_known: bool = True) -> str:
    """The Vietnamese warning the assistant adds (official text kept; this says who handles it now)."""
    basis = f"{body.basis_title} ({body.basis})" if body.basis and basis_known else body.basis_title
    return (f"Lưu ý: thông tin của thủ tục còn nêu “{body.old}”, cơ quan này không còn sau sắp xếp bộ máy"
            f" năm 2025; theo bảng sắp xếp, nay là {body.now} (căn cứ: {basis}).")
