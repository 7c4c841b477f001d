"""The retry policy: urllib3 ``Retry`` subclasses for the session adapters, and the create-recovery rule.

This is the only module that sleeps (``sleep`` below); the rate limiter waits through it too.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Collection
from typing import Any, Protocol, TypeVar

import requests
from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError
from urllib3.util.retry import RequestHistory, Retry

from .defaults import DEFAULT_MAX_RATE_LIMIT_WAIT, DEFAULT_MAX_RETRY_AFTER
from .errors import CortexConnectionError, ServerError

__all__ = [
    "IDEMPOTENT_STATUSES",
    "DEFAULT_MAX_RATE_LIMIT_WAIT",
    "DEFAULT_MAX_RETRY_AFTER",
    "CortexRetry",
    "Slots",
    "backoff_delay",
    "connection_refused",
    "recover_create",
    "retry_policy",
    "sleep",
]

log = logging.getLogger("cortex_pulumi.client")


class Slots(Protocol):
    """What a repeat needs of the rate limiter (ratelimit.py's `WindowLimiter`): give its request slot back
    while it waits, take a new one before it goes. Declared here so that retry.py does not import ratelimit.py,
    which waits through this module's `sleep`."""

    def release(self) -> None: ...

    def acquire(self) -> object: ...


T = TypeVar("T")

#: Server statuses retried for idempotent calls (429 is retried for every call).
IDEMPOTENT_STATUSES = frozenset({429, 500, 502, 503, 504})
#: 429s without a usable ``Retry-After`` wait this long (the rate limit refills within a minute).
_THROTTLE_FALLBACK_WAIT = 1.0
_ALL_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "POST", "PATCH"})


def sleep(seconds: float) -> None:
    """Sleep; the single place the client waits (patched in tests to keep them fast)."""
    if seconds > 0:
        time.sleep(seconds)


def backoff_delay(attempt: int, backoff_factor: float, backoff_max: float = 20.0) -> float:
    """Exponential backoff with jitter before repeat number `attempt` (1-based), as the adapter policy does."""
    return min(backoff_max, backoff_factor * (2 ** (attempt - 1))) + random.uniform(0, backoff_factor)


def connection_refused(error: BaseException | None) -> bool:
    """True when a connection attempt was actively refused (nothing listens on the port)."""
    while error is not None:
        if isinstance(error, ConnectionRefusedError):
            return True
        error = error.__cause__ or error.__context__
    return False


def _hopeless(error: Exception | None) -> bool:
    """An unknown host or a refused connection: repeating at once will not help (nothing was sent)."""
    return isinstance(error, NameResolutionError) or (
        isinstance(error, NewConnectionError) and connection_refused(error)
    )


