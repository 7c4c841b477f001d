"""Per-API-key token buckets: N requests per minute, bursting up to N, as Cortex documents (1000/min)."""

from __future__ import annotations

import math
import threading
import time


class RateLimiter:
    """Token bucket per key name; ``acquire`` returns 0 when allowed, else the seconds to wait (>= 1)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._rate = per_minute / 60.0
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}
        self._clock = time.monotonic

    def acquire(self, key: str) -> int:
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * self._rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0
            self._buckets[key] = (tokens, now)
            return max(1, math.ceil((1.0 - tokens) / self._rate))

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()
