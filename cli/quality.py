"""`tthc quality [--json] [--format csv|xlsx --out FILE] [--rule RULE]`: the stored data-quality findings."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kb.config import Settings
from kb.procedures.store import KBError, Store
from kb.quality.export import WRITERS
from kb.quality.stored import load_quality

RULE_LABELS = {
    "stale_district_level": "còn nêu cấp huyện", "stale_ministry": "còn nêu bộ đã hợp nhất",
    "stale_general_department": "còn nêu tổng cục đã giải thể",
    "expired_time_limited_rule": "quy định có thời hạn đã hết",
    "unparsed_fee": "phí không đọc được", "unparsed_time": "thời hạn không đọc được",
    "contradictory_quantity": "số lượng mâu thuẫn", "note_as_paper": "ghi chú đăng như giấy tờ",
    "empty_component": "thành phần trống", "no_results": "không có kết quả", "no_steps": "không có trình tự",
    "legal_amended": "căn cứ đã được sửa đổi", "legal_unresolved": "căn cứ không có trong pháp điển",
    "near_duplicate": "thủ tục trùng lặp", "code_conflict": "trùng mã",
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``quality``."""
    p = sub.add_parser("quality", help="staleness and data-quality findings stored by the build")
    p.add_argument("--json", action="store_true", help="print {findings, counts} as JSON")
    p.add_argument("--format", choices=sorted(WRITERS), help="export format (with --out)")
    p.add_argument("--out", type=Path, help="output file for --format")
    p.add_argument("--rule", action="append", help="only this rule (repeatable)")
    p.add_argument("--kb", type=Path, help="knowledge-base folder (default var/kb)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print counts (or JSON), or export; 1 when the KB or its stored findings are missing."""
    try:
        store = Store(args.kb or Settings.from_env().kb_dir).load()
        body = load_quality(store.kb_dir, str(store.manifest["build_id"]))
    except KBError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    if args.rule:
        body = {**body, "findings": [f for f in body["findings"] if f["rule"] in args.rule]}
    if args.format:
        if args.out is None:
            print("Lỗi: cần --out FILE khi dùng --format.", file=sys.stderr)
            return 2
        WRITERS[args.format](body, args.out)
        print(f"Đã ghi {len(body['findings'])} phát hiện → {args.out}", file=sys.stderr)
        return 0
    if args.json:
        print(json.dumps({"as_of": body["as_of"], "counts": body["counts"], "findings": body["findings"]},
                         ensure_ascii=False, indent=2))
        return 0
    c = body["counts"]
    print(f"Rà soát chất lượng dữ liệu (ngày tham chiếu {body['as_of']}): {c['total']} phát hiện.")
    for rule, n in c["by_rule"].items():
        if n and (not args.rule or rule in args.rule):
            print(f"  {rule:<28} {n:6d} ({c['procedures_by_rule'][rule]} thủ tục) — {RULE_LABELS.get(rule, '')}")
    return 0
