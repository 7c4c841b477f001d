"""Preview-time validation and normalisation of resource inputs, reported as per-field CheckFailures."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, overload

from pulumi.dynamic import CheckFailure
from pulumi.output import Unknown
from pulumi.runtime import rpc

PROVIDER_KEY = "__provider"

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
    if is_unknown(value):
        return True
    if isinstance(value, Mapping):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(contains_unknown(v) for v in value)
    return False


def clean(value: Any) -> Any:
    """Drop `__provider` and None-valued keys, and turn integral floats back into ints (the wire has only doubles)."""
    if isinstance(value, Mapping):
        return {k: clean(v) for k, v in value.items() if k != PROVIDER_KEY and v is not None}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@overload
def compact(props: Mapping[str, Any]) -> dict[str, Any]: ...


@overload
def compact(props: None) -> None: ...


def compact(props: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """`props` with `clean` applied inside each value (top-level keys, `__provider` and nulls included, kept).

    What providers hand back to Pulumi goes through this: nested nulls would otherwise sit in every state
    checkpoint (a rule's unset `weight`, a member's unset `description`) although nothing reads them.
    """
    if props is None:
        return None
    return {k: clean(v) if isinstance(v, (Mapping, list, tuple)) else v for k, v in props.items()}


def parse_timestamp(value: str) -> _dt.datetime:
    """Parse an ISO-8601 date-time (a trailing `Z` allowed); naive values are taken as UTC."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    parsed = _dt.datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_dt.timezone.utc)
    return parsed


def format_timestamp(moment: _dt.datetime) -> str:
    """Canonical UTC form used in state and on the wire: `2024-01-02T03:04:05.678Z` (millisecond precision)."""
    utc = moment.astimezone(_dt.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


class Checker:
    """Collects failures while validating one resource's inputs; every accessor skips unknown values.

    Accessors return the validated (and normalised) value, `None` when absent, invalid or unknown.
    Normalised values are written back into `props`, which becomes the checked inputs.
    """

    def __init__(self, news: Mapping[str, Any]) -> None:
        self.props: dict[str, Any] = clean(dict(news))
        self.failures: list[CheckFailure] = []
        self.has_unknowns = contains_unknown(self.props)

    # -- bookkeeping -------------------------------------------------------------------------------------

    def fail(self, field: str, reason: str) -> None:
        self.failures.append(CheckFailure(field, reason))

    def raw(self, key: str) -> Any:
        return self.props.get(key)

    def known(self, key: str) -> bool:
        """True when the key is present and fully known."""
        return key in self.props and not contains_unknown(self.props[key])

    def failed(self, prefix: str) -> bool:
        return any(f.property == prefix or f.property.startswith((prefix + ".", prefix + "[")) for f in self.failures)

    # -- scalar accessors --------------------------------------------------------------------------------

    def string(self, key: str, *, required: bool = False, pattern: re.Pattern[str] | None = None,
               what: str = "", value: Any = None, path: str | None = None) -> str | None:
        """A string field; `value`/`path` let callers validate nested values with the same rules."""
        field = path or key
        val = self.props.get(key) if value is None and path is None else value
        if val is None:
            if required:
                self.fail(field, f"{field} is required")
            return None
        if is_unknown(val):
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

    def boolean(self, key: str, *, value: Any = None, path: str | None = None) -> bool | None:
        field = path or key
        val = self.props.get(key) if value is None and path is None else value
        if val is None or is_unknown(val):
            return None
        if not isinstance(val, bool):
            self.fail(field, f"{field} must be true or false, got {val!r}")
            return None
        return val

    def integer(self, key: str, *, minimum: int | None = None, maximum: int | None = None,
                value: Any = None, path: str | None = None) -> int | None:
        """An integer; floats with no fractional part are accepted (the wire carries only doubles)."""
        field = path or key
        val = self.props.get(key) if value is None and path is None else value
        if val is None or is_unknown(val):
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
        if path is None and value is None:
            self.props[key] = num
        return num

    def number(self, key: str, *, minimum: float | None = None, value: Any = None,
               path: str | None = None) -> float | int | None:
        field = path or key
        val = self.props.get(key) if value is None and path is None else value
        if val is None or is_unknown(val):
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
        field = path or key
        choices = list(allowed)
        val = self.props.get(key) if value is None and path is None else value
        if val is None:
            if required:
                self.fail(field, f"{field} is required (one of {', '.join(choices)})")
            return None
        if is_unknown(val):
            return None
        if not isinstance(val, str) or val.upper() not in choices:
            self.fail(field, f"{field} must be one of {', '.join(choices)}, got {val!r}")
            return None
        if path is None and value is None:
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
            moment = parse_timestamp(val)
        except ValueError:
            self.fail(key, f"{key} {val!r} is not an ISO-8601 date-time such as 2024-05-01T12:00:00Z")
            return None
        norm = format_timestamp(moment)
        self.props[key] = norm
        return norm

    # -- structured accessors ----------------------------------------------------------------------------

    def mapping(self, key: str, *, value: Any = None, path: str | None = None) -> dict[str, Any] | None:
        field = path or key
        val = self.props.get(key) if value is None and path is None else value
        if val is None or is_unknown(val):
            return None
        if not isinstance(val, Mapping):
            self.fail(field, f"{field} must be an object, got {type(val).__name__}")
            return None
        return dict(val)

    def items(self, key: str, *, value: Any = None, path: str | None = None) -> list[Any] | None:
        """A list field; returns None when absent/unknown/invalid. Elements may still be unknown."""
        field = path or key
        val = self.props.get(key) if value is None and path is None else value
        if val is None or is_unknown(val):
            return None
        if not isinstance(val, (list, tuple)):
            self.fail(field, f"{field} must be a list, got {type(val).__name__}")
            return None
        return list(val)

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

    def each(self, key: str, fn: Callable[[int, Any, str], object]) -> None:
        """Apply `fn(index, element, path)` to every known element of a list field."""
        for i, item in enumerate(self.items(key) or []):
            if not is_unknown(item):
                fn(i, item, f"{key}[{i}]")
