"""Split procedures into section chunks with stable ids, heading paths and a content hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from kb.procedures.schema import Chunk, Procedure
from kb.text.normalize import one_line

SECTION_TITLES: dict[str, str] = {
    "name": "Tên thủ tục",
    "components": "Thành phần hồ sơ",
    "steps": "Trình tự thực hiện",
    "time_fees": "Thời hạn và phí, lệ phí",
    "conditions": "Yêu cầu, điều kiện",
    "results": "Kết quả",
    "legal": "Căn cứ pháp lý",
}
MAX_CHARS = 1500  # longer sections are split on line boundaries into parts of about this size


def _parts(text: str, limit: int = MAX_CHARS) -> list[str]:
    """Split ``text`` into line-aligned parts of at most ``limit`` characters (when possible)."""
    out: list[str] = []
    cur = ""
    for line in (ln.strip() for ln in text.split("\n")):
        if not line:
            continue
        if cur and len(cur) + len(line) + 1 > limit:
            out.append(cur)
            cur = line
        else:
            cur = f"{cur}\n{line}" if cur else line
    if cur:
        out.append(cur)
    return out


def _section_texts(p: Procedure) -> dict[str, str]:
    comps = "\n".join(
        (f"{c.case}: " if c.case else "") + one_line(c.text) for c in p.components if c.text
    )
    times = []
    for m in p.methods:
        fees = "; ".join(f.description or (f"{f.amount} đồng" if f.amount is not None else "")
                         for f in m.fees)
        times.append(f"{m.submission}: {m.time.text}. {fees}".strip())
    legal = "\n".join(f"{b.number} {b.title}".strip() for b in p.legal_bases)
    return {
        "name": p.name,
        "components": comps,
        "steps": p.steps,
        "time_fees": "\n".join(times),
        "conditions": p.requirements,
        "results": "\n".join(p.results),
        "legal": legal,
    }


def procedure_chunks(p: Procedure) -> list[Chunk]:
    """Chunks of one procedure: its name, then each non-empty section (split when long)."""
    meta: tuple[tuple[str, str | tuple[str, ...]], ...] = (
        ("levels", p.levels), ("field", p.field), ("agencies", p.agencies), ("name", p.name),
    )
    out: list[Chunk] = []
    for section, text in _section_texts(p).items():
        parts = [one_line(text)] if section == "name" else _parts(text)
        for i, part in enumerate(x for x in parts if x):
            out.append(Chunk(
                id=f"{p.code}:{section}:{i}", doc_id=p.code, title=p.name, section=section,
                heading=f"{p.name} › {SECTION_TITLES[section]}", text=part, metadata=meta,
            ))
    return out


def corpus_chunks(procs: Iterable[Procedure]) -> list[Chunk]:
    """Chunks of every procedure, in input order."""
    return [c for p in procs for c in procedure_chunks(p)]


def chunks_hash(chunks: Iterable[Chunk]) -> str:
    """A content hash over ids, texts and metadata: equal hash → nothing to rebuild."""
    h = hashlib.sha256()
    for c in chunks:
        h.update(json.dumps([c.id, c.title, c.heading, c.text, c.metadata], ensure_ascii=False,
                            sort_keys=True).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()[:32]
