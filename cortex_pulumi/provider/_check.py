"""Preview-time validation and normalisation of resource inputs, reported as per-field CheckFailures."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, overload

from pulumi.dynamic import CheckFailure
from pulumi.output import Unknown
from pulumi.runtime import rpc

from .._nested import any_nested
from ..client.dates import format_datetime, parse_datetime

PROVIDER_KEY = "__provider"
#: The checked inputs `check` filled in or changed from the program's (a team's derived `type`, a scorecard's fields
#: read from its descriptor): the program cannot see their values, so their outputs are always recorded (`_compact`).
DERIVED_KEY = "__derived"
#: Keys the provider keeps beside the inputs for itself: never an input of the kind.
ENGINE_KEYS = frozenset({PROVIDER_KEY, DERIVED_KEY})

#: Team and scorecard tags (the emulator's decision table; real Cortex is at least this strict).
ENTITY_TAG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
#: Secret tags: letters, digits, underscores and dashes.
SECRET_TAG = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
# Deliberately loose: one "@", a dot in the domain, no spaces. The server is the final judge.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def is_unknown(value: Any) -> bool:
    """True for a value the engine does not know yet (preview of a dependent resource)."""
    return isinstance(value, Unknown) or (isinstance(value, str) and value == rpc.UNKNOWN)


def contains_unknown(value: Any) -> bool:
    """True when `value` or anything nested in it is unknown."""
    return any_nested(value, is_unknown)


def normalize_props(value: Any) -> Any:
    """Drop `__provider`, `__derived` and None-valued keys, and turn integral floats back into ints (the wire has only
    doubles)."""
    if isinstance(value, Mapping):
        return {k: normalize_props(v) for k, v in value.items() if k not in ENGINE_KEYS and v is not None}
    if isinstance(value, (list, tuple)):
        return [normalize_props(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@overload
def drop_nested_nulls(props: Mapping[str, Any]) -> dict[str, Any]: ...


@overload
def drop_nested_nulls(props: None) -> None: ...


def drop_nested_nulls(props: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """`props` with `normalize_props` applied inside each value (top-level keys, `__provider` and nulls included, kept).

    What providers hand back to Pulumi goes through this: nested nulls would otherwise sit in every state
    checkpoint (a rule's unset `weight`, a member's unset `description`) although nothing reads them.
    """
    if props is None:
        return None
    return {k: normalize_props(v) if isinstance(v, (Mapping, list, tuple)) else v for k, v in props.items()}


class Checker:
    """Collects failures while validating one resource's inputs; every accessor skips unknown values.

    Accessors return the validated (and normalised) value, `None` when absent, invalid or unknown.
    Normalised values are written back into `props`, which becomes the checked inputs.
    """

    def __init__(self, news: Mapping[str, Any]) -> None:
        self.props: dict[str, Any] = normalize_props(dict(news))
        self.failures: list[CheckFailure] = []
        self.has_unknowns = contains_unknown(self.props)

    # -- bookkeeping -------------------------------------------------------------------------------------

    def fail(self, field: str, reason: str) -> None:
        self.failures.append(CheckFailure(field, reason))

    def relocate(self, start: int, document: str, place: Callable[[str], str]) -> None:
        """Report the failures from number `start` on where they are in the `document` input (a descriptor or
        definition the structured fields were expanded from): ``descriptor: ladder.levels[0].color is required``."""
        for index, failure in enumerate(self.failures[start:], start):
            if not failure.property or failure.property == document:
                continue
            where = place(failure.property)
            reason = failure.reason
            reason = where + reason[len(failure.property):] if reason.startswith(failure.property) else f"{where}: {reason}"
            self.failures[index] = CheckFailure(document, f"{document}: {reason}")

    def raw(self, key: str) -> Any:
        return self.props.get(key)

    def known(self, key: str) -> bool:
        """True when the key is present and fully known."""
        return key in self.props and not contains_unknown(self.props[key])

    def failed(self, prefix: str) -> bool:
        return any(f.property == prefix or f.property.startswith((prefix + ".", prefix + "[")) for f in self.failures)

    def _lookup(self, key: str, value: Any, path: str | None, *, required: bool = False,
                choices: str = "") -> tuple[str, Any]:
        """(field named in messages, its value): the input `key`, or a nested `value` found at `path`.

        The value is None when absent or not known yet; an absent required value fails first."""
        field = path or key
        val = self.props.get(key) if value is None and path is None else value
        if val is None and required:
            self.fail(field, f"{field} is required" + (f" (one of {choices})" if choices else ""))
        return field, None if val is None or is_unknown(val) else val

    def _top_level(self, value: Any, path: str | None) -> bool:
        """True when the accessor reads an input itself (its normalised value is then written back)."""
        return value is None and path is None

    # -- scalar accessors --------------------------------------------------------------------------------

    def string(self, key: str, *, required: bool = False, pattern: re.Pattern[str] | None = None,
               what: str = "", value: Any = None, path: str | None = None) -> str | None:
        """A string field; `value`/`path` let callers validate nested values with the same rules."""
        field, val = self._lookup(key, value, path, required=required)
        if val is None:
            return None
        if not isinstance(val, str):
            self.fail(field, f"{field} must be a string, got {type(val).__name__}")
            return None
        if required and not val.strip():
            self.fail(field, f"{field} must not be empty")
            return None
        if pattern is not None and not pattern.match(val):
            self.fail(field, f"{field} {val!r} is not a valid {what or field}: it must match {pattern.pattern}")
            return None
        return val

    def tag(self, key: str, pattern: re.Pattern[str] = ENTITY_TAG, *, required: bool = True,
            what: str = "Cortex tag") -> str | None:
        return self.string(key, required=required, pattern=pattern, what=what)

    def _of_type(self, key: str, value: Any, path: str | None, kind: type | tuple[type, ...], expected: str,
                 show: Callable[[Any], str] = lambda v: type(v).__name__) -> Any:
        """The value if it is a `kind` (None when absent or unknown); else a failure saying what was `expected`."""
        field, val = self._lookup(key, value, path)
        if val is None or isinstance(val, kind):
            return val
        self.fail(field, f"{field} must be {expected}, got {show(val)}")
        return None

    def boolean(self, key: str, *, value: Any = None, path: str | None = None) -> bool | None:
        return self._of_type(key, value, path, bool, "true or false", repr)

    def integer(self, key: str, *, minimum: int | None = None, maximum: int | None = None,
                value: Any = None, path: str | None = None) -> int | None:
        """An integer; floats with no fractional part are accepted (the wire carries only doubles)."""
        field, val = self._lookup(key, value, path)
        if val is None:
            return None
        if isinstance(val, bool) or not isinstance(val, (int, float)) or (isinstance(val, float) and not val.is_integer()):
            self.fail(field, f"{field} must be a whole number, got {val!r}")
            return None
        num = int(val)
        if minimum is not None and num < minimum:
            self.fail(field, f"{field} must be at least {minimum}, got {num}")
            return None
        if maximum is not None and num > maximum:
            self.fail(field, f"{field} must be at most {maximum}, got {num}")
            return None
        if self._top_level(value, path):
            self.props[key] = num
        return num

    def number(self, key: str, *, minimum: float | None = None, value: Any = None,
               path: str | None = None) -> float | int | None:
        field, val = self._lookup(key, value, path)
        if val is None:
            return None
        if isinstance(val, bool) or not isinstance(val, (int, float)):
            self.fail(field, f"{field} must be a number, got {val!r}")
            return None
        if minimum is not None and val < minimum:
            self.fail(field, f"{field} must be at least {minimum}, got {val}")
            return None
        return val

    def enum(self, key: str, allowed: Iterable[str], *, required: bool = False, value: Any = None,
             path: str | None = None) -> str | None:
        """An enum value, matched case-insensitively and normalised to the API's upper-case spelling."""
        choices = list(allowed)
        field, val = self._lookup(key, value, path, required=required, choices=", ".join(choices))
        if val is None:
            return None
        if not isinstance(val, str) or val.upper() not in choices:
            self.fail(field, f"{field} must be one of {', '.join(choices)}, got {val!r}")
            return None
        if self._top_level(value, path):
            self.props[key] = val.upper()
        return val.upper()

    def email(self, value: Any, path: str, *, required: bool = True) -> str | None:
        val = self.string("", required=required, value=value, path=path)
        if val is None:
            return None
        if not _EMAIL.match(val):
            self.fail(path, f"{path} {val!r} is not a valid email address")
            return None
        return val

    def timestamp(self, key: str, *, required: bool = False) -> str | None:
        """An ISO-8601 date-time, normalised to UTC with a `Z` suffix."""
        val = self.string(key, required=required)
        if val is None:
            return None
        try:
            moment = parse_datetime(val)
        except ValueError:
            self.fail(key, f"{key} {val!r} is not an ISO-8601 date-time such as 2024-05-01T12:00:00Z")
            return None
        norm = format_datetime(moment)
        self.props[key] = norm
        return norm

    # -- structured accessors ----------------------------------------------------------------------------

    def mapping(self, key: str, *, value: Any = None, path: str | None = None) -> dict[str, Any] | None:
        val = self._of_type(key, value, path, Mapping, "an object")
        return None if val is None else dict(val)

    def items(self, key: str, *, value: Any = None, path: str | None = None) -> list[Any] | None:
        """A list field; returns None when absent/unknown/invalid. Elements may still be unknown."""
        val = self._of_type(key, value, path, (list, tuple), "a list")
        return None if val is None else list(val)

    def string_list(self, key: str, *, value: Any = None, path: str | None = None) -> list[str] | None:
        field = path or key
        vals = self.items(key, value=value, path=path)
        if vals is None:
            return None
        for i, item in enumerate(vals):
            if not is_unknown(item) and not isinstance(item, str):
                self.fail(f"{field}[{i}]", f"{field}[{i}] must be a string, got {type(item).__name__}")
        return vals

    def unique(self, field: str, values: Iterable[tuple[int, Any]], what: str) -> None:
        """Fail for every repeated (known) value, naming the index of the repeat."""
        seen: dict[Any, int] = {}
        for index, val in values:
            if val is None or contains_unknown(val):
                continue
            key = val.lower() if isinstance(val, str) else val
            if key in seen:
                self.fail(f"{field}[{index}]", f"duplicate {what} {val!r} (also at {field}[{seen[key]}])")
            else:
                seen[key] = index

    def exclusive(self, field: str, obj: Mapping[str, Any] | None, a: str = "include", b: str = "exclude") -> None:
        """Fail when both `a` and `b` are set (non-empty) in `obj`."""
        if obj and obj.get(a) and obj.get(b):
            self.fail(field, f"{field} may set {a} or {b}, not both")

    def keys(self, path: str, obj: Mapping[str, Any], allowed: Iterable[str]) -> None:
        """Fail for keys of a nested object that the resource does not know (typos would be silently lost)."""
        known = set(allowed)
        for key in obj:
            if key not in known:
                self.fail(f"{path}.{key}", f"{path}.{key} is not a known field (expected one of {', '.join(sorted(known))})")

    def nested(self, value: Any, path: str, keys: Iterable[str], *, required: Iterable[str] = (),
               texts: Iterable[str] = (), flags: Iterable[str] = (),
               enums: Mapping[str, Iterable[str]] | None = None) -> dict[str, Any] | None:
        """A nested object at `path` with only `keys`: `required` and `texts` are strings (required or not),
        `flags` booleans, `enums` enum values (required when also in `required`). None when it is not an object."""
        obj = self.mapping("", value=value, path=path)
        if obj is None:
            return None
        self.keys(path, obj, keys)
        enums = enums or {}
        for key in required:
            if key not in enums:
                self.string("", required=True, value=obj.get(key), path=f"{path}.{key}")
        for key in texts:
            self.string("", value=obj.get(key), path=f"{path}.{key}")
        for key in flags:
            self.boolean("", value=obj.get(key), path=f"{path}.{key}")
        for key, allowed in enums.items():
            self.enum("", allowed, required=key in required, value=obj.get(key), path=f"{path}.{key}")
        return obj

    def each(self, key: str, fn: Callable[[int, Any, str], object]) -> None:
        """Apply `fn(index, element, path)` to every known element of a list field."""
        for i, item in enumerate(self.items(key) or []):
            if not is_unknown(item):
                fn(i, item, f"{key}[{i}]")


def _shown_well(value: Any) -> bool:
    """True for an input value the engine can print beside a failure (one short line)."""
    if isinstance(value, str):
        return "\n" not in value and len(value) <= 200
    return isinstance(value, (bool, int, float))


def engine_failures(props: Mapping[str, Any], failures: list[CheckFailure]) -> list[CheckFailure]:
    """The failures as the engine should get them.

    The engine prints a failure as ``property P value {V} has a problem: R``, with V looked up as a top-level
    input named P: a nested path (``members[0].email``) shows ``{<nil>}``, and a document input (a descriptor)
    shows the whole file. Those go without a property (``has a problem: R``); the reason names the place. Only in
    the provider server: in-process callers (tests, tools) keep the path in ``property``.
    """
    from ._errors import in_provider_server

    if not in_provider_server():
        return failures
    out = []
    for failure in failures:
        if failure.property in props and _shown_well(props[failure.property]):
            out.append(failure)
        else:
            reason = failure.reason if failure.reason.startswith(failure.property) else \
                f"{failure.property}: {failure.reason}"
            out.append(CheckFailure("", reason))
    return out
