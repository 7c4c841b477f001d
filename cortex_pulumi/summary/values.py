"""How values from a preview read in a summary, and which inputs of an object changed."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from .._nested import any_nested
from .._words import counted as counted  # the kinds' counts read as every other message's
from .model import Code, Line, Segment, line
from .preview import SECRET, UNKNOWN, ResourceChange

ARROW = " → "


def is_unknown(value: Any) -> bool:
    """True when `value`, or anything in it, is only known after apply."""
    return any_nested(value, lambda item: isinstance(item, str) and item == UNKNOWN)


def normal(value: Any) -> Any:
    """Null keys dropped and integral floats as ints (the wire has only doubles), recursively."""
    if isinstance(value, Mapping):
        return {k: normal(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [normal(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def show(value: Any, *, yes: str = "yes", no: str = "no", unit: str = "") -> Segment:
    """One value as a segment: `(none)`, `(known after apply)`, `[secret]`, yes/no, or the value verbatim."""
    if value is None or value == "" or value == [] or value == {}:
        return "(none)"
    if is_unknown(value):
        return "(known after apply)"
    if value == SECRET:
        return "[secret]"
    if isinstance(value, bool):
        return yes if value else no
    value = normal(value)
    if isinstance(value, (int, float)):
        return f"{value}{unit}"
    if isinstance(value, str):
        return Code(value)
    return Code(json.dumps(value, sort_keys=True, ensure_ascii=False))


def from_to(old: Any, new: Any, **style: str) -> tuple[Segment, ...]:
    return (show(old, **style), ARROW, show(new, **style))


def canonical_diff(change: ResourceChange, fields: Mapping[str, Callable[[Any], Any]],
                   computed: Iterable[str] = ()) -> list[str]:
    """The keys of `fields` whose canonical values differ between the old and new inputs of an update or
    replace, compared the way the resource's provider compares them (order, floats, defaults ignored)."""
    old, new = normal(change.old or {}), normal(change.new or {})
    kept = set(computed)
    out = []
    for key, canon in fields.items():
        if key in kept and new.get(key) is None:
            continue  # left out: Cortex keeps its value
        if is_unknown(new.get(key)):
            out.append(key)
            continue
        try:
            differs = canon(old.get(key)) != canon(new.get(key))
        except (TypeError, ValueError, AttributeError):
            differs = old.get(key) != new.get(key)
        if differs:
            out.append(key)
    return out


def scalar_lines(change: ResourceChange, keys: Sequence[str], labels: Mapping[str, str],
                 styles: Mapping[str, Mapping[str, str]] | None = None) -> list[Line]:
    """`Label: old → new` for each changed key that has a label."""
    old, new = change.old or {}, change.new or {}
    out = []
    for key in keys:
        if key in labels:
            out.append(line(f"{labels[key]}: ", *from_to(old.get(key), new.get(key), **(styles or {}).get(key, {}))))
    return out


def keyed(items: Any, key: Callable[[Mapping[str, Any]], Any]) -> dict[Any, Mapping[str, Any]]:
    """A list of objects by their identity (rules by title, members by email...), in the list's order."""
    out: dict[Any, Mapping[str, Any]] = {}
    for item in items or ():
        if isinstance(item, Mapping):
            out[key(item)] = item
    return out


def lower(field: str) -> Callable[[Mapping[str, Any]], Any]:
    """An identity function for `keyed`: the field, case-insensitively (as Cortex matches emails and titles)."""
    return lambda item: str(item.get(field, "")).lower()


def field_changes(old: Mapping[str, Any], new: Mapping[str, Any], labels: Mapping[str, str],
                  canon: Mapping[str, Callable[[Any], Any]] | None = None) -> list[tuple[Segment, ...]]:
    """`label old → new` for each labelled field of two versions of one item that differ (shown in their
    canonical form, so a default reads as its value: weight 1, not "none")."""
    out = []
    for key, label in labels.items():
        compare = (canon or {}).get(key, normal)
        before, after = compare(old.get(key)), compare(new.get(key))
        if before != after:
            out.append((f"{label} ", *from_to(before, after)))
    return out


def joined(parts: Iterable[tuple[Segment, ...]], sep: str = "; ") -> tuple[Segment, ...]:
    out: list[Segment] = []
    for index, part in enumerate(parts):
        if index:
            out.append(sep)
        out.extend(part)
    return tuple(out)


def item_changes(title: tuple[Segment, ...], changes: list[tuple[Segment, ...]]) -> Line:
    """One changed item: inline when one attribute changed, else one child line per attribute."""
    if len(changes) == 1:
        return line(*title, ": ", *changes[0])
    return line(*title, ":", children=[line(*c) for c in changes])


def listed(heading: str, lines: Sequence[Line]) -> list[Line]:
    """`heading (n):` with the lines as children, or nothing when there are none."""
    return [line(f"{heading} ({len(lines)}):", children=lines)] if lines else []
