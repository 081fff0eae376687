"""Rules over the whole collection: ``near_duplicate`` (same name, agency and publisher) and ``code_conflict``."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from kb.procedures.schema import Procedure
from kb.quality.model import QualityFinding, RuleContext
from kb.text.normalize import fold

_JUNK = re.compile(r"[^a-z0-9 ]+")


def name_key(name: str) -> str:
    """Folded name without punctuation or extra spaces (trailing "(thử nghiệm)"-style notes kept)."""
    return " ".join(_JUNK.sub(" ", fold(name)).split())


def near_duplicates(procs: list[Procedure], ctx: RuleContext) -> Iterator[QualityFinding]:
    """Codes sharing a name, executing agencies, levels and publisher: one finding per code, naming the others.

    The same name published by different provinces or ministries is a legitimate per-publisher copy.
    """
    groups: dict[tuple[str, tuple[str, ...], tuple[str, ...], str], list[str]] = defaultdict(list)
    for p in procs:
        if p.agencies:
            key = (name_key(p.name), tuple(sorted(p.agencies)), tuple(sorted(p.levels)), fold(p.issuer))
            groups[key].append(p.code)
    for (_, agencies, _, _), codes in groups.items():
        if len(codes) < 2:
            continue
        for code in codes:
            others = ", ".join(c for c in sorted(codes) if c != code)
            yield QualityFinding(
                "near_duplicate", code, "low", "name", f"cùng tên, cơ quan ({'; '.join(agencies)}) với {others}",
                "Hợp nhất các mã trùng hoặc ghi rõ phạm vi (cấp, địa phương) khác nhau của từng mã.")


def code_conflicts(procs: list[Procedure], ctx: RuleContext) -> Iterator[QualityFinding]:
    """Codes the export gave twice with different content (the build kept one; ``ctx.extra['conflicts']``)."""
    for c in ctx.extra.get("conflicts", []):
        yield QualityFinding("code_conflict", str(c.get("code", "")), "medium", "code", str(c.get("reason", "")),
                             "Một mã thủ tục chỉ được dùng cho một thủ tục: kiểm tra và tách mã.")
