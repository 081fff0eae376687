"""`tthc analytics purge|report|examples`: retention, demand reports and the agents' labelled examples."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assistant.interactions import InteractionStore
from assistant.settings import ServingSettings


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``analytics`` with its sub-commands."""
    p = sub.add_parser("analytics", help="interaction store: purge, report, labelled examples")
    p.add_argument("--db", default=None, help="SQLAlchemy URL (default: TTHC_DATABASE_URL or var/interactions.sqlite)")
    a = p.add_subparsers(dest="analytics_command", metavar="ACTION", required=True)
    purge = a.add_parser("purge", help="delete turns and feedback older than the retention period")
    purge.add_argument("--days", type=int, default=None, help="keep this many days (default TTHC_RETENTION_DAYS)")
    purge.set_defaults(func=run_purge)
    from cli.analytics_report import register_report

    register_report(a)


def open_store(args: argparse.Namespace) -> InteractionStore:
    """The store named by ``--db`` or the settings, migrated to the latest schema."""
    store = InteractionStore(args.db or ServingSettings().database())
    store.migrate()
    return store


def run_purge(args: argparse.Namespace) -> int:
    """Apply the retention period (Decree 13/2023/NĐ-CP: keep personal-data-derived records no longer than needed)."""
    days = args.days if args.days is not None else ServingSettings().retention_days
    if days < 1:
        print("Lỗi: --days phải ≥ 1", file=sys.stderr)
        return 2
    store = open_store(args)
    before = datetime.now(UTC) - timedelta(days=days)
    gone = store.purge(before)
    store.close()
    print(json.dumps({"before": before.isoformat(timespec="seconds"), "deleted": gone}, ensure_ascii=False))
    return 0


def write_text(out: Path | None, text: str) -> None:
    """``text`` to ``out``, or to stdout."""
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
