"""The client-side request limiter: at most R requests in any 60-second window, per process and API key."""

from __future__ import annotations

import collections
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from . import retry

__all__ = ["WINDOW_SECONDS", "WindowLimiter", "shared_limiter"]

#: Cortex counts its limit per minute.
WINDOW_SECONDS = 60.0


class WindowLimiter:
    """Admits at most ``limit`` requests in any ``window``-second span; up to ``limit`` may go at once.

    Every request holds a *slot* from the moment it is admitted until ``window`` seconds after its answer
    arrived (``release``); at most ``limit`` slots are held at any instant. That one rule keeps the
    process under the server's limit whichever way the server counts, with no safety margin to guess:

    - Wherever the server places a request in time (when it arrives, when it is processed), that instant
      lies between our admission and our ``release``, so the request's slot covers it and the ``window``
      seconds after. If ``limit + 1`` requests were counted within one window, the last of those instants
      would fall inside all ``limit + 1`` slots at once — which the rule forbids. Network delay and its
      jitter only make slots longer, never let two counts closer than the rule allows.
    - A **sliding minute** is exactly "at most ``limit`` in any window"; a **fixed minute** (a counter reset
      on the clock's minute) is one such window, so it holds too, with no need to agree on the server's clock.
    - A **token bucket** holding ``limit`` tokens and refilled at ``limit`` per minute accepts such traffic:
      any span of ``k`` windows plus a part ``f`` of one holds at most ``limit * (k + 1)`` requests, and the
      bucket allows ``limit + limit * (k + f / window)`` in it.

    A request that must wait takes over the slot that expires first and sleeps until then, outside the lock,
    so threads are served in arrival order; when all slots are held by requests still in flight (only
    possible when ``limit`` is below the number of threads) it waits for one to be released. What the limiter
    cannot see — another process, stack or tool using the same API key — is left to the 429 handling.

    ``clock`` and ``sleep`` are injectable so that tests are exact and instant; the default sleep is the
    client's single ``retry.sleep``.
    """

    def __init__(
        self,
        limit: int,
        window: float = WINDOW_SECONDS,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"limit must be a whole number of requests >= 1, got {limit!r}")
        if window <= 0:
            raise ValueError(f"window must be a positive number of seconds, got {window!r}")
        self.limit = limit
        self.window = float(window)
        self._clock = clock
        self._sleep = sleep
        self._in_flight = 0  # admitted (or about to be) and not yet released
        self._released: collections.deque[float] = collections.deque()  # answer times, oldest first
        self._cond = threading.Condition(threading.Lock())

    def _expire(self, now: float) -> None:
        while self._released and self._released[0] + self.window <= now:
            self._released.popleft()

    def _reserve(self) -> float:
        """Take a slot; the seconds until it may be used (0 for at once)."""
        with self._cond:
            while True:
                now = self._clock()
                self._expire(now)
                if self._in_flight + len(self._released) < self.limit:
                    self._in_flight += 1
                    return 0.0
                if self._released:
                    # Take over the slot that frees first; nobody else can claim it meanwhile.
                    frees_at = self._released.popleft() + self.window
                    self._in_flight += 1
                    return frees_at - now
                self._cond.wait()  # every slot is held by a request in flight

    def acquire(self) -> float:
        """Wait for a slot (returns the seconds waited); pair every call with one ``release``."""
        wait = self._reserve()
        if wait > 0:
            (self._sleep or retry.sleep)(wait)
        return wait

    def release(self) -> None:
        """The request of an ``acquire`` has its answer (or failed): its slot ends a window from now."""
        with self._cond:
            if self._in_flight <= 0:
                raise RuntimeError("release() without a matching acquire()")
            self._in_flight -= 1
            self._released.append(self._clock())
            self._cond.notify()

    @contextmanager
    def slot(self) -> Iterator[float]:
        """``with limiter.slot():`` around one request; yields the seconds waited."""
        waited = self.acquire()
        try:
            yield waited
        finally:
            self.release()

    def held(self) -> int:
        """Slots held now (in flight, or answered within the last window)."""
        with self._cond:
            self._expire(self._clock())
            return self._in_flight + len(self._released)

    def __repr__(self) -> str:
        return f"WindowLimiter(limit={self.limit}, window={self.window:g})"


_SHARED: dict[tuple[str, str, int], WindowLimiter] = {}
_SHARED_LOCK = threading.Lock()


def shared_limiter(base_url: str, api_token: str, limit: int) -> WindowLimiter:
    """The process's one limiter for this Cortex URL, API key and limit (Cortex counts per key).

    Every client of the process that talks to the same account with the same key shares it, so a program
    that makes several clients (lookups, the provider of each resource type) still stays under the limit.
    Only a digest of the token is kept.
    """
    digest = hashlib.sha256(api_token.encode()).hexdigest()
    key = (base_url, digest, limit)
    with _SHARED_LOCK:
        limiter = _SHARED.get(key)
        if limiter is None:
            limiter = _SHARED[key] = WindowLimiter(limit)
        return limiter
