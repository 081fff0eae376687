"""Redis sessions that survive Redis: while it fails (short timeouts), sessions live in process memory,
and each failure is logged and counted (visible in /readyz and /metrics) — never a 500."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import redis

from assistant.faults import REDIS_PAUSE_S, Faults
from assistant.sessions import MemorySessionStore, RedisSessionStore, SessionState

T = TypeVar("T")
ERRORS = (redis.RedisError, OSError)


class FallbackSessionStore:
    """:class:`RedisSessionStore` first; memory while Redis fails and for ``REDIS_PAUSE_S`` after."""

    def __init__(self, primary: RedisSessionStore, faults: Faults, ttl_s: int = 1800,
                 max_sessions: int = 100_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.primary = primary
        self.memory = MemorySessionStore(ttl_s, max_sessions)
        self.faults = faults
        self._clock = clock
        self._paused_until = 0.0

    def _up(self) -> bool:
        return self._clock() >= self._paused_until

    def _failed(self, exc: BaseException) -> None:
        self._paused_until = self._clock() + REDIS_PAUSE_S
        self.faults.record("redis", exc)

    def _try(self, primary: Callable[[], T], fallback: Callable[[], T]) -> T:
        if self._up():
            try:
                return primary()
            except ERRORS as exc:
                self._failed(exc)
        return fallback()

    def get(self, session_id: str) -> SessionState | None:
        found = self._try(lambda: self.primary.get(session_id), lambda: None)
        return found or self.memory.get(session_id)  # a session begun during an outage

    def put(self, session_id: str, state: SessionState) -> None:
        self._try(lambda: self.primary.put(session_id, state), lambda: self.memory.put(session_id, state))

    def delete(self, session_id: str) -> None:
        self.memory.delete(session_id)
        self._try(lambda: self.primary.delete(session_id), lambda: None)

    @contextmanager
    def lock(self, session_id: str) -> Iterator[None]:
        """The Redis lock shared by workers; this process's lock while Redis fails."""
        held = None
        if self._up():
            lk = self.primary.lock(session_id)
            try:
                held = lk if lk.__enter__() else None
            except ERRORS as exc:
                self._failed(exc)
        if held is None:
            with self.memory.lock(session_id):
                yield
            return
        try:
            yield
        finally:
            try:
                held.__exit__(None, None, None)
            except ERRORS as exc:  # lock expired or Redis gone: the turn is done either way
                self._failed(exc)
