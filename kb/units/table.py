"""2025 administrative units: records, the stored conversion map, and old-address resolution."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kb.procedures.store import KBError
from kb.text.normalize import fold

UNITS_SCHEMA_VERSION = 1
UNITS_DIR = "units"
DATA_NAME = "units.json"
MANIFEST_NAME = "manifest.json"

WARD_TYPES = ("thi tran", "dac khu", "phuong", "xa")
DISTRICT_TYPES = ("thanh pho", "thi xa", "quan", "huyen")
PROVINCE_TYPES = ("thanh pho", "tinh")
# Spoken/typed abbreviations → full folded words.
ALIASES = {
    "tp": "thanh pho",
    "tx": "thi xa",
    "tt": "thi tran",
    "p": "phuong",
    "q": "quan",
    "h": "huyen",
    "hcm": "ho chi minh",
    "tphcm": "thanh pho ho chi minh",
    "sai gon": "ho chi minh",
    "hn": "ha noi",
}


@dataclass(frozen=True, slots=True)
class NewUnit:
    """A commune-level unit in force since 1 July 2025."""

    code: str  # 5-digit code, e.g. "00070"
    name: str  # "Phường Hoàn Kiếm"
    type: str  # "phường", "xã", "đặc khu"
    province: str  # "Thành phố Hà Nội"
    province_code: str  # "01"


@dataclass(frozen=True, slots=True)
class Conversion:
    """One row of the official table: an old unit (or part of it) went into a new unit."""

    new_code: str
    old_name: str  # "Phường Hàng Bạc" ("" for a whole district made into a special zone)
    old_code: str  # "" when the table gives none
    old_district: str  # "Quận Hoàn Kiếm"
    old_district_code: str
    old_province: str  # "Thành phố Hà Nội"
    old_province_code: str
    how: str  # "Nhập toàn bộ", "Nhập một phần", "Giữ nguyên", …

    @property
    def old_key(self) -> str:
        """Identity of the old unit: province code + code, or + district + name when it has no code."""
        return f"{self.old_province_code}:{self.old_code or fold(self.old_district + '|' + self.old_name)}"


@dataclass(frozen=True, slots=True)
class Target:
    """A new unit an old one went (partly) into, with how."""

    unit: NewUnit
    how: str


@dataclass(frozen=True, slots=True)
class Match:
    """A resolved unit: an old one with every new unit it went into, or a current (new) unit."""

    kind: str  # "old" | "new"
    name: str
    code: str
    district: str  # old district ("" for new units)
    province: str
    targets: tuple[Target, ...]
    score: float
    key: str = ""  # table identity (old_key) or new unit code

    @property
    def split(self) -> bool:
        """True when the old unit was divided among several new units: the caller must choose."""
        return len(self.targets) > 1

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON of ``tthc ward --json`` and ``/v1/units/resolve``."""
        d = asdict(self)
        d["split"] = self.split
        return d


def core(name: str, types: tuple[str, ...]) -> tuple[str, str]:
    """(folded type, folded core name): "Phường Hàng Bạc" → ("phuong", "hang bac")."""
    f = normalize_query(name)
    for t in types:
        if f.startswith(t + " "):
            return t, f[len(t) + 1 :].strip()
    return "", f


def normalize_query(text: str) -> str:
    """Folded, punctuation-free words with abbreviations expanded ("TP.HCM" → "thanh pho ho chi minh")."""
    f = fold(text).replace("tp.", "tp ").replace("p.", "p ").replace("q.", "q ")
    f = re.sub(r"\(\d+\)", " ", f)
    words = re.findall(r"[0-9a-z]+", f)
    out = " ".join(ALIASES.get(w, w) for w in words)
    for k, v in ALIASES.items():
        if " " in k:
            out = re.sub(rf"\b{k}\b", v, out)
    return out


class Units:
    """The stored map under ``<kb>/units/``: current units and the conversion rows."""

    def __init__(self, kb_dir: Path) -> None:
        self.dir = Path(kb_dir) / UNITS_DIR
        self.manifest: dict[str, Any] = {}
        self.units: dict[str, NewUnit] = {}
        self.rows: list[Conversion] = []
        self.provinces: dict[str, str] = {}  # code → name

    def load(self) -> Units:
        """Read and check against the manifest; raise :class:`KBError` when missing or stale."""
        data, man = self.dir / DATA_NAME, self.dir / MANIFEST_NAME
        if not data.exists() or not man.exists():
            raise KBError(f"no unit map in {self.dir}; run 'tthc build'")
        self.manifest = json.loads(man.read_text(encoding="utf-8"))
        if self.manifest.get("schema_version") != UNITS_SCHEMA_VERSION:
            raise KBError("unit map schema changed; run 'tthc build --force'")
        d = json.loads(data.read_text(encoding="utf-8"))
        if d.get("build_id") != self.manifest.get("build_id"):
            raise KBError(f"{data} does not match its manifest; run 'tthc build --force'")
        self.units = {u["code"]: NewUnit(**u) for u in d["units"]}
        self.rows = [Conversion(**r) for r in d["conversions"]]
        self.provinces = dict(d["provinces"])
        if (
            len(self.units) != self.manifest["counts"]["units"]
            or len(self.rows) != self.manifest["counts"]["rows"]
        ):
            raise KBError(f"{data} counts differ from its manifest; run 'tthc build --force'")
        return self

    def old_units(self) -> dict[str, list[Conversion]]:
        """old_key → its conversion rows (one per new unit it went into)."""
        out: dict[str, list[Conversion]] = defaultdict(list)
        for r in self.rows:
            out[r.old_key].append(r)
        return dict(out)
