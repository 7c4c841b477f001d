"""HTTP transport: per-thread sessions with bearer auth, timeouts, the rate limiter and retry adapters."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

import requests
from requests.adapters import HTTPAdapter

from .defaults import DEFAULT_BASE_URL, USER_AGENT, is_loopback, mask_token, validate_base_url
from .errors import CortexConfigError, CortexConnectionError, error_from_response
from .ratelimit import WindowLimiter, shared_limiter
from .retry import connection_refused, repeat_cut_off_answers, retry_policy

if TYPE_CHECKING:
    from .settings import Settings

__all__ = ["DEFAULT_BASE_URL", "USER_AGENT", "Transport", "is_loopback", "mask_token", "path_segment", "validate_base_url"]

log = logging.getLogger("cortex_pulumi.client")

def path_segment(value: str) -> str:
    """Quote one path segment (a tag, id or uuid) so that ``/`` or ``?`` in it cannot change the route."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"a path identifier must be a non-empty string, got {value!r}")
    return quote(value, safe="")


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ",".join(str(v) for v in value)
    return str(value)


class _LimitedAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` whose requests each hold a rate-limiter slot from leaving until answered.

    The retries urllib3 makes inside ``send`` take a slot of their own (``CortexRetry.sleep``)."""

    def __init__(self, limiter: WindowLimiter | None, **kwargs: Any) -> None:
        self._limiter = limiter
        super().__init__(**kwargs)

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        if self._limiter is None:
            return super().send(request, *args, **kwargs)
        with self._limiter.slot() as waited:
            if waited > 0:
                log.debug("rate limiter held %s %s for %.3f s", request.method, _path_of(request.url), waited)
            return super().send(request, *args, **kwargs)


def _path_of(url: str | None) -> str:
    return urlsplit(url or "").path


class Transport:
    """Sends requests to Cortex. Thread-safe: each thread gets its own ``requests.Session`` pair."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings.require_token()
        self.base_url = settings.base_url
        self._token = settings.api_token
        self.timeout = settings.timeouts
        self.max_retries = int(settings.max_retries)
        rate = settings.rate_limit_per_minute
        self.limiter = _limiter(settings.base_url, settings.api_token, rate)
        # No retries at all means failing fast on a 429 too.
        self._max_rate_limit_wait = float(settings.max_rate_limit_wait) if self.max_retries else 0.0
        self._verify = settings.verify
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._sessions_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Transport(base_url={self.base_url!r}, api_token={mask_token(self._token)!r})"

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must never appear in messages (the token)."""
        return (self._token,)

    def _session(self, idempotent: bool) -> requests.Session:
        sessions: dict[bool, requests.Session] | None = getattr(self._local, "sessions", None)
        if sessions is None:
            sessions = {}
            self._local.sessions = sessions
        session = sessions.get(idempotent)
        if session is None:
            session = requests.Session()
            session.headers.update(
                {
                    "Authorization": f"Bearer {self._token}",
                    "User-Agent": self.settings.user_agent,
                    "Accept": "application/json",
                }
            )
            session.verify = self._verify
            # Connections are not shared between threads; one pool per session is enough.
            adapter = _LimitedAdapter(
                self.limiter,
                max_retries=retry_policy(
                    idempotent=idempotent,
                    max_retries=self.max_retries,
                    backoff_factor=self.settings.backoff_factor,
                    max_retry_after=self.settings.max_retry_after,
                    max_rate_limit_wait=self._max_rate_limit_wait,
                    limiter=self.limiter,
                ),
                pool_connections=1,
                pool_maxsize=self.settings.pool_size,
            )
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            sessions[idempotent] = session
            with self._sessions_lock:
                self._sessions.append(session)
        return session

    def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None, json_body: Any = None,
                data: str | bytes | None = None, content_type: str | None = None, accept: str | None = None,
                idempotent: bool) -> requests.Response:
        """Send one request (retries happen in the adapter) and return a 2xx response, else raise.

        ``idempotent`` picks the retry policy (5xx and dropped connections retried, or 429 only).
        Bodies are never logged.
        """
        query = {k: _query_value(v) for k, v in (params or {}).items() if v is not None}
        headers: dict[str, str] = {}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        url = self.base_url + path
        session = self._session(idempotent)
        started = time.monotonic()

        def send() -> requests.Response:
            # Empty mappings are passed as None: requests' setting merge is costly per call otherwise.
            return session.request(
                method, url, params=query or None, json=json_body, data=data, headers=headers or None,
                timeout=self.timeout,
                # Per request: requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override Session.verify,
                # which would silently replace a CA bundle (or verify=False) given to the client.
                verify=self._verify,
            )

        try:
            response = repeat_cut_off_answers(send, self.max_retries + 1 if idempotent else 1,
                                              self.settings.backoff_factor, f"{method} {path}")
        except requests.exceptions.RequestException as exc:
            raise self._connection_error(*_classify(exc, self.timeout[1], self.base_url), method, path) from exc
        elapsed_ms = (time.monotonic() - started) * 1000
        retries = getattr(getattr(response.raw, "retries", None), "history", ()) or ()
        log.debug("%s %s -> %d in %.0f ms (attempts: %d)", method, path, response.status_code, elapsed_ms,
                  len(retries) + 1)
        if response.status_code >= 400:
            raise error_from_response(response, method=method, path=path, secrets=self.secrets)
        return response

    def _connection_error(self, reason: str, sent: bool, method: str, path: str) -> CortexConnectionError:
        log.debug("%s %s failed: %s", method, path, reason)
        if reason.startswith("connection refused"):
            advice = f"is Cortex (or the emulator) running at {self.base_url}?"
            return CortexConnectionError(reason, method=method, path=path, sent=sent, advice=advice)
        if reason.startswith("unknown host"):
            advice = "check the host name in cortex:baseUrl (or CORTEX_BASE_URL)"
            return CortexConnectionError(reason, method=method, path=path, sent=sent, advice=advice)
        return CortexConnectionError(f"{reason} talking to {self.base_url}", method=method, path=path, sent=sent)

    def close(self) -> None:
        """Close every session created so far (all threads)."""
        with self._sessions_lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()
        self._local = threading.local()


def _limiter(base_url: str, api_token: str, per_minute: int | None) -> WindowLimiter | None:
    """The process's shared window limiter for this account and key, or None when limiting is off."""
    if per_minute is None:
        return None
    whole = isinstance(per_minute, int) or (isinstance(per_minute, float) and per_minute.is_integer())
    if isinstance(per_minute, bool) or not whole or per_minute < 1:
        raise CortexConfigError(
            f"rate_limit_per_minute must be a whole number of requests per minute (or None for no limit), "
            f"got {per_minute!r}"
        )
    return shared_limiter(base_url, api_token, int(per_minute))


def _classify(exc: requests.exceptions.RequestException, read_timeout: float, base_url: str) -> tuple[str, bool]:
    """(reason, sent): whether the request may have reached the server decides if a create may be repeated."""
    from urllib3.exceptions import (
        ConnectTimeoutError,
        MaxRetryError,
        NameResolutionError,
        NewConnectionError,
        ProtocolError,
        ReadTimeoutError,
        SSLError,
    )

    reason: Any = exc
    for _ in range(4):  # unwrap requests -> MaxRetryError -> urllib3 reason
        inner = (
            reason.args[0]
            if isinstance(reason, requests.exceptions.RequestException) and reason.args
            else None
        )
        if isinstance(inner, MaxRetryError):
            reason = inner.reason
        elif isinstance(reason, MaxRetryError):
            reason = reason.reason
        else:
            break
    # urllib3's NewConnectionError (and its NameResolutionError) subclass ConnectTimeoutError: test them first,
    # or a refused connection and an unknown host both read "timed out".
    if isinstance(reason, NameResolutionError):
        return f"unknown host {urlsplit(base_url).hostname!r} (DNS lookup failed)", False
    if isinstance(reason, NewConnectionError) and connection_refused(reason):
        return f"connection refused by {urlsplit(base_url).netloc}", False
    if isinstance(exc, requests.exceptions.ConnectTimeout) or (
        isinstance(reason, ConnectTimeoutError) and not isinstance(reason, NewConnectionError)
    ):
        return "connection timed out", False
    if isinstance(exc, requests.exceptions.ReadTimeout) or isinstance(reason, ReadTimeoutError):
        return f"no response within {read_timeout:g} s", True
    if isinstance(exc, requests.exceptions.SSLError) or isinstance(reason, SSLError):
        return "TLS verification or handshake failed", False
    if isinstance(reason, NewConnectionError):
        return "host unreachable", False
    if isinstance(exc, requests.exceptions.ChunkedEncodingError) or isinstance(reason, ProtocolError):
        return "connection dropped", True
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "connection dropped", True
    return f"request failed ({type(exc).__name__})", False
