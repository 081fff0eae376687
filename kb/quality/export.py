"""Write stored quality findings as JSON, CSV or XLSX (what `tthc quality --format` produces)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

COLUMNS = ("rule", "code", "severity", "field", "evidence", "suggestion")
HEADERS = ("Quy tắc", "Mã thủ tục", "Mức độ", "Trường", "Bằng chứng (trích)", "Đề xuất")


def write_json(body: dict[str, Any], out: Path) -> None:
    """``{"findings": [...], "counts": {...}, "as_of": ...}``."""
    data = {"as_of": body.get("as_of"), "counts": body["counts"], "findings": body["findings"]}
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def write_csv(body: dict[str, Any], out: Path) -> None:
    """One row per finding, Vietnamese headers, UTF-8 with BOM (opens in Excel)."""
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS)
        w.writerows([f[c] for c in COLUMNS] for f in body["findings"])


def write_xlsx(body: dict[str, Any], out: Path) -> None:
    """A findings sheet and a counts sheet."""
    from openpyxl import Workbook  # only for this export

    wb = Workbook()
    ws = wb.active
    ws.title = "Phát hiện"
    ws.append(HEADERS)
    for f in body["findings"]:
        ws.append([f[c] for c in COLUMNS])
    cs = wb.create_sheet("Thống kê")
    cs.append(("Nhóm", "Giá trị", "Số phát hiện"))
    for group, values in body["counts"].items():
        if isinstance(values, dict):
            for k, n in values.items():
                cs.append((group, k, n))
    wb.save(out)


WRITERS: dict[str, Callable[[dict[str, Any], Path], None]] = {"json": write_json, "csv": write_csv,
                                                              "xlsx": write_xlsx}
