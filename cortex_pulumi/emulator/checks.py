"""One-pass validation of a request body: every check runs, and all their 400s are answered as one.

A handler's parser splits a body into independent checks (one per field, one per list item, nested as deep as
the body is) and runs them with ``every(...)`` / ``every_item(...)``; a check that fails contributes its
``ApiError``, the others still run, and the caller gets one ``FieldErrors`` naming every missing or wrong field —
so a hand-written request is fixed in one round trip. The answer keeps Cortex's ErrorResponse shape
(``{type: BAD_REQUEST, message, details, httpStatus, requestId}``); a single problem reads exactly as before.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from cortex_pulumi.emulator.http import ApiError


class FieldErrors(ApiError):
    """Every 400 of one request body as one ErrorResponse: the message names each problem, the details list
    each field."""

    def __init__(self, errors: Sequence[ApiError]) -> None:
        self.errors: list[ApiError] = [leaf for err in errors for leaf in (err.errors if isinstance(err, FieldErrors) else [err])]
        if len(self.errors) == 1:
            message, details = self.errors[0].message, self.errors[0].details
        else:
            message = f"{len(self.errors)} problems in the request body: " + "; ".join(e.message for e in self.errors)
            details = "; ".join(e.details or e.message for e in self.errors)
        super().__init__(400, message, details=details)


def every(*checks: Callable[[], Any]) -> list[Any]:
    """The results of all `checks`, each run even when an earlier one failed; their 400s raised as one."""
    results: list[Any] = []
    errors: list[ApiError] = []
    for check in checks:
        try:
            results.append(check())
        except ApiError as exc:
            if exc.status != 400:
                raise
            errors.append(exc)
    if errors:
        raise FieldErrors(errors)
    return results


def every_item(items: Sequence[Any], check: Callable[[int, Any], Any]) -> list[Any]:
    """`check(index, item)` for every item of a list, all problems reported together (see `every`)."""
    return every(*(functools.partial(check, index, item) for index, item in enumerate(items)))
