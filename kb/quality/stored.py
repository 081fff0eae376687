"""Quality findings computed by ``tthc build`` and stored in ``{kb_dir}/quality`` (atomic; skipped when unchanged).

The findings depend on the procedure store (its ``build_id``), the legal compendium (its ``build_id``, or
none with ``--no-legal``), the rule modules and table (:func:`rules_version`) and the reference date: when
all four are as stored, nothing is recomputed. The JSON file is written in a temporary folder and renamed
into place, manifest last, like the audit verdicts.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from kb.legal.store import LegalStore
from kb.procedures.store import MANIFEST_NAME, KBError, Store
from kb.quality.legal_rules import CompendiumIndex
from kb.quality.model import RuleContext
from kb.quality.run import counts, run_all

QUALITY_DIR = "quality"
FILE = "findings.json"
FORMAT = "quality-findings-1"
RULE_MODULES = ("collection_rules", "expiry_rules", "legal_rules", "model", "record_rules", "reorg", "run",
                "stale_rules")


class QualityNotBuilt(KBError):
    """No stored findings, or findings of another build; the message says to run ``tthc build``."""


def rules_version() -> str:
    """Hash of the rule modules and the reorganisation table."""
    h = hashlib.sha256(FORMAT.encode())
    for mod in RULE_MODULES:
        h.update(resources.files("kb.quality").joinpath(f"{mod}.py").read_bytes())
    h.update(resources.files("kb.data").joinpath("reorg_2025.tsv").read_bytes())
    return h.hexdigest()[:24]


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _legal(kb_dir: Path) -> tuple[CompendiumIndex | None, str]:
    """The compendium index and its build id; (None, "") when the KB was built without it."""
    if not (kb_dir / "legal" / MANIFEST_NAME).exists():
        return None, ""
    legal = LegalStore(kb_dir).load(with_index=False)
    try:
        return CompendiumIndex(legal.con), str(legal.manifest.get("build_id", ""))
    finally:
        legal.close()


def build_quality(kb_dir: Path, as_of: date, *, force: bool = False) -> dict[str, Any]:
    """Compute and store the findings of the KB in ``kb_dir`` as of ``as_of``; returns a summary."""
    t0 = time.perf_counter()
    kb_dir = Path(kb_dir)
    store = Store(kb_dir).load()
    out = kb_dir / QUALITY_DIR
    legal, legal_id = _legal(kb_dir)
    key = {"format": FORMAT, "rules_version": rules_version(), "kb_build_id": store.manifest["build_id"],
           "legal_build_id": legal_id, "as_of": as_of.isoformat()}
    old = _read_json(out / MANIFEST_NAME)
    if not force and (out / FILE).exists() and all(old.get(k) == v for k, v in key.items()):
        store.close()
        return {"skipped": True, "findings": old.get("counts", {}).get("total", 0),
                "seconds": round(time.perf_counter() - t0, 2)}
    try:
        procs = list(store)
        ctx = RuleContext(as_of, legal, {"conflicts": store.manifest.get("code_conflicts", [])})
        findings = run_all(procs, ctx)
        summary = counts(findings, procs)
    finally:
        store.close()
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    try:
        body = {**key, "legal": legal is not None, "counts": summary, "findings": [f.to_dict() for f in findings]}
        (staging / FILE).write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        manifest = {**key, "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "counts": summary}
        (staging / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(staging / FILE, out / FILE)
        os.replace(staging / MANIFEST_NAME, out / MANIFEST_NAME)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {"skipped": False, "findings": len(findings), "legal": legal is not None,
            "seconds": round(time.perf_counter() - t0, 2)}


def load_quality(kb_dir: Path, kb_build_id: str) -> dict[str, Any]:
    """The stored findings and counts of the KB whose store has ``kb_build_id``; :class:`QualityNotBuilt`."""
    out = Path(kb_dir) / QUALITY_DIR
    run_build = "hãy chạy 'tthc build' để rà soát chất lượng dữ liệu"
    man, body = _read_json(out / MANIFEST_NAME), _read_json(out / FILE)
    if not man or not body:
        raise QualityNotBuilt(f"{kb_dir} chưa có kết quả rà soát chất lượng; {run_build}")
    if man.get("kb_build_id") != kb_build_id or body.get("kb_build_id") != kb_build_id:
        raise QualityNotBuilt(f"kết quả rà soát chất lượng thuộc một lần xây dựng khác; {run_build}")
    if man.get("rules_version") != rules_version():
        raise QualityNotBuilt(f"quy tắc rà soát chất lượng đã thay đổi; {run_build}")
    return body
