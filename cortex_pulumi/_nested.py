"""One walk over JSON-like values (mappings and lists, at any depth), shared by the provider and the summaries."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def any_nested(value: Any, test: Callable[[Any], bool]) -> bool:
    """True when `test` holds for `value` or for anything nested in its mappings and lists."""
    if test(value):
        return True
    if isinstance(value, Mapping):
        return any(any_nested(v, test) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(any_nested(v, test) for v in value)
    return False
