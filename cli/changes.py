"""`tthc changes [--since BUILD_ID] [--json]` and `tthc changes --code CODE`: what the last builds changed."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kb.config import Settings
from kb.procedures.history import HistoryError
from kb.procedures.store import KBError, Store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``changes``."""
    p = sub.add_parser("changes", help="procedures added, removed and changed between builds")
    p.add_argument("--since", metavar="BUILD_ID", help="compare with this build (default: the previous one)")
    p.add_argument("--code", help="the version history of one procedure instead")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--kb", type=Path, help="knowledge-base folder (default var/kb)")
    p.set_defaults(func=run)


def render(d: dict[str, Any]) -> str:
    """Short Vietnamese text of a :func:`kb.procedures.history.changes` result."""
    lines = [f"Thay đổi từ lần xây dựng {d['since'] or '(đầu tiên)'} đến {d['until']}:",
             f"Thêm {len(d['added'])}, xoá {len(d['removed'])}, sửa {len(d['changed'])} thủ tục."]
    lines += [f"  + {c}" for c in d["added"]]
    lines += [f"  - {c}" for c in d["removed"]]
    lines += [f"  ~ {c['code']}: {', '.join(c['fields'])}" for c in d["changed"]]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the changes (or one procedure's history); 1 when the KB or the build id is unknown."""
    try:
        store = Store(args.kb or Settings.from_env().kb_dir).load()
        data: Any = store.history(args.code.strip()) if args.code else store.changes(args.since)
    except (KBError, HistoryError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif args.code:
        if not data:
            print(f"Không có phiên bản nào của thủ tục {args.code}.")
        for v in data:
            print(f"{v['built_at']} {v['build_id'][:12]} {v['status']}: {', '.join(v['fields'])}")
    else:
        print(render(data))
    return 0
