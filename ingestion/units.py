"""Read the official 2025 conversion table and current divisions; write ``<kb>/units`` atomically."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ingestion.build import file_sha256
from kb.procedures.schema import RejectedRecord
from kb.text.normalize import one_line
from kb.units.table import DATA_NAME, MANIFEST_NAME, UNITS_DIR, UNITS_SCHEMA_VERSION, Conversion, NewUnit

PARSER_VERSION = 1
CONVERSION_FILE = "admin-units/ward-conversion-2025-07.csv"
DIVISIONS_FILE = "admin-units/divisions-2025-07.json"
_NAME_CODE = re.compile(r"^(.*?)\s*\((\d+)\)\s*$")
_PROVINCE_PREFIX = re.compile(r"^(Tỉnh|Thành phố)\s", re.I)


@dataclass(slots=True)
class UnitsReport:
    """What a units build read and rejected."""

    provinces: int = 0
    units: int = 0
    rows: int = 0
    old_units: int = 0
    split_old_units: int = 0
    rejected: list[RejectedRecord] = field(default_factory=list)
    skipped: bool = False
    seconds: float = 0.0


def name_code(cell: str) -> tuple[str, str]:
    """ "Quận Ba Đình (001)" → ("Quận Ba Đình", "001"); a cell without code → (name, "")."""
    c = one_line(cell)
    m = _NAME_CODE.match(c)
    return (m.group(1).strip(), m.group(2)) if m else (c, "")


def read_divisions(path: Path) -> tuple[dict[str, str], dict[str, NewUnit]]:
    """(province code → name, unit code → NewUnit) from the nested divisions JSON."""
    provinces: dict[str, str] = {}
    units: dict[str, NewUnit] = {}
    for p in json.loads(path.read_text(encoding="utf-8")):
        pc = f"{int(p['code']):02d}"
        provinces[pc] = one_line(p["name"])
        for w in p.get("wards", []):
            code = f"{int(w['code']):05d}"
            units[code] = NewUnit(
                code, one_line(w["name"]), one_line(w.get("division_type", "")), provinces[pc], pc
            )
    return provinces, units


def read_conversion(
    path: Path, units: dict[str, NewUnit], rejected: list[RejectedRecord]
) -> list[Conversion]:
    """Rows of the conversion table (two header rows, province banners skipped); bad rows rejected."""
    out: list[Conversion] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for n, row in enumerate(csv.reader(fh), start=1):
            if n <= 2 or not any(c.strip() for c in row):
                continue
            row = [*row, *[""] * (8 - len(row))]
            prov, new_name, new_code, old_name, old_code, how, district, old_prov = (
                one_line(c) for c in row[:8]
            )
            if prov and not new_name and not new_code and not old_name:
                if not _NAME_CODE.match(prov) and prov.upper() == prov:
                    continue  # province banner ("THÀNH PHỐ HÀ NỘI")
                rejected.append(RejectedRecord(str(path), n, "row without new unit", prov))
                continue
            code = f"{int(new_code):05d}" if new_code.isdigit() else ""
            if code not in units:
                rejected.append(RejectedRecord(str(path), n, f"unknown new unit code {new_code!r}", new_name))
                continue
            if not old_name and not district:
                rejected.append(RejectedRecord(str(path), n, "row without old unit", new_name))
                continue
            dname, dcode = name_code(district)
            pname, pcode = name_code(old_prov)
            if pname and not _PROVINCE_PREFIX.match(pname):
                pname = f"Tỉnh {pname}"  # one row says "Quảng Trị (44)"
            out.append(
                Conversion(
                    new_code=code,
                    old_name=old_name,
                    old_code=f"{int(old_code):05d}" if old_code.isdigit() else "",
                    old_district=dname,
                    old_district_code=dcode,
                    old_province=pname,
                    old_province_code=pcode,
                    how=re.sub(r"\s+", " ", how).strip().replace("Nhâp", "Nhập") or "Không ghi",
                )
            )
    return out


def build_units(data_dir: Path, kb_dir: Path, *, force: bool = False) -> UnitsReport:
    """Write ``<kb_dir>/units`` from the two official files; skip when they are unchanged."""
    t0 = time.perf_counter()
    rep = UnitsReport()
    conv, div = Path(data_dir) / CONVERSION_FILE, Path(data_dir) / DIVISIONS_FILE
    out = Path(kb_dir) / UNITS_DIR
    sources = [{"path": str(p), "sha256": file_sha256(p)} for p in (conv, div)]
    try:
        old = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    if (
        not force
        and old.get("sources") == sources
        and old.get("parser_version") == PARSER_VERSION
        and old.get("schema_version") == UNITS_SCHEMA_VERSION
        and (out / DATA_NAME).exists()
    ):
        rep.skipped = True
        for k, v in old.get("counts", {}).items():
            if hasattr(rep, k) and k != "rejected":
                setattr(rep, k, v)
        rep.seconds = time.perf_counter() - t0
        return rep
    provinces, units = read_divisions(div)
    rows = read_conversion(conv, units, rep.rejected)
    olds: dict[str, set[str]] = {}
    for r in rows:
        olds.setdefault(r.old_key, set()).add(r.new_code)
    rep.provinces, rep.units, rep.rows = len(provinces), len(units), len(rows)
    rep.old_units, rep.split_old_units = len(olds), sum(1 for v in olds.values() if len(v) > 1)
    build_id = uuid.uuid4().hex
    counts = {
        "provinces": rep.provinces,
        "units": rep.units,
        "rows": rep.rows,
        "old_units": rep.old_units,
        "split_old_units": rep.split_old_units,
        "rejected": len(rep.rejected),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-units-", dir=out.parent))
    try:
        (staging / DATA_NAME).write_text(
            json.dumps(
                {
                    "build_id": build_id,
                    "provinces": provinces,
                    "units": [asdict(u) for u in units.values()],
                    "conversions": [asdict(r) for r in rows],
                },
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        (staging / MANIFEST_NAME).write_text(
            json.dumps(
                {
                    "build_id": build_id,
                    "schema_version": UNITS_SCHEMA_VERSION,
                    "parser_version": PARSER_VERSION,
                    "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    "sources": sources,
                    "counts": counts,
                    "rejected": [asdict(r) for r in rep.rejected],
                },
                ensure_ascii=False,
                indent=2,
            ),
            encoding="utf-8",
        )
        if out.exists():
            backup = out.parent / f".old-units-{uuid.uuid4().hex[:8]}"
            os.replace(out, backup)
            shutil.rmtree(backup, ignore_errors=True)
        os.replace(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    rep.seconds = time.perf_counter() - t0
    return rep
