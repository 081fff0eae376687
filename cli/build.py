"""`tthc build`: build or update the knowledge base from portal exports."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from cli.legal_build import add_arguments, build_extras, print_summary
from ingestion.build import BuildError, build
from kb.config import Settings
from kb.procedures.store import KBError
from kb.quality.stored import build_quality


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``build`` sub-command."""
    p = sub.add_parser("build", help="build the knowledge base from portal data")
    p.add_argument("--data", nargs="+", type=Path, metavar="PATH",
                   help="portal export file(s) .jsonl/.jsonl.gz, or a data folder"
                   " (default: ../shared/data)")
    p.add_argument("--out", type=Path, help="knowledge-base folder (default var/kb)")
    p.add_argument("--force", action="store_true", help="rebuild even when sources are unchanged")
    p.add_argument("--strict", action="store_true", help="fail if any record is rejected")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    add_arguments(p)
    p.set_defaults(func=run)


def resolve_sources(paths: list[Path] | None, settings: Settings) -> list[Path]:
    """Files to read: given files, or the portal export inside a given/default data folder."""
    if not paths:
        return [settings.procedures_file]
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            inner = Settings(data_dir=p).procedures_file
            out.append(inner if inner.exists() else p)
        else:
            out.append(p)
    return out


def _build_indexes(out: Path, settings: Settings, *, force: bool, progress: bool) -> dict[str, Any] | None:
    """Build the search indexes after the store; None (and a message) when that fails."""
    from kb.search.collection import IndexError_
    from kb.search.dense import DenseModelError
    from kb.search.indexes import build_indexes

    try:
        return build_indexes(out, settings, progress=progress and sys.stderr.isatty(), force=force)
    except (IndexError_, DenseModelError) as exc:
        print(f"Lỗi khi xây chỉ mục tìm kiếm: {exc}", file=sys.stderr)
        return None


def run(args: argparse.Namespace) -> int:
    """Run the build and print a summary; non-zero exit when nothing valid was read."""
    settings = Settings.from_env()
    paths = resolve_sources(args.data, settings)
    out = args.out or settings.kb_dir
    try:
        rep = build(paths, out, force=args.force, strict=args.strict,
                    progress=not args.no_progress and sys.stderr.isatty())
    except BuildError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    idx = _build_indexes(out, settings, force=args.force, progress=not args.no_progress)
    if idx is None:
        return 1
    try:  # legal collection and unit map, after the indexes (the legal part uses the dense model)
        extras = build_extras(args, settings, out, not args.no_progress and sys.stderr.isatty())
    except BuildError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    try:  # again after the legal part (the legal rules read the compendium); skipped when nothing changed
        quality = build_quality(out, date.today())
    except KBError as exc:
        print(f"Lỗi khi rà soát chất lượng dữ liệu: {exc}", file=sys.stderr)
        return 1
    reasons = Counter(r.reason.split(":")[0] for r in rep.rejected)
    if args.json:
        print(json.dumps({
            "read": rep.read, "accepted": rep.accepted, "rejected": len(rep.rejected),
            "rejections": [{"file": r.file, "line": r.line, "reason": r.reason, "code": r.code}
                           for r in rep.rejected],
            "warnings": [{"file": r.file, "line": r.line, "reason": r.reason, "code": r.code}
                         for r in rep.warnings],
            "added": rep.added, "changed": rep.changed, "removed": rep.removed,
            "unchanged": rep.unchanged, "skipped": rep.skipped,
            "seconds": round(rep.seconds, 2), "db_bytes": rep.db_bytes, "out": str(out),
            "indexes": idx, "audit": rep.audit, "history": rep.history, "quality": quality, **extras,
        }, ensure_ascii=False, indent=2))
    else:
        if rep.skipped:
            print(f"Dữ liệu nguồn không đổi: bỏ qua ({rep.accepted} thủ tục trong {out}).")
        else:
            print(f"Đã đọc {rep.read} bản ghi: nhận {rep.accepted}, loại {len(rep.rejected)}.")
            print(f"Thêm {rep.added}, cập nhật {rep.changed}, xoá {rep.removed}, "
                  f"giữ nguyên {rep.unchanged} — {rep.seconds:.1f} s, "
                  f"{rep.db_bytes / 1e6:.1f} MB → {out}")
        a = rep.audit
        if a.get("skipped"):
            print("Kết quả rà soát một lần cung cấp không đổi: bỏ qua.")
        else:
            print(f"Rà soát một lần cung cấp: {a.get('audited')} thủ tục rà soát lại, giữ {a.get('kept')}, "
                  f"xoá {a.get('removed')} — {a.get('components')} thành phần hồ sơ, {a.get('seconds')} s.")
        if idx.get("skipped"):
            print("Chỉ mục tìm kiếm không đổi: bỏ qua.")
        else:
            print(f"Chỉ mục tìm kiếm: {idx.get('chunks')} đoạn, {idx.get('seconds')} s.")
        print_summary(extras)
        if rep.history:
            h = rep.history
            print(f"Lịch sử phiên bản: {h['versions']} phiên bản mới, {h['removed']} thủ tục bị xoá.")
        print("Rà soát chất lượng dữ liệu: " + ("không đổi, bỏ qua." if quality["skipped"] else
              f"{quality['findings']} phát hiện, {quality['seconds']} s."))
        for r in rep.warnings:
            print(f"  cảnh báo: {r.file}:{r.line}: {r.reason}", file=sys.stderr)
        for r in rep.rejected[:20]:
            print(f"  loại: {r.file}:{r.line}: {r.reason}", file=sys.stderr)
        if len(rep.rejected) > 20:
            print(f"  … và {len(rep.rejected) - 20} bản ghi khác", file=sys.stderr)
        for reason, n in reasons.most_common():
            print(f"  {n} × {reason}", file=sys.stderr)
    return 0
