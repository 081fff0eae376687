"""`tthc audit CODE [--json]` and `tthc audit --all --format json|csv|xlsx --out FILE`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from kb.audit.aggregate import audit_many, audit_one
from kb.audit.catalog import load_catalog
from kb.audit.export import WRITERS, procedure_dict
from kb.config import Settings
from kb.procedures.store import KBError, Store

VERDICT_LABELS = {
    "replaceable": "thay bằng dữ liệu",
    "already_data_first": "đã khai thác dữ liệu",
    "prefill": "điền sẵn",
    "reuse_result": "tái sử dụng kết quả",
    "keep": "giữ nguyên",
    "note": "ghi chú",
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``audit``."""
    p = sub.add_parser("audit", help="once-only audit: which dossier components data could replace")
    p.add_argument("code", nargs="?", help="procedure code (mã thủ tục)")
    p.add_argument("--json", action="store_true", help="stable JSON for one procedure")
    p.add_argument("--all", action="store_true", help="audit the whole knowledge base")
    p.add_argument("--format", choices=sorted(WRITERS), default="json", help="export format with --all")
    p.add_argument("--out", type=Path, help="output file with --all")
    p.add_argument("--kb", type=Path, help="knowledge-base folder (default var/kb)")
    p.set_defaults(func=audit)


def _render(d: dict[str, object]) -> str:
    lines = [f"{d['code']} — {d['name']}"]
    comps = d["components"]
    assert isinstance(comps, list)
    for i, c in enumerate(comps, 1):
        db = f" [{c['database_name']}]" if c["database"] else ""
        lines.append(f"{i:3d}. {VERDICT_LABELS[c['verdict']]:<20}{db} {' '.join(c['text'].split())[:110]}")
        lines.append(f"     → {c['rationale']}")
    s = d["summary"]
    assert isinstance(s, dict)
    lines.append(
        f"Có thể bỏ {s['papers_saved']} giấy tờ ({s['copies_saved']} bản sao); "
        f"điểm một lần cung cấp: {s['once_only_score']}/100."
    )
    return "\n".join(lines)


def audit(args: argparse.Namespace) -> int:
    """Audit one procedure or export the whole knowledge base."""
    try:
        store = Store(args.kb or Settings.from_env().kb_dir).load()
    except KBError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    if args.all:
        if args.out is None:
            print("Lỗi: cần --out FILE khi dùng --all.", file=sys.stderr)
            return 2
        from tqdm import tqdm

        t0 = time.perf_counter()
        total = int(store.con.execute("SELECT COUNT(*) FROM components").fetchone()[0])
        with tqdm(total=total, unit="tp", desc="Rà soát", file=sys.stderr) as bar:
            audits = audit_many(store, progress=bar.update)
        WRITERS[args.format](audits, args.out)
        n = sum(len(a.findings) for a in audits)
        print(
            f"Đã rà soát {n} thành phần hồ sơ của {len(audits)} thủ tục trong "
            f"{time.perf_counter() - t0:.1f} s → {args.out}",
            file=sys.stderr,
        )
        return 0
    if not args.code:
        print("Lỗi: cần mã thủ tục hoặc --all.", file=sys.stderr)
        return 2
    proc = store.get(args.code.strip())
    if proc is None:
        print(f"Không tìm thấy thủ tục có mã {args.code!r}.", file=sys.stderr)
        return 1
    d = procedure_dict(audit_one(proc), load_catalog())
    print(json.dumps(d, ensure_ascii=False, indent=2) if args.json else _render(d))
    return 0
