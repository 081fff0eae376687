"""`tthc serve`: run the web app and API with uvicorn."""

from __future__ import annotations

import argparse
import copy
import logging
import os
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kb.procedures.store import KBError, Store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``serve``."""
    p = sub.add_parser("serve", help="serve the web app and API")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--kb", type=Path)
    p.add_argument("--workers", type=int, default=1,
                   help="worker processes (sessions and limits shared through TTHC_REDIS_URL)")
    p.set_defaults(func=serve)


def log_config() -> dict[str, Any]:
    """uvicorn's logging plus ours, applied in every worker process: our access log (route templates
    only) at INFO, everything else of ours at WARNING."""
    from uvicorn.config import LOGGING_CONFIG

    cfg = copy.deepcopy(LOGGING_CONFIG)
    cfg["formatters"]["tthc"] = {"format": "%(levelname)s %(name)s: %(message)s"}
    cfg["handlers"]["tthc"] = {"class": "logging.StreamHandler", "formatter": "tthc", "stream": "ext://sys.stderr"}
    cfg["loggers"]["tthc.access"] = {"handlers": ["tthc"], "level": "INFO", "propagate": False}
    cfg["root"] = {"handlers": ["tthc"], "level": "WARNING"}
    return cfg


def serve(args: argparse.Namespace) -> int:
    """Check the settings and the knowledge base, then serve until stopped.

    A missing search index, legal compendium or unit map does not stop the server: it starts
    degraded, logs why, and /readyz answers 503 naming each missing part.
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
    if args.workers < 1:
        print("Lỗi cấu hình: --workers phải từ 1 trở lên", file=sys.stderr)
        return 2
    if args.workers > 1 and not settings.redis_url:
        print("Cảnh báo: nhiều worker mà không có TTHC_REDIS_URL: mỗi worker giữ phiên và hạn mức riêng.",
              file=sys.stderr)
    # Our access log names the route template, never the raw path or query string (personal data);
    # uvicorn's own access log and its Server header (a version) are off; idle connections close fast.
    logging.getLogger("tthc.access").setLevel(logging.INFO)
    options = {"host": settings.host, "port": settings.port, "log_level": "info", "access_log": False,
               "log_config": log_config(),
               "server_header": False, "timeout_keep_alive": 5, "limit_concurrency": 512,
               "h11_max_incomplete_event_size": 16_384}
    if args.workers == 1:
        uvicorn.run(create_app(settings), **options)  # type: ignore[arg-type]
        return 0
    # Workers build the app from TTHC_* variables: pass on what came from the command line.
    os.environ.update({"TTHC_KB_DIR": str(settings.kb_dir), "TTHC_HOST": settings.host,
                       "TTHC_PORT": str(settings.port)})
    uvicorn.run("assistant.app:create_app", factory=True, workers=args.workers, **options)  # type: ignore[arg-type]
    return 0
