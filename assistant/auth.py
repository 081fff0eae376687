"""Roles and bearer tokens: a SQLite store of token hashes and the ``require_role`` FastAPI dependency.

Citizen routes are anonymous. Agent, reform and admin routes need ``Authorization: Bearer <token>``
whose role matches (``admin`` passes every role). A token presented to any route, anonymous ones
included, must be a known one (401 ``auth_invalid`` otherwise, see :mod:`assistant.middleware`): a
wrong credential is never silently ignored. Only the sha256 of a token is stored; the token
itself is printed once by ``tthc token create``. Errors: 401 ``auth_required`` / ``auth_invalid``,
403 ``auth_forbidden``, each with a Vietnamese ``detail``.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Literal, get_args

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.settings import ServingSettings

Role = Literal["agent", "reform", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
TOKEN_PREFIX = "tthc_"
_SCHEMA = """CREATE TABLE IF NOT EXISTS tokens (
    name TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created TEXT NOT NULL)"""


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_db_path(settings: ServingSettings) -> Path:
    """``settings.token_db``, else ``tokens.sqlite`` next to the knowledge base (its parent ``var/``)."""
    return settings.token_db or settings.kb_dir.parent / "tokens.sqlite"


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A stored token, without its secret."""

    name: str
    role: Role
    created: str


class TokenError(ValueError):
    """A token operation that cannot be done (duplicate or unknown name, unknown role)."""


class TokenStore:
    """Token hashes in a SQLite file; the file is created by the first :meth:`create` only."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=5)
        try:
            con.execute(_SCHEMA)
            with con:
                yield con
        finally:
            con.close()

    def create(self, name: str, role: str) -> str:
        """A new token for ``name`` with ``role``; only its hash is kept, so show it to the user now."""
        if role not in ROLES:
            raise TokenError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
        if not name.strip():
            raise TokenError("a token needs a name")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            with self._db() as con:
                con.execute("INSERT INTO tokens VALUES (?, ?, ?, ?)", (name, role, hash_token(token), now))
        except sqlite3.IntegrityError:
            raise TokenError(f"a token named {name!r} already exists; revoke it first") from None
        return token

    def list(self) -> list[TokenInfo]:
        """Every stored token, by name."""
        if not self.path.exists():
            return []
        with self._db() as con:
            rows = con.execute("SELECT name, role, created FROM tokens ORDER BY name").fetchall()
        return [TokenInfo(n, r, c) for n, r, c in rows]

    def revoke(self, name: str) -> None:
        """Delete the token called ``name``; :class:`TokenError` when there is none."""
        deleted = 0
        if self.path.exists():
            with self._db() as con:
                deleted = con.execute("DELETE FROM tokens WHERE name = ?", (name,)).rowcount
        if not deleted:
            raise TokenError(f"no token named {name!r}")

    def lookup(self, token: str) -> TokenInfo | None:
        """The token's name and role, or None when unknown or revoked."""
        if not token.startswith(TOKEN_PREFIX) or not self.path.exists():
            return None
        with self._db() as con:
            row = con.execute("SELECT name, role, created FROM tokens WHERE hash = ?",
                              (hash_token(token),)).fetchone()
        return TokenInfo(row[0], row[1], row[2]) if row else None


class AuthError(Exception):
    """A refused request: HTTP status, stable code and Vietnamese detail."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(code)
        self.status, self.code, self.detail = status, code, detail


def invalid_token() -> AuthError:
    """401 ``auth_invalid``: a token was presented but is not a known one (made up, revoked, not Bearer)."""
    return AuthError(401, "auth_invalid", "Mã truy cập không hợp lệ hoặc đã bị thu hồi.")


def auth_error_response(_: Request, exc: Exception) -> JSONResponse:
    """The JSON body of an :class:`AuthError` (registered on the app)."""
    assert isinstance(exc, AuthError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return JSONResponse({"code": exc.code, "detail": exc.detail}, status_code=exc.status, headers=headers)


_bearer = HTTPBearer(auto_error=False, description="Mã truy cập do `tthc token create` cấp")
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def token_store(request: Request) -> TokenStore:
    """The app's token store (``app.state.tokens``, set by :func:`assistant.app.create_app`)."""
    store: TokenStore = request.app.state.tokens
    return store


def authorize(store: TokenStore, credentials: HTTPAuthorizationCredentials | None, roles: tuple[Role, ...]) -> str:
    """The token's name when it grants one of ``roles`` (admin grants all), else :class:`AuthError`."""
    if credentials is None or not credentials.credentials:
        raise AuthError(401, "auth_required", "Cần mã truy cập (Authorization: Bearer <mã>) để dùng chức năng này.")
    info = store.lookup(credentials.credentials)
    if info is None:
        raise invalid_token()
    if info.role != "admin" and info.role not in roles:
        raise AuthError(403, "auth_forbidden",
                        f"Mã truy cập này (vai trò {info.role}) không có quyền dùng chức năng này.")
    return info.name


def require_role(*roles: Role) -> Callable[..., str]:
    """A dependency returning the caller's token name when its role is one of ``roles`` (or admin)."""

    def dependency(request: Request, credentials: BearerDep) -> str:
        return authorize(token_store(request), credentials, roles)

    return dependency
