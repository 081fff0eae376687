"""What a turn leaves behind: a redacted row per /v1/ask or agent suggestion, written in the background."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from assistant.interactions.store import InteractionStore
from assistant.interactions.writer import BackgroundWriter
from assistant.redact import redact
from assistant.types import Reply
from kb.procedures.facets import family_key

if TYPE_CHECKING:
    from assistant.agent import Suggestions
    from assistant.settings import ServingSettings

log = logging.getLogger(__name__)


def utc(dt: datetime) -> datetime:
    """``dt`` as an aware UTC datetime (SQLite hands back naive ones; we only ever store UTC)."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


class Recorder:
    """Turns into rows (only redacted text, the session as an HMAC), queued to a background writer."""

    def __init__(self, store: InteractionStore, salt: str, pipeline: str, queue_size: int = 10_000) -> None:
        self.store = store
        self._salt = salt.encode()
        self.pipeline = pipeline[:80]
        self.writer: BackgroundWriter[dict[str, Any]] = BackgroundWriter(store.add_turns, queue_size)

    def session_hash(self, session_id: str) -> str:
        """HMAC-SHA256 of the session id under the store's salt (the raw id is never stored)."""
        return hmac.new(self._salt, session_id.encode(), hashlib.sha256).hexdigest()

    def _row(self, channel: str, question: str, status: str, procedure: tuple[str, str] | None,
             aspect: str, choices: list[tuple[str, str]], latency_ms: float, session_id: str) -> dict[str, Any]:
        return {
            "at": datetime.now(UTC), "channel": channel, "question": question, "status": status,
            "code": procedure[0] if procedure else None,
            "family": family_key(procedure[1]) if procedure else None,
            "aspect": aspect, "choices": json.dumps(choices, ensure_ascii=False),
            "latency_ms": round(latency_ms, 3), "pipeline": self.pipeline,
            "session": self.session_hash(session_id),
        }

    def record_reply(self, reply: Reply, latency_ms: float) -> bool:
        """Queue a citizen turn (``reply.redacted_question`` is the pipeline's redacted text)."""
        return self.writer.submit(self._row(
            reply.channel, reply.redacted_question, reply.status, reply.procedure, reply.aspect,
            [(c.code, c.label) for c in reply.choices], latency_ms, reply.session_id))

    def record_suggestions(self, s: Suggestions, session_id: str, latency_ms: float) -> bool:
        """Queue an agent-console turn (``s.text`` is already redacted); the first card is its procedure."""
        first = (s.suggestions[0].code, s.suggestions[0].name) if s.suggestions else None
        return self.writer.submit(self._row(
            "agent", s.text, s.status, first, s.aspect, [("", c) for c in s.choices], latency_ms, session_id))

    def feedback(self, session_id: str, rating: str, reason: str | None = None,
                 correct_code: str | None = None, note: str | None = None, by: str | None = None) -> None:
        """Store one rating now (the caller answers 503 if the store is down); the note is redacted."""
        self.store.add_feedback({
            "at": datetime.now(UTC), "session": self.session_hash(session_id), "rating": rating,
            "reason": reason, "correct_code": correct_code, "note": redact(note)[0] if note else None, "by": by,
        })

    def stats(self) -> dict[str, Any]:
        """Writer counters and the backend (for /healthz)."""
        return {"backend": self.store.backend, **self.writer.stats()}

    def flush(self) -> None:
        """Wait for queued turns to be written (tests, CLI, shutdown)."""
        self.writer.flush()

    def close(self) -> None:
        """Write what is queued, stop the writer, release connections."""
        self.writer.close()
        self.store.close()


def open_recorder(settings: ServingSettings, pipeline: str) -> Recorder:
    """Open ``settings.database_url`` (the embedded SQLite file by default), migrate it, load the salt.

    Raises SQLAlchemy's error when the database cannot be reached; start-up names it in /healthz.
    """
    store = InteractionStore(settings.database())
    try:
        store.migrate()
        salt = settings.session_salt or store.salt()
    except Exception:
        store.close()
        raise
    log.info("interaction store ready: %s", store.backend)
    return Recorder(store, salt, pipeline, settings.record_queue)
