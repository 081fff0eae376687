"""The `tthc` command: a small dispatcher; each package registers its sub-commands.

Sub-commands are found through the ``tthc.commands`` entry-point group (see pyproject.toml), so
this module imports none of the other packages and the layering stays one-way.
"""

from __future__ import annotations

import argparse
import logging
import sys
from importlib.metadata import entry_points

from kb import __version__
from kb.procedures.store import KBError
from kb.search.manifest import IndexError_


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every registered sub-command."""
    parser = argparse.ArgumentParser(
        prog="tthc",
        description="Knowledge base and assistant for Vietnamese administrative procedures (1022).",
    )
    parser.add_argument("--version", action="version", version=f"tthc {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for ep in sorted(entry_points(group="tthc.commands"), key=lambda e: e.name):
        register = ep.load()
        register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except (KBError, IndexError_) as exc:  # a missing or damaged knowledge base: one line, no traceback
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
