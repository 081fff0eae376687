"""Degradations that are survived, not hidden: each is logged (at most every 30 s per component),
counted, and listed by /readyz and /metrics."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)
RECENT_S = 60.0  # a component failed within this window counts as degraded now
REDIS_TIMEOUT_S = 0.25
REDIS_PAUSE_S = 5.0  # after a Redis failure, use the fallback for this long before trying again


def redis_client(url: str) -> Any:
    """A Redis client with short timeouts: a slow Redis costs at most a quarter second per call."""
    import redis

    return redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT_S, socket_connect_timeout=REDIS_TIMEOUT_S,
                                retry_on_timeout=False)


@dataclass(slots=True)
class Fault:
    """The last failure of one component."""

    reason: str
    at: float  # time.monotonic()


class Faults:
    """Thread-safe record of fallbacks taken; ``clock`` is injectable for tests."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self.counts: Counter[str] = Counter()
        self.last: dict[str, Fault] = {}
        self._logged: dict[str, float] = {}

    def record(self, component: str, exc: BaseException | str) -> None:
        """Count a fallback of ``component`` and log it (rate-limited)."""
        reason = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
        now = self._clock()
        with self._lock:
            self.counts[component] += 1
            self.last[component] = Fault(reason[:200], now)
            quiet = now - self._logged.get(component, -1e9) < 30
            if not quiet:
                self._logged[component] = now
        if not quiet:
            log.warning("%s failed, using the in-process fallback (%d so far): %s",
                        component, self.counts[component], reason)

    def degraded(self) -> dict[str, str]:
        """Components that failed within the last :data:`RECENT_S` seconds, with their last reason."""
        now = self._clock()
        with self._lock:
            return {c: f.reason for c, f in self.last.items() if now - f.at < RECENT_S}
