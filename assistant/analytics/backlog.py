"""Demand-weighted reform backlog: the audit's verdicts weighted by how many citizens asked in a period."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from assistant.interactions.store import Row
from kb.audit.stored import StoredAudit

HELD = ("replaceable", "reuse_result")  # verdicts meaning: the State already holds this paper's data
TOP = 50


def demand(turns: list[Row]) -> Counter[str]:
    """Distinct sessions answered about each procedure (a citizen asking twice counts once)."""
    seen = {(str(t["code"]), str(t["session"])) for t in turns if t["code"] and t["status"] == "answered"}
    return Counter(code for code, _ in seen)


def weighted_backlog(turns: list[Row], audit: StoredAudit) -> dict[str, Any]:
    """Procedures, databases and fields ranked by papers the State holds × citizens who asked.

    ``procedures``: per procedure asked about, the citizens, the papers its stored audit says the
    State already holds (``papers_saved``) and their product ``papers_asked``, with the static
    backlog's ``priority`` for comparison. ``databases`` / ``fields``: the same product summed.
    """
    asked = demand(turns)
    databases = {d.id: d.name for d in audit.catalog.databases}
    procs: list[dict[str, Any]] = []
    by_db: dict[str, Counter[str]] = defaultdict(Counter)
    by_field: Counter[str] = Counter()
    field_citizens: Counter[str] = Counter()
    for code, citizens in asked.items():
        a = audit.procedure(code)
        if a is None:
            continue
        s = a.summary
        held = [f for f in a.findings if f.verdict in HELD and not f.partial]
        for f in held:
            if f.database:
                by_db[f.database]["papers"] += f.papers * citizens
                by_db[f.database]["components"] += 1
        by_field[s.field] += s.papers_saved * citizens
        field_citizens[s.field] += citizens
        procs.append({"code": code, "name": s.name, "field": s.field, "citizens": citizens,
                      "papers_saved": s.papers_saved, "papers_asked": s.papers_saved * citizens,
                      "databases": dict(s.databases), "priority": s.priority})
    procs.sort(key=lambda p: (-p["papers_asked"], -p["priority"], p["code"]))
    return {
        "citizens": sum(asked.values()),
        "procedures": [p for p in procs if p["papers_asked"] > 0][:TOP],
        "databases": sorted(({"database": db, "name": databases.get(db, db), "papers_asked": c["papers"],
                              "components": c["components"]} for db, c in by_db.items()),
                            key=lambda d: (-d["papers_asked"], d["database"])),
        "fields": [{"field": f, "papers_asked": n, "citizens": field_citizens[f]}
                   for f, n in by_field.most_common() if n > 0][:TOP],
    }
