"""In the program: two resources claiming one Cortex key (a team tag, a secret tag...) fail before any write.

Both would pass preview on their own and collide at `pulumi up`, one of them failing half-way through. The
program knows every resource's name, so it is where both can be named. A plain key declared again does not stop
the program: the second resource carries `DUPLICATE_KEY`, an output resolved only after the program's body has run
(registrations are sent then), listing every duplicate of every kind; its `check` fails with that list. The engine
stops a preview at its first check failure, so that one failure names them all. Keys given as outputs are checked when they resolve (at `up`, or
at preview when known), and stop the program there.
"""

from __future__ import annotations

import threading
from typing import Any

import pulumi
from pulumi.runtime import settings

from ..client._json import ConversionError
from ..client._yaml import safe_load

__all__ = ["DUPLICATE_KEY", "claim", "document_tag"]

#: The input a resource declaring an already claimed key carries: the message its `check` fails with.
DUPLICATE_KEY = "__duplicate"

_CLAIMED: dict[tuple[str, str], str] = {}
_DUPLICATES: list[str] = []
_LOCK = threading.Lock()
#: The resource monitor the claims belong to: a new program run (tests' set_mocks) starts a new set.
_RUN: list[Any] = [None]


def _register(kind: str, key: Any, name: str) -> str | None:
    """Record the claim; the message naming both resources when `key` is already claimed by another."""
    if not isinstance(key, str) or not key:
        return None
    with _LOCK:
        monitor = settings.SETTINGS.monitor
        if _RUN[0] is not monitor:
            _RUN[0] = monitor
            _CLAIMED.clear()
            _DUPLICATES.clear()
        first = _CLAIMED.setdefault((kind, key), name)
    if first == name:
        return None
    problem = (f"{kind} resources {first!r} and {name!r} both declare {kind} {key!r}: Cortex has one {kind} per key, "
               "so the second would fail at `pulumi up` (or both would fight over it); declare it once, or give each "
               "its own key")
    with _LOCK:
        _DUPLICATES.append(problem)
    return problem


def _every_duplicate(_: Any) -> str:
    with _LOCK:
        found = list(_DUPLICATES)
    if len(found) == 1:
        return found[0]
    return f"the program declares {len(found)} Cortex keys twice:\n" + "\n".join(f"- {p}" for p in found)


def _raise_duplicate(kind: str, key: Any, name: str) -> None:
    problem = _register(kind, key, name)
    if problem:
        raise pulumi.RunError(problem)


def claim(kind: str, key: Any, name: str) -> pulumi.Output[str] | None:
    """Record that resource `name` manages the `kind` object `key` (a str or an Output). A plain key claimed
    already gives what the resource carries as DUPLICATE_KEY: every duplicate of the run, once the program's body
    has run. An Output key claimed already fails the program when it resolves."""
    if isinstance(key, pulumi.Output):
        key.apply(lambda value: _raise_duplicate(kind, value, name))
        return None
    if _register(kind, key, name) is None:
        return None
    return pulumi.Output.from_input(None).apply(_every_duplicate)


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
