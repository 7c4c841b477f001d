"""The client-side request limiter: at most R requests in any 60-second window, per process and API key."""

from __future__ import annotations

import bisect
import collections
import hashlib
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from . import retry

__all__ = ["LOG_DIR_VARIABLE", "WINDOW_SECONDS", "WindowLimiter", "WindowLog", "log_directory", "shared_limiter"]

log = logging.getLogger("cortex_pulumi.client")

#: Cortex counts its limit per minute.
WINDOW_SECONDS = 60.0
#: Where processes leave their answer times for the next command (``off`` to keep each process to itself).
LOG_DIR_VARIABLE = "CORTEX_RATE_LIMIT_DIR"


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
    possible when ``limit`` is below the number of threads) it waits for one to be released.

    Each ``pulumi`` command is a new process. With a ``WindowLog`` the limiter starts from the answers the
    previous commands (and concurrent ones on this machine) received within the window, and reads what they
    add as it goes, so ``pulumi up`` right after a big ``pulumi up`` waits instead of drawing 429s. What it
    cannot see — requests still in flight in another process, other machines or tools on the same key — is
    left to the 429 handling.

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
        shared_log: WindowLog | None = None,
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
        self._log = shared_log
        if shared_log is not None and shared_log.epoch_seconds < self.window:
            raise ValueError("the shared log's files must span at least one window")

    def _merge_others(self, now: float) -> None:
        """Add the answers other processes recorded since the last look (their slots count too)."""
        if self._log is None:
            return
        offset = now - self._log.wall()
        for stamp in self._log.read_new():
            at = stamp + offset
            if at + self.window > now:
                bisect.insort(self._released, at)

    def _expire(self, now: float) -> None:
        while self._released and self._released[0] + self.window <= now:
            self._released.popleft()

    def _reserve(self) -> float:
        """Take a slot; the seconds until it may be used (0 for at once)."""
        with self._cond:
            while True:
                now = self._clock()
                self._merge_others(now)
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
        if self._log is not None:
            self._log.record()

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
            now = self._clock()
            self._merge_others(now)
            self._expire(now)
            return self._in_flight + len(self._released)

    def __repr__(self) -> str:
        return f"WindowLimiter(limit={self.limit}, window={self.window:g})"


class WindowLog:
    """Answer times of every process using one account and key on this machine, in append-only files.

    One line per answer (``<writer> <unix time>``), appended with ``O_APPEND`` so that concurrent writers
    never interleave; a file per ``epoch_seconds`` so that nothing needs rewriting: readers look at the
    current and the previous file, and files older than that are removed. Each reader remembers how far it
    read. Any file-system trouble turns the log off for the process (logged at debug level): the limiter
    then counts its own requests only, and the 429 handling covers the rest.
    """

    def __init__(self, directory: Path, key: str, *, wall: Callable[[], float] = time.time,
                 epoch_seconds: float = 600.0) -> None:
        self.directory = directory
        self.key = key
        self.wall = wall
        self.epoch_seconds = epoch_seconds
        self._me = f"{os.getpid()}.{secrets.token_hex(4)}".encode()
        self._read: dict[int, int] = {}  # epoch -> bytes consumed
        self._writer: tuple[int, int] | None = None  # (epoch, fd)
        self._write_lock = threading.Lock()
        self._off = False
        try:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._remove_old()
        except OSError as exc:
            self._disable(exc)

    def _disable(self, exc: OSError) -> None:
        log.debug("rate-limit log in %s unusable (%s); counting this process's requests only", self.directory, exc)
        self._off = True

    def _path(self, epoch: int) -> Path:
        return self.directory / f"{self.key}-{epoch}.log"

    def _epoch(self) -> int:
        return int(self.wall() // self.epoch_seconds)

    def _remove_old(self) -> None:
        current = self._epoch()
        for path in self.directory.glob(f"{self.key}-*.log"):
            suffix = path.stem.rsplit("-", 1)[-1]
            if suffix.lstrip("-").isdigit() and int(suffix) < current - 1:
                path.unlink(missing_ok=True)

    def read_new(self) -> list[float]:
        """Unix times of the answers other writers recorded since the previous call (whole lines only)."""
        if self._off:
            return []
        current = self._epoch()
        stamps: list[float] = []
        for epoch in (current - 1, current):
            start = self._read.get(epoch, 0)
            try:
                with open(self._path(epoch), "rb") as file:
                    file.seek(start)
                    data = file.read()
            except FileNotFoundError:
                continue
            except OSError as exc:
                self._disable(exc)
                return []
            whole = data.rfind(b"\n") + 1
            self._read[epoch] = start + whole
            for line in data[:whole].splitlines():
                writer, _, stamp = line.partition(b" ")
                if writer != self._me:
                    try:
                        stamps.append(float(stamp))
                    except ValueError:
                        continue  # a damaged line says nothing
        self._read = {e: n for e, n in self._read.items() if e >= current - 1}
        return stamps

    def record(self) -> None:
        """Append this process's answer, now."""
        if self._off:
            return
        stamp = self.wall()
        epoch = int(stamp // self.epoch_seconds)
        with self._write_lock:
            try:
                if self._writer is None or self._writer[0] != epoch:
                    self._close()
                    fd = os.open(self._path(epoch), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                    self._writer = (epoch, fd)
                os.write(self._writer[1], self._me + f" {stamp:.3f}\n".encode())
            except OSError as exc:
                self._disable(exc)

    def _close(self) -> None:
        if self._writer is not None:
            os.close(self._writer[1])
            self._writer = None


def log_directory() -> Path | None:
    """``$CORTEX_RATE_LIMIT_DIR`` (``off`` for none), else ``$XDG_CACHE_HOME/cortex-pulumi/ratelimit``."""
    given = os.environ.get(LOG_DIR_VARIABLE)
    if given is not None:
        return None if given.strip().lower() in ("", "off", "none", "0", "false") else Path(given)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "cortex-pulumi" / "ratelimit"


_SHARED: dict[tuple[str, str, int], WindowLimiter] = {}
_SHARED_LOCK = threading.Lock()


def shared_limiter(base_url: str, api_token: str, limit: int) -> WindowLimiter:
    """The process's one limiter for this Cortex URL, API key and limit (Cortex counts per key).

    Every client of the process that talks to the same account with the same key shares it, so a program
    that makes several clients (lookups, the provider of each resource type) still stays under the limit;
    the processes of one machine share answer times through a ``WindowLog`` in ``log_directory()``. Only a
    digest of the URL and token is kept, in memory and in the log's file names.
    """
    digest = hashlib.sha256(f"{base_url}\0{api_token}".encode()).hexdigest()[:32]
    key = (base_url, digest, limit)
    with _SHARED_LOCK:
        limiter = _SHARED.get(key)
        if limiter is None:
            directory = log_directory()
            shared_log = WindowLog(directory, digest) if directory is not None else None
            limiter = _SHARED[key] = WindowLimiter(limit, shared_log=shared_log)
        return limiter
