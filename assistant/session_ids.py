"""Server-issued session ids: 128 random bits, signed with HMAC-SHA256 so that a made-up, guessed or
tampered id is refused (the caller then gets a new session), plus the signing secret's home."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

from assistant.settings import ServingSettings

log = logging.getLogger(__name__)
COOKIE = "tthc_session"
COOKIE_PATH = "/v1"  # /v1/ask reads it, and /v1/feedback, so that the page can rate the answer it got
_RAW_BYTES = 16  # 128 bits
_MAC_BYTES = 16


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def session_key_path(settings: ServingSettings) -> Path:
    """``settings.session_key_file``, else ``session.key`` next to the knowledge base (its parent ``var/``)."""
    return settings.session_key_file or settings.kb_dir.parent / "session.key"


def load_secret(settings: ServingSettings) -> bytes:
    """``TTHC_SESSION_SECRET`` when set; else the key file, created (mode 0600) with 32 random bytes
    when absent. Several workers starting together agree: only the first creation wins."""
    if settings.session_secret:
        return settings.session_secret.get_secret_value().encode("utf-8")
    path = session_key_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_bytes()
    else:
        key = secrets.token_bytes(32)
        with os.fdopen(fd, "wb") as f:
            f.write(key)
        log.warning("generated a new session signing key at %s", path)
    if len(key) < 16:
        raise ValueError(f"session key file {path} is too short ({len(key)} bytes); delete it to regenerate")
    return key


class SessionIds:
    """Issues and verifies signed session ids ``<id>.<mac>``; the store is keyed by ``<id>``."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, raw: str) -> str:
        return _b64(hmac.new(self._secret, raw.encode("ascii"), hashlib.sha256).digest()[:_MAC_BYTES])

    def issue(self) -> tuple[str, str]:
        """A new session: (store key, signed id to hand to the client)."""
        raw = _b64(secrets.token_bytes(_RAW_BYTES))
        return raw, f"{raw}.{self._mac(raw)}"

    def verify(self, signed: str | None) -> str | None:
        """The store key of a genuine signed id, else None (absent, malformed, made-up or tampered)."""
        if not signed or signed.count(".") != 1 or len(signed) > 64:
            return None
        raw, mac = signed.split(".")
        if not raw.isascii() or not mac.isascii():
            return None
        return raw if hmac.compare_digest(mac, self._mac(raw)) else None

    def resolve(self, signed: str | None) -> tuple[str, str, bool]:
        """(store key, signed id, whether it is new): the given session when genuine, else a new one."""
        raw = self.verify(signed)
        if raw is not None:
            return raw, signed or "", False
        raw, fresh = self.issue()
        return raw, fresh, True

    def opaque(self, external_id: str, namespace: str) -> str:
        """A stable store key for an id chosen elsewhere (Rasa's ``sender_id``, often a phone number):
        keyed so that the number cannot be recovered from the store or logs."""
        digest = hmac.new(self._secret, f"{namespace}:{external_id}".encode(), hashlib.sha256).digest()
        return f"{namespace}-{_b64(digest[:_RAW_BYTES])}"
