"""Conversation state behind a SessionStore Protocol: in-memory with TTL (default) and Redis."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from assistant.types import Choice, UnitMemory


@dataclass(frozen=True, slots=True)
class SessionState:
    """What a conversation remembers between turns."""

    procedure_code: str = ""
    procedure_name: str = ""
    aspect: str = "overview"
    choices: tuple[Choice, ...] = ()  # pending clarification options
    misses: int = 0  # consecutive turns without an answer
    turns: int = 0
    unit: UnitMemory = UnitMemory()  # the citizen's 2025 unit (a split unit's chosen part), kept across topics

    def to_json(self) -> str:
        """Compact JSON for external stores."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | bytes) -> SessionState:
        """Inverse of :meth:`to_json`."""
        d: dict[str, Any] = json.loads(raw)
        d["choices"] = tuple(Choice(**c) for c in d.get("choices", ()))
        u = d.get("unit") or {}  # absent in states stored before units were remembered
        d["unit"] = UnitMemory(u.get("old_key", ""), u.get("code", ""), tuple(u.get("options", ())))
        return cls(**d)


class SessionStore(Protocol):
    """Keeps :class:`SessionState` per session id, forgetting idle sessions after a TTL."""

    def get(self, session_id: str) -> SessionState | None:
        """The state, or None when unknown or expired."""
        ...

    def put(self, session_id: str, state: SessionState) -> None:
        """Store the state and restart its TTL."""
        ...

    def delete(self, session_id: str) -> None:
        """Forget the session."""
        ...


class MemorySessionStore:
    """Thread-safe dict with per-entry expiry; ``clock`` is injectable for tests."""

    def __init__(self, ttl_s: int = 1800, max_sessions: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self.max_sessions = max_sessions
        self._clock = clock
        self._data: dict[str, tuple[float, SessionState]] = {}
        self._lock = threading.Lock()

    def get(self, session_id: str) -> SessionState | None:
        with self._lock:
            item = self._data.get(session_id)
            if item is None:
                return None
            if item[0] <= self._clock():
                del self._data[session_id]
                return None
            return item[1]

    def put(self, session_id: str, state: SessionState) -> None:
        with self._lock:
            now = self._clock()
            if len(self._data) >= self.max_sessions:
                self._data = {k: v for k, v in self._data.items() if v[0] > now}
            self._data[session_id] = (now + self.ttl_s, state)

    def delete(self, session_id: str) -> None:
        with self._lock:
            self._data.pop(session_id, None)


class RedisSessionStore:
    """Sessions as JSON strings under ``<prefix><id>`` with Redis-side expiry (SET … EX)."""

    def __init__(self, url: str, ttl_s: int = 1800, prefix: str = "tthc:session:") -> None:
        import redis

        self.ttl_s = ttl_s
        self.prefix = prefix
        self._r = redis.Redis.from_url(url)

    def get(self, session_id: str) -> SessionState | None:
        raw = self._r.get(self.prefix + session_id)
        return SessionState.from_json(raw) if raw else None

    def put(self, session_id: str, state: SessionState) -> None:
        self._r.set(self.prefix + session_id, state.to_json(), ex=self.ttl_s)

    def delete(self, session_id: str) -> None:
        self._r.delete(self.prefix + session_id)


def make_session_store(redis_url: str, ttl_s: int) -> SessionStore:
    """Redis when a URL is configured, memory otherwise."""
    return RedisSessionStore(redis_url, ttl_s) if redis_url else MemorySessionStore(ttl_s)
