"""`tthc serve`: run the web app and API with uvicorn."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb.config import Settings
from kb.procedures.store import KBError, Store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``serve``."""
    p = sub.add_parser("serve", help="serve the web app and API")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--kb", type=Path)
    p.set_defaults(func=serve)


def serve(args: argparse.Namespace) -> int:
    """Check the knowledge base, then serve until stopped."""
    import dataclasses

    import uvicorn

    from assistant.app import create_app

    settings = Settings.from_env()
    if args.kb:
        settings = dataclasses.replace(settings, kb_dir=args.kb)
    try:
        Store(settings.kb_dir).load().close()
    except KBError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    uvicorn.run(create_app(settings), host=args.host or settings.host,
                port=args.port or settings.port, log_level="info")
    return 0
