"""`tthc analytics report` (json|csv|xlsx) and `tthc analytics examples` (agent corrections as eval JSONL)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path


def register_report(a: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``report`` and ``examples`` under ``tthc analytics``."""
    r = a.add_parser("report", help="the analytics summary of a period")
    r.add_argument("--from", dest="since", type=date.fromisoformat, help="first day YYYY-MM-DD (default: 30 days ago)")
    r.add_argument("--to", dest="until", type=date.fromisoformat, help="last day YYYY-MM-DD (default: today)")
    r.add_argument("--channel", choices=["web", "voice", "agent"])
    r.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
    r.add_argument("--out", type=Path, help="output file (required for xlsx; default stdout)")
    r.add_argument("--kb", type=Path, help="knowledge base (default TTHC_KB_DIR)")
    r.set_defaults(func=run_report)
    e = a.add_parser("examples", help="agent corrections as labelled eval questions (JSONL)")
    e.add_argument("--out", type=Path, help="output file (default stdout)")
    e.add_argument("--kb", type=Path)
    e.set_defaults(func=run_examples)


def _services(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from assistant.settings import ServingSettings
    from assistant.startup import load_services

    settings = ServingSettings(kb_dir=args.kb, record_interactions=False) if args.kb else \
        ServingSettings(record_interactions=False)
    return load_services(settings)


def run_report(args: argparse.Namespace) -> int:
    """Write the report of the period."""
    from assistant.analytics.export import to_csv, to_xlsx
    from assistant.analytics.report import report
    from assistant.analytics.summary import Period
    from cli.analytics import open_store, write_text

    if args.format == "xlsx" and args.out is None:
        print("Lỗi: --format xlsx cần --out FILE.xlsx", file=sys.stderr)
        return 2
    if args.since and args.until and args.since > args.until:  # the API answers an empty period; a typo here
        print("Lỗi: --from sau --to", file=sys.stderr)
        return 2
    period = Period.of(args.since, args.until, args.channel)
    services, store = _services(args), open_store(args)
    data = report(services, store, period)
    store.close()
    services.close()
    if args.format == "xlsx":
        args.out.write_bytes(to_xlsx(data))
    else:
        write_text(args.out, to_csv(data) if args.format == "csv" else
                   json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return 0


def run_examples(args: argparse.Namespace) -> int:
    """Write the labelled examples, one JSON line each."""
    from assistant.analytics.examples import labelled_examples
    from cli.analytics import open_store, write_text

    services, store = _services(args), open_store(args)
    rows = labelled_examples(store, lambda c: p.name if (p := services.store.get(c)) else "")
    store.close()
    services.close()
    write_text(args.out, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    print(f"{len(rows)} ví dụ có nhãn", file=sys.stderr)
    return 0
