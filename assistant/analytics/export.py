"""The analytics report as CSV (sections one after another) or XLSX (one sheet per section)."""

from __future__ import annotations

import csv
import io
from typing import Any

Table = tuple[str, list[str], list[list[Any]]]


def tables(data: dict[str, Any]) -> list[Table]:
    """The report's sections as (title, header, rows)."""
    out: list[Table] = [
        ("overview", ["metric", "value"],
         [["from", data["from"]], ["to", data["to"]], ["channel", data["channel"] or "all"],
          ["total", data["total"]], *[[f"status:{k}", v] for k, v in data["by_status"].items()],
          *[[f"channel:{k}", v] for k, v in data["by_channel"].items()],
          *[[f"outcome:{k}", v] for k, v in data["outcomes"].items()],
          ["feedback:up", data["feedback"]["up"]], ["feedback:down", data["feedback"]["down"]],
          ["latency_ms:p50", data["latency_ms"]["p50"]], ["latency_ms:p95", data["latency_ms"]["p95"]]]),
        ("by_day", ["day", "total"], [[d["day"], d["total"]] for d in data["by_day"]]),
        ("top_procedures", ["code", "name", "count"],
         [[p["code"], p["name"], p["count"]] for p in data["top_procedures"]]),
        ("topics", ["label", "size", "examples"],
         [[t["label"], t["size"], " | ".join(t["examples"])] for t in data["topics"]]),
        ("papers", ["code", "component", "count"], [[p["code"], p["component"], p["count"]] for p in data["papers"]]),
    ]
    if data.get("backlog"):
        b = data["backlog"]
        out.append(("backlog", ["code", "name", "citizens", "papers_saved", "papers_asked"],
                    [[p["code"], p["name"], p["citizens"], p["papers_saved"], p["papers_asked"]]
                     for p in b["procedures"]]))
        out.append(("backlog_databases", ["database", "name", "papers_asked"],
                    [[d["database"], d["name"], d["papers_asked"]] for d in b["databases"]]))
    return out


def to_csv(data: dict[str, Any]) -> str:
    """One CSV: each section starts with a ``# title`` line and its header."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for title, header, rows in tables(data):
        w.writerow([f"# {title}"])
        w.writerow(header)
        w.writerows(rows)
        w.writerow([])
    return buf.getvalue()


def to_xlsx(data: dict[str, Any]) -> bytes:
    """An XLSX workbook, one sheet per section."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in tables(data):
        ws = wb.create_sheet(title[:31])
        ws.append(header)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
