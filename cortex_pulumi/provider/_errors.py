"""Translate client errors into provider errors that name the resource, the Cortex answer and a hint."""

from __future__ import annotations

import contextlib
import sys
import threading
import traceback
from collections.abc import Iterator, Mapping
from typing import Any

from ..client.errors import (
    CortexAPIError,
    CortexBaseUrlError,
    CortexConfigError,
    CortexConnectionError,
    CortexError,
    UnauthorizedError,
)


class CortexResourceError(Exception):
    """A provider operation failed. Reads like:

    ``Unable to create Cortex team 'payments': 409 Conflict on POST /api/v1/teams: ... Hint: pass adopt=True ...``
    """

    def __init__(self, summary: str, detail: str = "", hint: str = "", status: int | None = None) -> None:
        self.summary = summary
        self.detail = detail
        self.hint = hint
        self.status = status
        text = summary
        if detail:
            text += f": {detail}"
        if hint:
            text += f"\nHint: {hint}"
        super().__init__(text)


_GENERIC_HINTS: Mapping[int, str] = {
    401: "check the API token: set cortex:apiToken (pulumi config set --secret cortex:apiToken ...) or CORTEX_API_TOKEN",
    403: "the API key lacks the permission this operation needs (see the Cortex API key's role)",
    429: "Cortex rate-limited the requests; lower cortex:rateLimit or retry later",
}


def hint_for(error: CortexError, kind: str, action: str, hints: Mapping[int, str] | None = None) -> str:
    """The most useful next step for `error`; resource-specific `hints` (by status) win over generic ones."""
    if isinstance(error, CortexConnectionError):
        if error.advice:
            return ""  # the message already says what to check
        return "check that cortex:baseUrl (or CORTEX_BASE_URL) points at a reachable Cortex API"
    if isinstance(error, CortexConfigError):
        return ""  # its message already says which setting (cortex:... or CORTEX_...) to fix
    status = getattr(error, "status", None)
    if status is None:
        return ""
    if hints and status in hints:
        return hints[status]
    if status == 404 and action in ("update", "read"):
        return f"the {kind} was deleted outside Pulumi; run `pulumi refresh` to forget it, then `pulumi up`"
    if status >= 500:
        return "Cortex had a server error; retry the operation"
    return _GENERIC_HINTS.get(status, "")


#: Failures no single object causes: every call of the stack would fail the same way.
STACK_WIDE: tuple[type[CortexError], ...] = (UnauthorizedError, CortexConnectionError, CortexBaseUrlError)
STACK_NOTE = ("This is a problem of the whole stack, not of this resource: it is reported once, and the other Cortex "
              "resources refer to it.")


class StackProblem:
    """The first stack-wide failure (rejected token, unreachable Cortex, a base URL that answers no API) of one
    configuration in this provider process, which is one preview or update: it is reported in full once, then
    each other resource fails at once (no call of its own) with one line referring to it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._first: str | None = None

    def raise_if_known(self) -> None:
        """Fail with the one-line reference when the stack is known not to work."""
        with self._lock:
            first = self._first
        if first is not None:
            raise StackWideError(f"Cortex cannot be used by this stack ({first}); reported in full once for the stack")

    def report(self, error: CortexError) -> str:
        """The full text of a stack-wide `error` the first time, the one-line reference after."""
        with self._lock:
            if self._first is None:
                self._first = _short_cause(error)
                return with_note(str(error))
            first = self._first
        return f"Cortex cannot be used by this stack ({first}); reported in full once for the stack"


def with_note(text: str) -> str:
    """`text` followed by the note that the problem is the whole stack's."""
    return f"{text}{'' if text.endswith(('.', '?', '!')) else '.'} {STACK_NOTE}"


class StackWideError(CortexError):
    """A resource not attempted because the stack's Cortex connection is known not to work."""


def _short_cause(error: CortexError) -> str:
    if isinstance(error, UnauthorizedError):
        return "the API token was rejected: 401"
    if isinstance(error, CortexBaseUrlError):
        return f"cortex:baseUrl {error.base_url} answers no Cortex API"
    return "Cortex could not be reached"


@contextlib.contextmanager
def translated(action: str, kind: str, name: str, hints: Mapping[int, str] | None = None,
               stack: StackProblem | None = None) -> Iterator[None]:
    """Re-raise client errors inside the block as `CortexResourceError` (without chaining the original,
    whose text is already in the message and whose traceback would only repeat it). With `stack`, a stack-wide
    failure is reported in full once and in one line after, and a stack known not to work is not called at all."""
    try:
        if stack is not None:
            stack.raise_if_known()
        yield
    except CortexResourceError:
        raise
    except CortexError as exc:
        status = exc.status if isinstance(exc, CortexAPIError) else None
        detail, hint = str(exc), hint_for(exc, kind, action, hints)
        if stack is not None and isinstance(exc, STACK_WIDE):
            detail = stack.report(exc)
        if detail != str(exc) and not detail.startswith(str(exc)) or isinstance(exc, StackWideError):
            hint = ""  # the one-line reference: the full report has the hint
        raise CortexResourceError(f"Unable to {action} Cortex {kind} {name!r}", detail, hint, status) from None


def conflict_hint(kind: str) -> dict[int, str]:
    """Hints for a create that collided with an existing object (Cortex answers 400 or 409)."""
    text = f"pass adopt=True to take over the existing {kind} (it is read first, then set to the declared state)"
    return {409: text}


def in_provider_server() -> bool:
    """True in the dynamic-provider server process the engine starts (`python -m pulumi.dynamic`)."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return getattr(spec, "name", "") == "pulumi.dynamic.__main__"


class _Traceback:
    """The `traceback` module as the dynamic-provider server sees it, except that the failure of a Cortex
    operation is reported as its message alone: the Python stack says nothing to the user, who would otherwise
    read ten lines of it before the message."""

    def __getattr__(self, name: str) -> Any:
        return getattr(traceback, name)

    @staticmethod
    def format_exc(*args: Any, **kwargs: Any) -> str:
        error = sys.exc_info()[1]
        if isinstance(error, CortexResourceError):
            return str(error)
        return traceback.format_exc(*args, **kwargs)


def install_message_only_errors() -> None:
    """Make the dynamic-provider server (`python -m pulumi.dynamic`) report `CortexResourceError` without a trace.

    The server wraps every handler in `_abort_with_traceback`, which sends `traceback.format_exc()` to the engine
    as the error text, and the protocol has no other way to report a failure. That module's `traceback` name is
    swapped once; in any other process (a program, a test) nothing changes, and other exceptions keep their trace.
    """
    main = sys.modules.get("__main__")
    if main is None or not in_provider_server():
        return
    if getattr(main, "traceback", None) is traceback:
        main.traceback = _Traceback()  # type: ignore[attr-defined]
