"""The Cortex client's exception hierarchy; ``error_from_response`` is the one place errors are built."""

from __future__ import annotations

import http
import json
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._json import ConversionError
from .models.common import ErrorResponse, Violation

if TYPE_CHECKING:
    import requests

__all__ = [
    "BadRequestError",
    "ConflictError",
    "CortexAPIError",
    "CortexBaseUrlError",
    "CortexConfigError",
    "CortexConnectionError",
    "CortexError",
    "CortexResponseError",
    "ForbiddenError",
    "NotFoundError",
    "RateLimitedError",
    "ServerError",
    "UnauthorizedError",
    "error_from_response",
    "redact",
]

_MASK = "***"


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every occurrence of each non-empty secret in ``text`` by ``***``."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, _MASK)
    return text


class CortexError(Exception):
    """Base class of every error raised by the Cortex client."""


class CortexConfigError(CortexError):
    """The client cannot be configured: missing token, malformed base URL, insecure transport, bad number."""


class CortexBaseUrlError(CortexConfigError):
    """The base URL answers, but not as Cortex's API does: 404 (no such endpoint) or a body that is not Cortex's
    on the cheapest read. Every call of the stack would fail alike, so it is the setting that is wrong."""

    def __init__(self, base_url: str, cause: CortexError) -> None:
        self.base_url = base_url
        self.cause = cause
        super().__init__(
            f"Cortex at {base_url} answers no Cortex API ({cause}): check cortex:baseUrl (or CORTEX_BASE_URL); it is "
            "the API's root, such as https://api.getcortexapp.com, without /api/v1 or any other path")


class CortexConnectionError(CortexError):
    """The request did not get an HTTP answer (refused, reset, DNS, TLS, timeout)."""

    def __init__(self, message: str, *, method: str, path: str, sent: bool = True, advice: str = "") -> None:
        self.method = method
        self.path = path
        #: False when the failure happened before the request could reach the server (connect phase).
        self.sent = sent
        #: What to check, when the failure says it (a refused connection, an unknown host).
        self.advice = advice
        super().__init__(f"{message} on {method} {path}" + (f": {advice}" if advice else ""))


class CortexResponseError(CortexError):
    """A 2xx answer whose body does not match the expected document."""

    def __init__(self, message: str, *, method: str, path: str, status: int) -> None:
        self.method = method
        self.path = path
        self.status = status
        super().__init__(f"unexpected response to {method} {path} ({status}): {message}")


class CortexAPIError(CortexError):
    """Cortex answered with an error status. ``str()`` reads like
    ``404 Not Found on GET /api/v1/teams/payments: Team not found (request id abc)``."""

    def __init__(
        self,
        *,
        status: int,
        method: str,
        path: str,
        type: str | None = None,
        message: str | None = None,
        details: str | None = None,
        request_id: str | None = None,
        violations: tuple[Violation, ...] = (),
        retry_after: float | None = None,
    ) -> None:
        self.status = status
        self.method = method
        self.path = path
        self.type = type
        self.message = message
        self.details = details
        self.request_id = request_id
        self.violations = violations
        self.retry_after = retry_after
        super().__init__(self._render())

    @property
    def reason(self) -> str:
        """The standard reason phrase of ``status``."""
        try:
            return http.HTTPStatus(self.status).phrase
        except ValueError:
            return "Error"

    def _render(self) -> str:
        text = f"{self.status} {self.reason} on {self.method} {self.path}"
        detail = self.message or ""
        if self.details and self.details != self.message:
            detail = f"{detail} - {self.details}" if detail else self.details
        if self.violations:
            listed = "; ".join(str(v) for v in self.violations)
            detail = f"{detail}: {listed}" if detail else listed
        if detail:
            text += f": {detail}"
        if self.request_id:
            text += f" (request id {self.request_id})"
        return text


class BadRequestError(CortexAPIError):
    """400 (and 413/422): the request or descriptor was rejected; see ``violations``."""


class UnauthorizedError(CortexAPIError):
    """401: missing or invalid API token."""


class ForbiddenError(CortexAPIError):
    """403: the token lacks the permission this operation needs."""


class NotFoundError(CortexAPIError):
    """404: the object (or its entity/scorecard) does not exist."""


class ConflictError(CortexAPIError):
    """409: duplicate tag, or an evaluation already running."""


class RateLimitedError(CortexAPIError):
    """429 after retries were exhausted (or ``Retry-After`` exceeded the wait cap)."""


class ServerError(CortexAPIError):
    """5xx from Cortex."""


_BY_STATUS: dict[int, type[CortexAPIError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    413: BadRequestError,
    422: BadRequestError,
    429: RateLimitedError,
}


def _error_class(status: int) -> type[CortexAPIError]:
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, CortexAPIError)


def response_body(response: requests.Response, not_json: Callable[[str], Any] = lambda text: text) -> Any:
    """The answer's JSON; None when empty; `not_json(text)` (the text itself by default) when it is not JSON."""
    text = response.text
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError:
        return not_json(text)


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _violations(raw: Any) -> tuple[Violation, ...]:
    if not isinstance(raw, list):
        return ()
    found = []
    for item in raw:
        if isinstance(item, Mapping):
            try:
                found.append(Violation.from_dict(item))
            except ConversionError:
                found.append(Violation(description=json.dumps(item)[:500]))
    return tuple(found)


def error_from_response(
    response: requests.Response, *, method: str, path: str, secrets: Iterable[str | None] = ()
) -> CortexAPIError:
    """Build the right ``CortexAPIError`` subclass from an error response.

    Reads ``ErrorResponse`` JSON, the ``{ok, violations}`` validation body, RFC 7807 problem details
    (429) and non-JSON bodies alike; anything in ``secrets`` is masked out of the texts.
    """
    secrets = tuple(secrets)
    status = response.status_code
    body = response_body(response)
    kind = message = details = request_id = None
    violations: tuple[Violation, ...] = ()
    if isinstance(body, Mapping):
        try:
            parsed = ErrorResponse.from_dict(body)
            kind, message, details, request_id = (
                parsed.type,
                parsed.message,
                parsed.details,
                parsed.request_id,
            )
        except ConversionError:
            pass
        violations = _violations(body.get("violations"))
        # RFC 7807 problem details (the 429 body) use title/detail instead of message/details.
        if message is None:
            message = (
                _as_text(body.get("detail")) or _as_text(body.get("title")) or _as_text(body.get("error"))
            )
        if kind is None and "title" in body and "status" in body:
            kind = _as_text(body.get("title"))
    elif isinstance(body, str):
        message = body.strip()[:500]
    request_id = request_id or response.headers.get("X-Request-Id") or response.headers.get("x-request-id")

    def clean(text: str | None) -> str | None:
        return redact(text, secrets) if text else text

    return _error_class(status)(
        status=status,
        method=method,
        path=path,
        type=kind,
        message=clean(message),
        details=clean(details),
        request_id=request_id,
        violations=violations,
        retry_after=_retry_after(response),
    )


def _as_text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
