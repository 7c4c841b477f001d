"""Translate client errors into provider errors that name the resource, the Cortex answer and a hint."""

from __future__ import annotations

import contextlib
import sys
import traceback
from collections.abc import Iterator, Mapping
from typing import Any

from ..client.errors import CortexAPIError, CortexConfigError, CortexConnectionError, CortexError


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


@contextlib.contextmanager
def translated(action: str, kind: str, name: str, hints: Mapping[int, str] | None = None) -> Iterator[None]:
    """Re-raise client errors inside the block as `CortexResourceError` (without chaining the original,
    whose text is already in the message and whose traceback would only repeat it)."""
    try:
        yield
    except CortexResourceError:
        raise
    except CortexError as exc:
        status = exc.status if isinstance(exc, CortexAPIError) else None
        raise CortexResourceError(
            f"Unable to {action} Cortex {kind} {name!r}", str(exc), hint_for(exc, kind, action, hints), status
        ) from None


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
