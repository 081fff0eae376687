"""`tthc show` and `tthc stats`: read the built knowledge base."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli.render import render_legal_links, render_procedure
from kb.config import Settings
from kb.legal.links import LegalLink, links_for
from kb.legal.store import LegalStore
from kb.procedures.schema import SCHEMA_VERSION, Procedure
from kb.procedures.store import KBError, Store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``show`` and ``stats``."""
    p = sub.add_parser("show", help="show one procedure by code")
    p.add_argument("code")
    p.add_argument("--json", action="store_true", help="stable JSON (see README)")
    p.add_argument("--kb", type=Path, help="knowledge-base folder (default var/kb)")
    p.set_defaults(func=show)
    s = sub.add_parser("stats", help="counts by level, field, agency and component kind")
    s.add_argument("--json", action="store_true")
    s.add_argument("--kb", type=Path)
    s.set_defaults(func=stats)


def open_store(args: argparse.Namespace) -> Store:
    """Open the store named by ``--kb`` or the settings, with a readable error."""
    return Store(args.kb or Settings.from_env().kb_dir).load()


def show(args: argparse.Namespace) -> int:
    """Print one procedure."""
    try:
        store = open_store(args)
    except KBError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    proc = store.get(args.code.strip())
    if proc is None:
        print(f"Không tìm thấy thủ tục có mã {args.code!r}.", file=sys.stderr)
        return 1
    links = legal_links(store.kb_dir, proc)
    if args.json:
        print(json.dumps({"schema_version": SCHEMA_VERSION, **proc.to_dict(),
                          "legal_links": [x.to_dict() for x in links]}, ensure_ascii=False, indent=2))
    else:
        print(render_procedure(proc) + render_legal_links(links))
    return 0


def legal_links(kb_dir: Path, proc: Procedure) -> list[LegalLink]:
    """The procedure's legal bases resolved against the legal collection ([] when it is not built)."""
    try:
        legal = LegalStore(kb_dir).load(with_index=False)
    except KBError:
        return []
    try:
        return links_for(legal, proc)
    finally:
        legal.close()


def stats(args: argparse.Namespace) -> int:
    """Print knowledge-base statistics."""
    try:
        store = open_store(args)
    except KBError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    st = store.stats()
    if args.json:
        print(json.dumps(st, ensure_ascii=False, indent=2))
        return 0
    print(f"Thủ tục: {st['procedures']}   Thành phần hồ sơ: {st['components']}")
    print("Theo loại thành phần: " + ", ".join(f"{k}: {v}" for k, v in st["components_by_kind"].items()))
    print("Theo cấp: " + ", ".join(f"{k}: {v}" for k, v in st["by_level"].items()))
    print("Lĩnh vực nhiều thủ tục nhất:")
    for name, n in list(st["by_field"].items())[:15]:
        print(f"  {n:5d}  {name or '(không rõ)'}")
    print("Cơ quan thực hiện nhiều thủ tục nhất:")
    for name, n in list(st["by_agency"].items())[:10]:
        print(f"  {n:5d}  {name}")
    return 0