class CortexRetry(Retry):
    """urllib3 ``Retry`` with a capped ``Retry-After``, debug logging and sleeps routed through ``sleep``.

    A 429 does not use up the retry count: the server refused the request before doing anything and said
    when to come back, so waiting is always safe and a burst of them (a shared key, a busy minute) must not
    fail a deploy. 429s are bounded by time instead: one request waits at most ``max_rate_limit_wait``
    seconds in all, and any single ``Retry-After`` beyond ``max_retry_after`` gives up at once.

    With a ``limiter``, every repeat is a request of its own for the rate limit: the answered attempt gives
    its slot back and the repeat waits for a new one (the server counted the attempt, or may have).
    """

    def __init__(
        self,
        *args: Any,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        max_rate_limit_wait: float = DEFAULT_MAX_RATE_LIMIT_WAIT,
        rate_limit_waited: float = 0.0,
        limiter: Slots | None = None,
        **kwargs: Any,
    ) -> None:
        self.limiter = limiter
        self.max_retry_after = max_retry_after
        self.max_rate_limit_wait = max_rate_limit_wait
        self.rate_limit_waited = rate_limit_waited
        super().__init__(*args, **kwargs)

    def new(self, **kw: Any) -> CortexRetry:
        retry = super().new(**kw)
        retry.max_retry_after = self.max_retry_after
        retry.max_rate_limit_wait = self.max_rate_limit_wait
        retry.rate_limit_waited = self.rate_limit_waited
        retry.limiter = self.limiter
        return retry

    def sleep(self, response: Any = None) -> None:
        """Wait before a repeat (urllib3 calls this before every one), then take a limiter slot for it."""
        if self.limiter is not None:
            self.limiter.release()
        try:
            super().sleep(response)
        finally:
            if self.limiter is not None:
                self.limiter.acquire()

    def _throttle_wait(self, response: Any) -> float:
        retry_after = self.get_retry_after(response)
        return _THROTTLE_FALLBACK_WAIT if retry_after is None else retry_after

    def increment(  # type: ignore[override]
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> Retry:
        path = (url or "").split("?", 1)[0]
        if response is not None:
            retry_after = self.get_retry_after(response)
            if retry_after is not None and retry_after > self.max_retry_after:
                log.debug(
                    "%s %s: Retry-After %.0f s exceeds the %.0f s cap; giving up",
                    method,
                    path,
                    retry_after,
                    self.max_retry_after,
                )
                raise MaxRetryError(_pool, url or "", None)
            if response.status == 429:
                return self._increment_throttled(method, path, url, response, _pool)
        elif _hopeless(error) and (isinstance(error, NameResolutionError) or self.history):
            # One more try covers a server restarting; more would only spend the backoff on a dead port.
            log.debug("%s %s: %s; not retrying", method, path, error)
            raise MaxRetryError(_pool, url or "", error)
        new_retry = super().increment(method, url, response, error, _pool, _stacktrace)
        attempt = len(new_retry.history)
        cause = f"status {response.status}" if response is not None else type(error).__name__
        if response is not None and self.get_retry_after(response) is not None:
            delay = f"Retry-After {self.get_retry_after(response):.1f} s"
        else:
            delay = f"backoff {new_retry.get_backoff_time():.2f} s"
        log.debug("retrying %s %s after %s (attempt %d, %s)", method, path, cause, attempt + 1, delay)
        return new_retry

    def _increment_throttled(self, method: str | None, path: str, url: str | None, response: Any, pool: Any) -> Retry:
        wait = self._throttle_wait(response)
        if self.rate_limit_waited + wait > self.max_rate_limit_wait:
            log.debug("%s %s: still rate-limited after waiting %.0f s in all (limit %.0f s); giving up", method,
                      path, self.rate_limit_waited, self.max_rate_limit_wait)
            raise MaxRetryError(pool, url or "", None)
        history = (*self.history, RequestHistory(method, url, None, response.status, response.get_redirect_location()))
        # The counters stay as they were: only the time budget limits 429s (see the class docstring).
        new_retry = self.new(history=history)
        new_retry.rate_limit_waited = self.rate_limit_waited + wait
        told = "Retry-After" if self.get_retry_after(response) is not None else "wait"
        log.debug("retrying %s %s after status 429 (attempt %d, %s %.1f s)", method, path, len(history) + 1, told,
                  wait)
        return new_retry

    def sleep_for_retry(self, response: Any) -> bool:
        if response is not None and response.status == 429:
            # A little jitter so that threads released by the same 429 do not return in lockstep.
            sleep(min(self._throttle_wait(response), self.max_retry_after) + random.uniform(0, 0.05))
            return True
        retry_after = self.get_retry_after(response)
        if retry_after is not None:
            # A little jitter so that threads released by the same 429 do not return in lockstep.
            sleep(min(retry_after, self.max_retry_after) + random.uniform(0, 0.05))
            return True
        return False

    def _sleep_backoff(self) -> None:
        sleep(self.get_backoff_time())


def repeat_cut_off_answers(send: Callable[[], T], attempts: int, backoff_factor: float, what: str) -> T:
    """`send()`, repeated up to `attempts` times while the answer is cut off in its body.

    urllib3 retries failures up to the response headers (`CortexRetry`); an answer cut off in its body reaches
    requests as a ChunkedEncodingError instead. Repeating is safe for idempotent calls only (a create is checked
    by `recover_create`): callers pass `attempts=1` for the others."""
    for attempt in range(1, attempts + 1):
        try:
            return send()
        except requests.exceptions.ChunkedEncodingError:
            if attempt >= attempts:
                raise
            log.debug("%s: the answer was cut off in its body; repeating (attempt %d)", what, attempt + 1)
            sleep(backoff_delay(attempt, backoff_factor))
    raise AssertionError("unreachable: attempts must be >= 1")


def retry_policy(
    *,
    idempotent: bool,
    max_retries: int,
    backoff_factor: float = 0.5,
    backoff_max: float = 20.0,
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
    max_rate_limit_wait: float = DEFAULT_MAX_RATE_LIMIT_WAIT,
    limiter: Slots | None = None,
) -> CortexRetry:
    """The adapter policy for idempotent calls (5xx/connection/read retried) or for creates (429 only).

    For a create, a request that may have reached the server (read error, timeout, 5xx) is never
    repeated here: ``recover_create`` decides after checking whether the object landed. Connection
    failures while connecting are retried for both, as nothing was sent.
    """
    statuses: Collection[int] = IDEMPOTENT_STATUSES if idempotent else frozenset({429})
    return CortexRetry(
        total=max_retries,
        connect=max_retries,
        read=max_retries if idempotent else 0,
        other=max_retries if idempotent else 0,
        status=max_retries,
        redirect=0,
        allowed_methods=_ALL_METHODS,
        status_forcelist=statuses,
        backoff_factor=backoff_factor,
        backoff_max=backoff_max,
        backoff_jitter=backoff_factor,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
        max_retry_after=max_retry_after,
        max_rate_limit_wait=max_rate_limit_wait,
        limiter=limiter,
    )


def recover_create(
    attempt: Callable[[], T],
    landed: Callable[[], T | None],
    *,
    what: str,
    pause: float = 0.5,
    attempts: int = 2,
) -> T:
    """Run a non-idempotent create at most `attempts` times, never blindly.

    After every ambiguous failure (5xx, a dropped connection or a timeout once the request was sent), the last
    attempt's included, ``landed()`` looks the object up; if it exists it is returned, otherwise the create is
    sent again while attempts remain. If the lookup itself fails, the original error is raised: repeating could
    duplicate. (Not checking after the last attempt would leave an object Cortex holds but the caller does not
    know about: an orphan.)
    """
    for number in range(1, attempts + 1):
        try:
            return attempt()
        except (ServerError, CortexConnectionError) as exc:
            if isinstance(exc, CortexConnectionError) and not exc.sent:
                raise
            log.debug(
                "create of %s failed ambiguously (%s); checking whether it landed", what, type(exc).__name__
            )
            sleep(pause)
            try:
                found = landed()
            except Exception:
                log.debug("could not check whether %s landed; not repeating the create", what)
                raise exc from None
            if found is not None:
                log.debug("%s landed despite the error; not repeating the create", what)
                return found
            if number == attempts:
                raise
            log.debug("%s did not land; sending the create once more", what)
    raise AssertionError("unreachable: the loop returns or raises")
