"""Records of the legal compendium (Bộ pháp điển): articles, clauses, source notes, amendments."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from kb.text.normalize import fold

LEGAL_SCHEMA_VERSION = 1

# Document types as written in source notes, longest first so "Thông tư liên tịch" wins.
DOC_TYPES: tuple[str, ...] = (
    "Thông tư liên tịch",
    "Nghị quyết liên tịch",
    "Bộ luật",
    "Luật",
    "Nghị định",
    "Thông tư",
    "Quyết định",
    "Pháp lệnh",
    "Nghị quyết",
    "Chỉ thị",
    "Sắc lệnh",
    "Lệnh",
)


@dataclass(frozen=True, slots=True)
class Amendment:
    """A later text that changed the article ("được sửa đổi, bổ sung bởi …", "bị bãi bỏ bởi …")."""

    action: str  # as written: "được sửa đổi", "được bổ sung", "bị bãi bỏ", …
    articles: tuple[str, ...]  # articles of the amending text ("Điều 1", …)
    document_type: str
    document_number: str
    effective_date: str  # ISO date or ""


@dataclass(frozen=True, slots=True)
class SourceNote:
    """The compendium's note naming the original text an article comes from."""

    article: str  # original article number ("1", "9a")
    document_type: str  # Luật, Nghị định, Thông tư, …
    document_number: str  # as published, spaces tidied ("123/2015/NĐ-CP")
    document_title: str  # "" when the note gives none
    issued_date: str  # ISO date or ""
    issuer: str  # "Chính phủ", "Quốc hội", … or ""
    effective_date: str  # ISO date or ""
    amendments: tuple[Amendment, ...] = ()
    remarks: tuple[str, ...] = ()  # other statements on effect ("… có hiệu lực thi hành đến ngày …")
    raw: str = ""

    @property
    def citation(self) -> str:
        """Original-form citation: "Điều 1 Nghị định 123/2015/NĐ-CP"."""
        return f"Điều {self.article} {self.document_type} {self.document_number}"


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause (khoản "1.") with its points (điểm "a)"); number "" for the article's lead text."""

    number: str
    text: str
    points: tuple[tuple[str, str], ...] = ()  # (letter, text)


@dataclass(frozen=True, slots=True)
class LegalArticle:
    """One article of the compendium, with where it sits and where it comes from."""

    code: str  # compendium code "1.11.LQ.1"
    title: str
    topic: str  # topic title ("An ninh mạng")
    topic_path: str  # source path of the topic file
    chapter_path: tuple[str, ...]  # ("Chương I NHỮNG QUY ĐỊNH CHUNG", "Mục 1 …")
    text: str
    clauses: tuple[Clause, ...]
    note: SourceNote | None
    problems: tuple[str, ...] = ()  # parse failures; empty = parsed fully

    @property
    def citation(self) -> str:
        """Original-form citation, or "" when the source note could not be read."""
        return self.note.citation if self.note and not _incomplete(self.note) else ""

    @property
    def parsed_fully(self) -> bool:
        """True when heading, text and source note were all understood."""
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON form."""
        d = asdict(self)
        d["citation"] = self.citation
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LegalArticle:
        """Inverse of :meth:`to_dict`."""
        note = d.get("note")
        return cls(
            code=d["code"],
            title=d["title"],
            topic=d["topic"],
            topic_path=d["topic_path"],
            chapter_path=tuple(d["chapter_path"]),
            text=d["text"],
            clauses=tuple(
                Clause(c["number"], c["text"], tuple((p[0], p[1]) for p in c["points"])) for c in d["clauses"]
            ),
            note=None
            if note is None
            else SourceNote(
                **{
                    **note,
                    "remarks": tuple(note.get("remarks", ())),
                    "amendments": tuple(
                        Amendment(**{**a, "articles": tuple(a["articles"])}) for a in note["amendments"]
                    ),
                }
            ),
            problems=tuple(d.get("problems", ())),
        )


def _incomplete(n: SourceNote) -> bool:
    return not (n.article and n.document_type and n.document_number)


_KEY_JUNK = re.compile(r"[\s_.]+")
_LEAD_ZERO = re.compile(r"^0+(?=\d)")


def number_key(number: str) -> str:
    """Canonical key of a document number: case, spaces, Đ/D, "_"/"-" and leading zeros ignored.

    ``"104/2022/NĐ-CP"``, ``"104/2022/nd-cp"``, ``"104 / 2022 / ND_CP"`` all give ``"104/2022/ND-CP"``.
    Dots stay only between digits ("66.7/2025/NQ-CP").
    """
    t = fold(number).upper().replace("–", "-").replace("_", "-")
    t = re.sub(r"(?<=\d)\.(?=\d)", "§", t)
    t = _KEY_JUNK.sub("", t).replace("§", ".")
    parts = t.split("/")
    parts[0] = _LEAD_ZERO.sub("", parts[0])
    if len(parts) > 3 and re.fullmatch(r"\d{4}", parts[1]):  # "198/2016/TT/BTC" → "198/2016/TT-BTC"
        parts = [*parts[:2], "-".join(parts[2:])]
    return "/".join(parts).strip("/-")


NUMBER_RE = re.compile(r"(?<![\w/])\d+(?:\.\d+)?[a-zA-Z]?(?:\s?[/\-–_]\s?[0-9A-Za-zĐđ&]+)+")


def find_numbers(text: str) -> list[str]:
    """Document numbers mentioned in free text ("… Nghị định số 123/2015/NĐ-CP …"), dates excluded."""
    return [m.group(0) for m in NUMBER_RE.finditer(text) if re.search(r"[A-Za-zĐđ]", m.group(0))]
