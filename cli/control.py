"""`tthc control list|pin|unpin|disable|enable`: people's decisions over automatic answers."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from assistant.interactions.control import Controls
from kb.procedures.store import KBError, Store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``control`` with its actions."""
    p = sub.add_parser("control", help="pin approved answers, switch automatic answers off (recorded)")
    p.add_argument("--db", default=None, help="SQLAlchemy URL (default: TTHC_DATABASE_URL or var/interactions.sqlite)")
    p.add_argument("--kb", default=None, help="knowledge base, to read a family from a code (default TTHC_KB_DIR)")
    a = p.add_subparsers(dest="control_command", metavar="ACTION", required=True)
    a.add_parser("list", help="controls in force and their history").set_defaults(func=run)
    for action, text in (("pin", "pin an approved answer to a family and aspect"), ("unpin", "remove a pin"),
                         ("disable", "switch automatic answers off"), ("enable", "switch them back on")):
        c = a.add_parser(action, help=text)
        scope = c.add_mutually_exclusive_group(required=True)
        scope.add_argument("--family", help="a procedure name, or the code of one procedure of the family")
        scope.add_argument("--code", help="one procedure (disable/enable)")
        if action in ("pin", "unpin"):
            c.add_argument("--aspect", required=True, help="overview, documents, fees, time, where, …")
        if action == "pin":
            c.add_argument("--answer", required=True, help="the approved answer")
        c.add_argument("--note", default="", help="why (shown to citizens when answers are off)")
        c.add_argument("--by", default=f"cli:{getpass.getuser()}", help="who decides (default cli:<user>)")
        c.set_defaults(func=run, action=action)


def run(args: argparse.Namespace) -> int:
    """List, or record one change and print the rule now in force."""
    from assistant.settings import ServingSettings
    from cli.analytics import open_store

    controls = Controls(open_store(args))
    if args.control_command == "list":
        print(json.dumps({"rules": [r.to_dict() for r in controls.refresh().values()],
                          "history": controls.history()}, ensure_ascii=False, indent=2))
        return 0
    family = args.family or ""
    if family:
        try:
            store = Store(args.kb or ServingSettings().kb_dir).load()
        except KBError as exc:
            print(f"Lỗi: {exc}", file=sys.stderr)
            return 1
        proc = store.get(family.strip())
        family = proc.name if proc is not None else family
        store.close()
    try:
        rule = controls.change(args.action, args.by, family=family, code=args.code or "",
                               aspect=getattr(args, "aspect", "") or "", answer=getattr(args, "answer", "") or "",
                               note=args.note)
    except ValueError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({"rule": rule.to_dict() if rule else None}, ensure_ascii=False))
    return 0
