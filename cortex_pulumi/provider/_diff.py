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


class Record:
    """Canonical form of an object with known keys (a team member, a scorecard rule): each key by its own form.
    The forms also say which nested values are defaults (`without_defaults`)."""

    def __init__(self, fields: Mapping[str, Canon]) -> None:
        self.fields = fields

    def __call__(self, value: Any) -> Any:
        if not isinstance(value, Mapping):
            return plain(value)
        return tuple(canon(value.get(key)) for key, canon in self.fields.items())


class _Items:
    """Canonical form of a list whose items have the form `item`."""

    def __init__(self, item: Canon, key: str | None = None, ordered: bool = False) -> None:
        self.item, self.key, self.ordered = item, key, ordered

    def __call__(self, value: Any) -> Any:
        if not value:
            return None
        if self.ordered:
            return tuple(self.item(v) for v in value)
        if self.key is None:
            return tuple(sorted((self.item(v) for v in value), key=repr))
        out = {}
        for v in value:
            ident = v.get(self.key) if isinstance(v, Mapping) else v
            out[ident.lower() if isinstance(ident, str) else ident] = self.item(v)
        return tuple(sorted(out.items(), key=lambda kv: repr(kv[0])))


def as_set(item: Canon = plain) -> Canon:
    """A list the API treats as a set: compared order-insensitively (by canonical repr)."""
    return _Items(item)


def keyed_set(key: str, item: Canon = plain) -> Canon:
    """A list of objects identified by `key` (members by email, rules by title): order-insensitive."""
    return _Items(item, key)


def ordered(item: Canon = plain) -> Canon:
    """A list whose order matters (a team's links)."""
    return _Items(item, ordered=True)


def without_defaults(value: Any, canon: Canon) -> Any:
    """`value` without what the program would get by leaving it out, at any depth: each key of a `Record` whose
    value has the canonical form of an absent one (`notifications_enabled: true` of a member), and empty lists."""
    fields = getattr(canon, "fields", None)
    if fields is not None and isinstance(value, Mapping):
        return {key: without_defaults(v, fields.get(key, plain)) for key, v in value.items()
                if v != [] and not (key in fields and fields[key](v) == fields[key](None))}
    item = getattr(canon, "item", None)
    if item is not None and isinstance(value, list):
        return [without_defaults(v, item) for v in value]
    return value


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
