"""`tthc token create|list|revoke`: bearer tokens for the agent, reform and admin routes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.auth import TokenStore


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``token`` with its three actions."""
    p = sub.add_parser("token", help="create, list or revoke access tokens (only their hashes are stored)")
    p.add_argument("--db", type=Path, help="token database (default: TTHC_TOKEN_DB, else var/tokens.sqlite)")
    p.add_argument("--kb", type=Path, help="knowledge base whose parent folder holds tokens.sqlite")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = actions.add_parser("create", help="create a token and print it once")
    c.add_argument("name")
    c.add_argument("--role", required=True, choices=["agent", "reform", "admin"])
    c.set_defaults(func=create)
    ls = actions.add_parser("list", help="list token names and roles")
    ls.set_defaults(func=list_tokens)
    r = actions.add_parser("revoke", help="delete a token")
    r.add_argument("name")
    r.set_defaults(func=revoke)


def _store(args: argparse.Namespace) -> TokenStore:
    from assistant.auth import TokenStore, token_db_path
    from assistant.settings import ServingSettings

    given = {"token_db": args.db, "kb_dir": args.kb}
    return TokenStore(token_db_path(ServingSettings(**{k: v for k, v in given.items() if v is not None})))


def create(args: argparse.Namespace) -> int:
    """Print a new token once (it cannot be shown again)."""
    from assistant.auth import TokenError

    store = _store(args)
    try:
        token = store.create(args.name, args.role)
    except TokenError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    print(token)
    print(f"Đã tạo mã '{args.name}' (vai trò {args.role}) trong {store.path}. Mã chỉ hiện một lần.",
          file=sys.stderr)
    return 0


def list_tokens(args: argparse.Namespace) -> int:
    """One line per token: name, role, creation time."""
    for t in _store(args).list():
        print(f"{t.name}\t{t.role}\t{t.created}")
    return 0


def revoke(args: argparse.Namespace) -> int:
    """Delete the named token; 1 when there is none."""
    from assistant.auth import TokenError

    try:
        _store(args).revoke(args.name)
    except TokenError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    print(f"Đã thu hồi mã '{args.name}'.", file=sys.stderr)
    return 0
