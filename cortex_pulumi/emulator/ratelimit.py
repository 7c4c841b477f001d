"""Per-API-key rate limits, N requests per minute as Cortex documents (1000/min): a token bucket or a strict window.

``token-bucket`` (the default) holds N tokens, refilled at N per minute: a full minute's worth may go at once.
``sliding-window`` is stricter: at most N requests arrive in any 60-second span, counted when each arrives,
so a client must spread anything beyond N over real minutes. Refused requests are not counted in either.
"""

from __future__ import annotations

import collections
import math
import threading
import time
from collections.abc import Callable

__all__ = ["MODES", "RateLimiter", "SlidingWindowLimiter", "make_limiter"]

#: The ``--rate-limit-mode`` values.
MODES = ("token-bucket", "sliding-window")
WINDOW_SECONDS = 60.0


class RateLimiter:
    """Token bucket per key name; ``acquire`` returns 0 when allowed, else the seconds to wait (>= 1)."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._rate = per_minute / WINDOW_SECONDS
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}
        self._clock = clock

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


class SlidingWindowLimiter:
    """At most ``per_minute`` admitted requests per key in any 60 s; ``acquire`` as for `RateLimiter`.

    A request arriving at ``t`` is refused while ``per_minute`` requests were admitted in ``(t - 60, t]``;
    its ``Retry-After`` is the whole seconds until the oldest of them leaves the window.
    """

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._lock = threading.Lock()
        self._admitted: dict[str, collections.deque[float]] = {}
        self._clock = clock

    def acquire(self, key: str) -> int:
        now = self._clock()
        with self._lock:
            times = self._admitted.setdefault(key, collections.deque())
            while times and times[0] <= now - WINDOW_SECONDS:
                times.popleft()
            if len(times) < self.per_minute:
                times.append(now)
                return 0
            return max(1, math.ceil(times[0] + WINDOW_SECONDS - now))

    def reset(self) -> None:
        with self._lock:
            self._admitted.clear()


def make_limiter(mode: str, per_minute: int) -> RateLimiter | SlidingWindowLimiter:
    """The limiter of one ``--rate-limit-mode``."""
    if mode == "token-bucket":
        return RateLimiter(per_minute)
    if mode == "sliding-window":
        return SlidingWindowLimiter(per_minute)
    raise ValueError(f"rate_limit_mode must be one of {', '.join(MODES)}, got {mode!r}")
