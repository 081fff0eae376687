"""Prometheus text metrics kept in process: requests by route and status, a latency histogram,
fallbacks taken, rate-limited requests and pipeline busy replies."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict

from assistant.faults import Faults

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """Counters and one latency histogram per route template (bounded: routes are a fixed set)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: Counter[tuple[str, int]] = Counter()
        self.buckets: Counter[tuple[str, float]] = Counter()
        self.sums: defaultdict[str, float] = defaultdict(float)
        self.counts: Counter[str] = Counter()
        self.events: Counter[str] = Counter()  # busy replies, store errors…

    def observe(self, route: str, status: int, seconds: float) -> None:
        """Count one finished request."""
        with self._lock:
            self.requests[(route, status)] += 1
            self.sums[route] += seconds
            self.counts[route] += 1
            for b in BUCKETS:
                if seconds <= b:
                    self.buckets[(route, b)] += 1

    def event(self, name: str) -> None:
        """Count a named event."""
        with self._lock:
            self.events[name] += 1

    def render(self, faults: Faults, rate_limited: int) -> str:
        """The exposition text."""
        out = ["# TYPE tthc_requests_total counter"]
        with self._lock:
            out += [f'tthc_requests_total{{route="{r}",status="{s}"}} {n}'
                    for (r, s), n in sorted(self.requests.items())]
            out.append("# TYPE tthc_request_seconds histogram")
            for route in sorted(self.counts):
                for b in BUCKETS:
                    out.append(f'tthc_request_seconds_bucket{{route="{route}",le="{b}"}} {self.buckets[(route, b)]}')
                out.append(f'tthc_request_seconds_bucket{{route="{route}",le="+Inf"}} {self.counts[route]}')
                out.append(f'tthc_request_seconds_sum{{route="{route}"}} {self.sums[route]:.6f}')
                out.append(f'tthc_request_seconds_count{{route="{route}"}} {self.counts[route]}')
            out.append("# TYPE tthc_events_total counter")
            out += [f'tthc_events_total{{event="{e}"}} {n}' for e, n in sorted(self.events.items())]
        out.append("# TYPE tthc_fallbacks_total counter")
        out += [f'tthc_fallbacks_total{{component="{c}"}} {n}' for c, n in sorted(faults.counts.items())]
        out.append("# TYPE tthc_rate_limited_total counter")
        out.append(f"tthc_rate_limited_total {rate_limited}")
        return "\n".join(out) + "\n"
