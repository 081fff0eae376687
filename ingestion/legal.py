"""Parse one compendium topic (markdown) into articles with chapter path, clauses and source note."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ingestion.legal_note import NoteError, parse_note
from kb.legal.articles import Clause, LegalArticle
from kb.text.normalize import clean

PARSER_VERSION = 1

CODE = r"\d+\.\d+\.[A-ZĐ]+\.\d+(?:\.\d+)*"
_ARTICLE = re.compile(rf"^Điều ({CODE})\.\s*(.*)$")
_GLUED_ARTICLE = re.compile(rf"(?<=[^\s(;,])(?=Điều {CODE}\.\s)")
_GLUED_HEADING = re.compile(r"(?<=[.;:])(?=(?:Chương|Mục|Phần) [IVXLCDM\d]+\s*$)", re.M)
_HEADING = re.compile(
    r"^(Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Tiểu mục)\s+(thứ\s+\S+|[\dIVXLCDM]+[a-z]?)\.?\s*(.*)$"
)
_LEVELS = {"phần": 0, "chương": 1, "mục": 2, "tiểu mục": 3}
_CLAUSE = re.compile(r"^(\d{1,3})\.\s*(\S.*)$")
_POINT = re.compile(r"^([a-zđ])\)\s*(.*)$")
_RELATED = "(Điều này có nội dung liên quan đến"
_FRONT_TITLE = re.compile(r'^title:\s*"?(.*?)"?\s*$', re.M)
_EMPH = re.compile(r"\*+")


def topic_title(markdown: str) -> str:
    """The topic's title from the front matter (or its first "# " heading)."""
    m = _FRONT_TITLE.search(markdown[:2000])
    if m:
        return m.group(1).strip()
    h = re.search(r"^# (.+)$", markdown, re.M)
    return h.group(1).strip() if h else ""


def body_of(markdown: str) -> str:
    """The articles part of a topic: after "## VĂN BẢN", before the article index."""
    start = markdown.find("## VĂN BẢN")
    body = markdown[start:] if start >= 0 else markdown
    end = body.find("## Danh sách điều khoản")
    body = body[:end] if end >= 0 else body
    body = _GLUED_ARTICLE.sub("\n", body)
    return _GLUED_HEADING.sub("\n", body)


def strip_related(text: str) -> str:
    """Remove "(Điều này có nội dung liên quan đến …)" cross-reference notes (balanced parentheses)."""
    out: list[str] = []
    i = 0
    while (j := text.find(_RELATED, i)) >= 0:
        out.append(text[i:j])
        depth, k = 0, j
        while k < len(text):
            if text[k] == "(":
                depth += 1
            elif text[k] == ")":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        i = k + 1
    out.append(text[i:])
    return "".join(out)


def split_clauses(lines: list[str]) -> tuple[Clause, ...]:
    """Group article lines into clauses ("1.") and points ("a)"); lead text gets number ""."""
    clauses: list[tuple[str, list[str], list[tuple[str, list[str]]]]] = []
    for ln in lines:
        cm, pm = _CLAUSE.match(ln), _POINT.match(ln)
        if cm:
            clauses.append((cm.group(1), [cm.group(2)], []))
        elif pm and clauses and (clauses[-1][0] or clauses[-1][2] or len(clauses) == 1):
            clauses[-1][2].append((pm.group(1), [pm.group(2)]))
        elif pm and not clauses:
            clauses.append(("", [], [(pm.group(1), [pm.group(2)])]))
        elif not clauses:
            clauses.append(("", [ln], []))
        elif clauses[-1][2]:
            clauses[-1][2][-1][1].append(ln)
        else:
            clauses[-1][1].append(ln)
    return tuple(Clause(n, "\n".join(t), tuple((p, "\n".join(pt)) for p, pt in pts)) for n, t, pts in clauses)


def _is_heading(lines: list[str], i: int) -> tuple[int, str, int] | None:
    """(level, label, lines used) when ``lines[i]`` starts a Phần/Chương/Mục heading."""
    m = _HEADING.match(lines[i])
    if not m or len(lines[i]) > 250:
        return None
    rest = m.group(3).strip()
    label = f"{m.group(1).capitalize()} {m.group(2)}"
    if rest:
        return (_LEVELS[m.group(1).lower()], f"{label} {rest}", 1) if rest.upper() == rest else None
    if (
        i + 1 < len(lines)
        and lines[i + 1]
        and lines[i + 1].upper() == lines[i + 1]
        and len(lines[i + 1]) < 300
    ):
        return _LEVELS[m.group(1).lower()], f"{label} {lines[i + 1]}", 2
    return _LEVELS[m.group(1).lower()], label, 1


def _take_note(lines: list[str], i: int) -> tuple[str, int, str]:
    """The source note starting at ``lines[i]`` (may span lines), the next index, and any text
    glued after its closing parenthesis ("… 01/02/2011 )Thông tư này quy định …")."""
    if i >= len(lines) or not lines[i].startswith("("):
        return "", i, ""
    head = lines[i][:200]
    if "Điều" not in head[:12] and "quy định tại Điều" not in head:
        return "", i, ""
    buf, depth, j = [], 0, i
    while j < len(lines) and j - i < 4:
        ln = lines[j]
        j += 1
        for k, ch in enumerate(ln):
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    buf.append(ln[: k + 1])
                    return " ".join(buf), j, ln[k + 1 :].strip()
        buf.append(ln)
    return " ".join(buf), j, ""


def parse_topic(markdown: str, path: str = "") -> Iterator[LegalArticle]:
    """Every article of one topic, in order, with problems recorded instead of raised."""
    title = topic_title(markdown)
    lines = [_EMPH.sub("", ln) for ln in clean(strip_related(body_of(markdown))).split("\n")]
    lines = [ln.strip() for ln in lines if ln.strip()]
    path_stack: list[tuple[int, str]] = []
    cur: dict[str, object] | None = None
    body: list[str] = []

    def flush() -> Iterator[LegalArticle]:
        if cur is None:
            return
        yield _article(cur, body, title, path)

    i = 0
    while i < len(lines):
        ln = lines[i]
        am = _ARTICLE.match(ln)
        if am:
            note, j, glued = _take_note(lines, i + 1)
            t = am.group(2).strip()
            if note or not t.endswith((";", ")")):
                yield from flush()
                cur = {
                    "code": am.group(1),
                    "title": t,
                    "note": note,
                    "chapter": tuple(lbl for _, lbl in path_stack),
                }
                body = [glued] if glued else []
                i = j
                continue
        h = _is_heading(lines, i)
        if h:
            yield from flush()
            cur, body = None, []
            level, label, used = h
            path_stack = [(lv, lb) for lv, lb in path_stack if lv < level] + [(level, label)]
            i += used
            continue
        if cur is not None:
            body.append(ln)
        i += 1
    yield from flush()


def _article(cur: dict[str, object], body: list[str], topic: str, path: str) -> LegalArticle:
    problems: list[str] = []
    note = None
    raw_note = str(cur["note"])
    if not raw_note:
        problems.append("no_source_note")
    else:
        try:
            note = parse_note(raw_note)
        except NoteError as exc:
            problems.append(exc.reason)
    if not body:
        problems.append("empty_text")
    chapter = cur["chapter"]
    assert isinstance(chapter, tuple)
    return LegalArticle(
        code=str(cur["code"]),
        title=str(cur["title"]).rstrip(" ;"),
        topic=topic,
        topic_path=path,
        chapter_path=chapter,
        text="\n".join(body),
        clauses=split_clauses(body),
        note=note,
        problems=tuple(problems),
    )
