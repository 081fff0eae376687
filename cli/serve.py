"""`tthc serve`: run the web app and API with uvicorn."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pydantic import ValidationError

from kb.procedures.store import KBError, Store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``serve``."""
    p = sub.add_parser("serve", help="serve the web app and API")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--kb", type=Path)
    p.set_defaults(func=serve)


def serve(args: argparse.Namespace) -> int:
    """Check the settings and the knowledge base, then serve until stopped.

    A missing search index, legal compendium or unit map does not stop the server: it starts
    degraded, logs why, and /healthz answers 503 naming each missing part.
    """
    import uvicorn

    from assistant.app import create_app
    from assistant.settings import ServingSettings

    try:
        given = {"kb_dir": args.kb, "host": args.host, "port": args.port}
        settings = ServingSettings(**{k: v for k, v in given.items() if v is not None})
        Store(settings.kb_dir).load().close()
    except ValidationError as exc:
        print(f"Lỗi cấu hình: {exc}", file=sys.stderr)
        return 2
    except KBError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
    return 0
