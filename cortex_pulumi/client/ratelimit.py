"""A thread-safe client-side token bucket keeping one process under Cortex's request rate."""

from __future__ import annotations

import threading
import time

from . import retry

__all__ = ["TokenBucket"]


class TokenBucket:
    """``rate_per_minute`` requests per minute with bursts of up to ``burst``.

    Callers that find the bucket empty reserve a future token (the count goes negative) and wait
    outside the lock, so threads are served in arrival order and never spin.
    """

    def __init__(self, rate_per_minute: float, burst: int = 50) -> None:
        if rate_per_minute <= 0:
            raise ValueError(f"rate_per_minute must be positive, got {rate_per_minute!r}")
        if burst < 1:
            raise ValueError(f"burst must be at least 1, got {burst!r}")
        self.rate_per_second = rate_per_minute / 60.0
        self.burst = burst
        self._tokens = float(burst)
        self._updated = time.monotonic()
        self._lock = threading.Lock()

    def _reserve(self) -> float:
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate_per_second)
            self._updated = now
            self._tokens -= 1.0
            return 0.0 if self._tokens >= 0 else -self._tokens / self.rate_per_second

    def acquire(self) -> float:
        """Take one token, waiting if needed; returns the seconds waited."""
        wait = self._reserve()
        if wait > 0:
            retry.sleep(wait)
        return wait

    def __repr__(self) -> str:
        return f"TokenBucket(rate_per_minute={self.rate_per_second * 60:g}, burst={self.burst})"
