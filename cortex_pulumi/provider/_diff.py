"""Diff helpers: canonical forms of managed fields so that order, floats and server defaults never show as changes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pulumi.dynamic import DiffResult

from ._check import contains_unknown, normalize_props

Canon = Callable[[Any], Any]


def plain(value: Any) -> Any:
    """Default canonical form: None keys dropped, integral floats as ints, empty containers as None."""
    value = normalize_props(value)
    if value in ({}, [], ""):
        return None
    return value


def text(value: Any) -> Any:
    """Strings compare as given, but "" and None are the same (the API echoes null for unset text)."""
    return None if value in (None, "") else value


def flag(default: bool) -> Canon:
    """A boolean whose absence means `default`."""
    return lambda value: default if value is None else bool(value)


def number(default: float | None) -> Canon:
    return lambda value: default if value is None else (int(value) if float(value).is_integer() else float(value))


def as_set(item: Canon = plain) -> Canon:
    """A list the API treats as a set: compared order-insensitively (by canonical repr)."""

    def canon(value: Any) -> Any:
        if not value:
            return None
        return tuple(sorted((item(v) for v in value), key=repr))

    return canon


def keyed_set(key: str, item: Canon = plain) -> Canon:
    """A list of objects identified by `key` (members by email, rules by title): order-insensitive."""

    def canon(value: Any) -> Any:
        if not value:
            return None
        out = {}
        for v in value:
            c = item(v)
            ident = v.get(key) if isinstance(v, Mapping) else v
            out[ident.lower() if isinstance(ident, str) else ident] = c
        return tuple(sorted(out.items(), key=lambda kv: repr(kv[0])))

    return canon


def changed_fields(olds: Mapping[str, Any], news: Mapping[str, Any], fields: Mapping[str, Canon]) -> list[str]:
    """Managed keys whose canonical values differ; an unknown new value counts as a change."""
    out = []
    for key, canon in fields.items():
        new = news.get(key)
        if contains_unknown(new) or canon(normalize_props(olds.get(key))) != canon(normalize_props(new)):
            out.append(key)
    return out


def result(changed: Iterable[str], replace_on: Iterable[str], *, delete_first: bool = False) -> DiffResult:
    """Build a DiffResult; `delete_first` when the replacement would collide with the old object's identity."""
    changed = list(changed)
    replaces = [k for k in changed if k in set(replace_on)]
    return DiffResult(
        changes=bool(changed),
        replaces=replaces,
        stables=None,
        delete_before_replace=bool(replaces) and delete_first,
    )
