"""Conversation state behind a SessionStore Protocol: in-memory with TTL (default) and Redis."""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from assistant.faults import Faults
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

    def lock(self, session_id: str) -> AbstractContextManager[Any]:
        """Held around one turn's read-answer-write, so concurrent turns of a session never lose updates."""
        ...


class StripedLocks:
    """A fixed set of locks shared by hash: per-session mutual exclusion in bounded memory."""

    def __init__(self, stripes: int = 256) -> None:
        self._locks = tuple(threading.Lock() for _ in range(stripes))

    def __call__(self, key: str) -> threading.Lock:
        return self._locks[hash(key) % len(self._locks)]


class MemorySessionStore:
    """Thread-safe LRU with per-entry expiry and a hard cap (oldest dropped); ``clock`` is injectable.

    Every put moves the entry to the end and the TTL is uniform, so the front is always the entry that
    expires first: expiry and the cap cost O(1) per put, whatever the number of sessions.
    """

    def __init__(self, ttl_s: int = 1800, max_sessions: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self.max_sessions = max_sessions
        self._clock = clock
        self._data: OrderedDict[str, tuple[float, SessionState]] = OrderedDict()
        self._lock = threading.Lock()
        self.lock = StripedLocks()

    def __len__(self) -> int:
        return len(self._data)

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
            self._data[session_id] = (now + self.ttl_s, state)
            self._data.move_to_end(session_id)
            while self._data:
                first, (expires, _) = next(iter(self._data.items()))
                if expires > now and len(self._data) <= self.max_sessions:
                    break
                del self._data[first]

    def delete(self, session_id: str) -> None:
        with self._lock:
            self._data.pop(session_id, None)


class RedisSessionStore:
    """Sessions as JSON strings under ``<prefix><id>`` with Redis-side expiry (SET … EX)."""

    def __init__(self, url: str, ttl_s: int = 1800, prefix: str = "tthc:session:") -> None:
        from assistant.faults import redis_client

        self.ttl_s = ttl_s
        self.prefix = prefix
        self._r = redis_client(url)

    def get(self, session_id: str) -> SessionState | None:
        raw = self._r.get(self.prefix + session_id)
        return SessionState.from_json(raw) if raw else None

    def put(self, session_id: str, state: SessionState) -> None:
        self._r.set(self.prefix + session_id, state.to_json(), ex=self.ttl_s)

    def delete(self, session_id: str) -> None:
        self._r.delete(self.prefix + session_id)

    def lock(self, session_id: str) -> AbstractContextManager[Any]:
        """A Redis lock (shared by every worker) that expires by itself if its holder dies."""
        lock: AbstractContextManager[Any] = self._r.lock(self.prefix + "lock:" + session_id, timeout=30,
                                                         blocking_timeout=10)
        return lock


def make_session_store(redis_url: str, ttl_s: int, max_sessions: int = 100_000,
                       faults: Faults | None = None) -> SessionStore:
    """Redis (with an in-process fallback while it fails) when a URL is configured, memory otherwise."""
    if not redis_url:
        return MemorySessionStore(ttl_s, max_sessions)
    from assistant.session_fallback import FallbackSessionStore

    return FallbackSessionStore(RedisSessionStore(redis_url, ttl_s), faults or Faults(), ttl_s, max_sessions)
