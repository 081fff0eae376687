"""Fixed-window rate limits per client and per token: Redis when configured (shared by workers),
process memory otherwise or while Redis fails (a counted, logged fallback)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from assistant.faults import REDIS_PAUSE_S, Faults, redis_client

WINDOW_S = 60


class MemoryWindows:
    """Counts per key in the current window; forgets every key when the window moves on."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._window = -1
        self._counts: dict[str, int] = {}

    def incr(self, key: str, window: int) -> int:
        with self._lock:
            if window != self._window:
                self._window, self._counts = window, {}
            self._counts[key] = n = self._counts.get(key, 0) + 1
            return n


class RateLimiter:
    """``check(key, limit)`` → None when allowed, else the seconds to wait (for ``Retry-After``)."""

    def __init__(self, redis_url: str = "", faults: Faults | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.faults = faults or Faults()
        self._clock = clock
        self._memory = MemoryWindows()
        self._redis = redis_client(redis_url) if redis_url else None
        self._redis_paused_until = 0.0
        self.limited = 0  # requests refused so far (for /metrics)

    def _count(self, key: str, window: int) -> int:
        if self._redis is not None and self._clock() >= self._redis_paused_until:
            import redis

            name = f"tthc:rl:{window}:{key}"
            try:
                pipe = self._redis.pipeline()
                pipe.incr(name)
                pipe.expire(name, WINDOW_S + 5)
                return int(pipe.execute()[0])
            except (redis.RedisError, OSError) as exc:
                self._redis_paused_until = self._clock() + REDIS_PAUSE_S
                self.faults.record("redis", exc)
        return self._memory.incr(key, window)

    def check(self, key: str, limit: int) -> int | None:
        """Count one request of ``key``; the wait in seconds when it is over ``limit`` this window."""
        if limit <= 0:
            return None
        now = self._clock()
        window = int(now // WINDOW_S)
        if self._count(key, window) <= limit:
            return None
        self.limited += 1
        return max(1, int((window + 1) * WINDOW_S - now + 0.999))
