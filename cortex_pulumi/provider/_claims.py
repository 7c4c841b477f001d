"""In the program: two resources claiming one Cortex key (a team tag, a secret tag...) fail before any write.

Both would pass preview on their own and collide at `pulumi up`, one of them failing half-way through. The
program knows every resource's name, so it is where both can be named; keys given as outputs are checked
when they resolve (at `up`, or at preview when known).
"""

from __future__ import annotations

import threading
from typing import Any

import pulumi
from pulumi.runtime import settings

from ..client._json import ConversionError
from ..client._yaml import safe_load

__all__ = ["claim", "document_tag"]

_CLAIMED: dict[tuple[str, str], str] = {}
_LOCK = threading.Lock()
#: The resource monitor the claims belong to: a new program run (tests' set_mocks) starts a new set.
_RUN: list[Any] = [None]


def _register(kind: str, key: Any, name: str) -> None:
    if not isinstance(key, str) or not key:
        return
    with _LOCK:
        monitor = settings.SETTINGS.monitor
        if _RUN[0] is not monitor:
            _RUN[0] = monitor
            _CLAIMED.clear()
        first = _CLAIMED.setdefault((kind, key), name)
    if first != name:
        raise pulumi.RunError(
            f"{kind} resources {first!r} and {name!r} both declare {kind} {key!r}: Cortex has one {kind} per key, "
            "so the second would fail at `pulumi up` (or both would fight over it); declare it once, or give each "
            "its own key")


def claim(kind: str, key: Any, name: str) -> None:
    """Record that resource `name` manages the `kind` object `key` (a str or an Output); a second claim fails."""
    if isinstance(key, pulumi.Output):
        key.apply(lambda value: _register(kind, value, name))
    else:
        _register(kind, key, name)


def document_tag(text: Any) -> Any:
    """The `tag` of a descriptor or workflow document given as text (None when it cannot be read here:
    `check` reports a broken document with its own message)."""
    if not isinstance(text, str):
        return None
    try:
        doc = safe_load(text, "document")
    except ConversionError:
        return None
    return doc.get("tag") if isinstance(doc, dict) else None
