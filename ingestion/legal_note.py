"""Parse the compendium's source note "(Điều N <loại> số <số hiệu> …, có hiệu lực … kể từ ngày …)"."""

from __future__ import annotations

import re

from kb.legal.articles import DOC_TYPES, Amendment, SourceNote

_TYPES = "|".join(re.escape(t) for t in DOC_TYPES) + "|Bộ Luật"
DATE = r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"
# "01 /2018/TT-NHNN", "01/2021/TTLT-TANDTC-VKSNDTC- BCA-BQP", "50/2022/NĐ_CP", "66.7/2025/NQ-CP"
NUMBER = r"\d+(?:\.\d+)?[a-zđ]?(?:\s*[/\-–_]\s*[0-9A-Za-zĐđ&]+)+"
_HEAD = re.compile(
    rf"^Điều\s+(?P<art>\d+[a-zđ]?)\s+(?P<type>{_TYPES})\s+số\s+(?:(?:{_TYPES})\s+)?"
    rf"(?P<num>{NUMBER})"
    rf"(?P<rest>.*)$",
    re.S,
)
_HEAD_NO_WORD = re.compile(
    rf"^(?P<art>\d+[a-zđ]?)\s+(?P<type>{_TYPES})\s+số\s+(?P<num>{NUMBER})(?P<rest>.*)$", re.S
)
_EFFECTIVE = re.compile(rf",?\s*có hiệu lực(?: thi hành)? (?:kể )?từ ngày\s+{DATE}")
_ISSUED = re.compile(rf"\s+ngày\s+{DATE}(?:\s+của\s+(?P<issuer>[^,]+?))?\s*$")
_AMEND = re.compile(
    rf"^(?P<action>.*?)\s*bởi\s+(?P<arts>(?:(?:Khoản|khoản|Điểm|điểm)\s+\S+\s+)*Điều\s+.+?)\s+"
    rf"(?P<type>{_TYPES})\s+số\s+(?P<num>{NUMBER})(?P<rest>.*)$",
    re.S,
)
_AMEND_CONT = re.compile(
    rf"^(?P<arts>(?:(?:Khoản|khoản|Điểm|điểm)\s+\S+\s+)*Điều\s+.+?)\s+(?P<type>{_TYPES})\s+số\s+"
    rf"(?P<num>{NUMBER})(?P<rest>.*)$",
    re.S,
)


class NoteError(ValueError):
    """The note could not be read; ``reason`` is a short machine-friendly tag."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def iso(d: str, m: str, y: str) -> str:
    """``("1","7","2025")`` → ``"2025-07-01"``; "" when the date is impossible."""
    dd, mm = int(d), int(m)
    if not (1 <= dd <= 31 and 1 <= mm <= 12):
        return ""
    return f"{int(y):04d}-{mm:02d}-{dd:02d}"


def tidy_number(num: str) -> str:
    """Remove stray spaces and fix "_" in a number as published: "01 /2018/TT-NHNN" → "01/2018/TT-NHNN"."""
    n = re.sub(r"\s*([/\-–])\s*", r"\1", num.strip()).replace("_", "-").replace("–", "-")
    return n.strip("-/")


def _type(t: str) -> str:
    return "Bộ luật" if t == "Bộ Luật" else t


def _action(text: str) -> str:
    words = [a.strip() for a in re.split(r",\s*", text.replace("có nội dung", "")) if a.strip()]
    return ", ".join(words) or "được sửa đổi"


def parse_amendments(tail: str) -> tuple[tuple[Amendment, ...], tuple[str, ...]]:
    """Amendment notes and other remarks after the effective date.

    Remarks are statements on effect that name no amending text ("khoản 3 Điều này có hiệu lực
    thi hành từ ngày …", "có hiệu lực thi hành đến ngày …"). Raises :class:`NoteError` on leftovers.
    """
    tail = tail.strip().strip(",;*. ").strip()
    if not tail:
        return (), ()
    out: list[Amendment] = []
    remarks: list[str] = []
    action = ""
    for piece in re.split(r";\s*", tail):
        piece = piece.strip().strip(",*. ")
        if not piece:
            continue
        if " bởi " not in f" {piece} " and "hiệu lực" in piece and not _AMEND_CONT.match(piece):
            remarks.append(piece)
            continue
        m = _AMEND.match(piece)
        if m:
            action = _action(m.group("action"))
        else:
            m = _AMEND_CONT.match(piece) if action else None
            if not m:
                raise NoteError("amendment_unparsed")
        eff = _EFFECTIVE.search(m.group("rest"))
        arts = tuple(a.strip() for a in re.split(r",\s*|\s+và\s+", m.group("arts")) if a.strip())
        out.append(
            Amendment(
                action=action,
                articles=arts,
                document_type=_type(m.group("type")),
                document_number=tidy_number(m.group("num")),
                effective_date=iso(*eff.groups()) if eff else "",
            )
        )
    return tuple(out), tuple(remarks)


def parse_note(raw: str) -> SourceNote:
    """Parse one source note; raises :class:`NoteError` with the reason when it cannot."""
    s = " ".join(raw.split()).replace(" số liên tịch ", " liên tịch số ")
    s = s.strip().lstrip("(*").rstrip(")*. ").strip()
    m = _HEAD.match(s) or _HEAD_NO_WORD.match(s)
    if not m:
        raise NoteError("note_unrecognised")
    rest = m.group("rest")
    eff = _EFFECTIVE.search(rest)
    if not eff:
        raise NoteError("note_no_effective_date")
    head, tail = rest[: eff.start()], rest[eff.end() :]
    issued, issuer, title = "", "", head.strip(" ,")
    im = _ISSUED.search(head)
    if im:
        issued = iso(im.group(1), im.group(2), im.group(3))
        issuer = (im.group("issuer") or "").strip()
        title = head[: im.start()].strip(" ,")
    title = re.sub(r"^\(\d+\)\s*", "", title)
    amendments, remarks = parse_amendments(tail)
    dtype = _type(m.group("type"))
    return SourceNote(
        article=m.group("art"),
        document_type=dtype,
        document_number=tidy_number(m.group("num")),
        document_title=title,
        issued_date=issued,
        issuer=issuer,
        effective_date=iso(*eff.groups()),
        amendments=amendments,
        remarks=remarks,
        raw=" ".join(raw.split()),
    )
