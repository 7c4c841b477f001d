"""Models and field helpers shared by several Cortex API areas (filters, levels, pages, errors)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Generic, TypeVar

import attrs
from attrs import validators as v

from .._json import OpenModel

__all__ = [
    "ErrorResponse",
    "Filter",
    "IncludeExclude",
    "LadderLevel",
    "LevelRef",
    "Page",
    "ValidationResult",
    "Violation",
    "non_empty",
    "opt_str",
    "opt_tuple",
    "optional",
    "to_tuple",
]

T = TypeVar("T")


def to_tuple(value: Any) -> tuple[Any, ...]:
    """Field converter: any iterable (or None) becomes a tuple, so frozen models stay immutable."""
    if value is None:
        return ()
    if isinstance(value, (str, bytes, Mapping)):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return tuple(value)


def opt_tuple(value: Any) -> tuple[Any, ...] | None:
    """Field converter: None stays None (the key is left out); any other iterable becomes a tuple."""
    return None if value is None else to_tuple(value)


def non_empty(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: a non-blank string."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{attribute.name} must be a non-empty string, got {value!r}")


opt_str = v.optional(v.instance_of(str))


def opt_number(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: None or a real number (not a bool)."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise TypeError(f"{attribute.name} must be a number, got {value!r}")


def tuple_of(cls: type) -> Any:
    """Validator: a tuple whose items are all ``cls``."""
    return v.deep_iterable(member_validator=v.instance_of(cls), iterable_validator=v.instance_of(tuple))


def optional(cls: type) -> Any:
    """Field: None (the key is left out, and the default) or a ``cls``."""
    return attrs.field(default=None, validator=v.optional(v.instance_of(cls)))


@attrs.frozen(kw_only=True)
class IncludeExclude(OpenModel):
    """``{include: [...], exclude: [...]}`` as used by type and group filters."""

    include: tuple[str, ...] | None = attrs.field(
        default=None, converter=opt_tuple, validator=v.optional(tuple_of(str))
    )
    exclude: tuple[str, ...] | None = attrs.field(
        default=None, converter=opt_tuple, validator=v.optional(tuple_of(str))
    )


@attrs.frozen(kw_only=True)
class Filter(OpenModel):
    """Which entities a scorecard (or a rule) applies to; descriptor-only keys ``kind``/``category`` kept."""

    kind: str | None = optional(str)
    category: str | None = optional(str)
    types: IncludeExclude | None = optional(IncludeExclude)
    groups: IncludeExclude | None = optional(IncludeExclude)
    query: str | None = optional(str)


@attrs.frozen(kw_only=True)
class LevelRef(OpenModel):
    """``CurrentLevel``: a ladder level by name and number (number semantics unverified, see the API notes)."""

    name: str = attrs.field(validator=v.instance_of(str))
    number: int | None = optional(int)


@attrs.frozen(kw_only=True)
class LadderLevel(OpenModel):
    """``LadderLevel``: the wrapper ``{level: {name, number}}``."""

    level: LevelRef | None = optional(LevelRef)


@attrs.frozen(kw_only=True)
class Violation(OpenModel):
    """``ViolationDTO``: one validation problem in a descriptor."""

    title: str | None = optional(str)
    description: str | None = optional(str)
    violation_type: str | None = optional(str)
    rule_link: str | None = optional(str)
    paths: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    pointer: str | None = optional(str)
    start_line: int | None = optional(int)
    end_line: int | None = optional(int)

    def __str__(self) -> str:
        where = f" at {self.pointer}" if self.pointer else ""
        kind = f"[{self.violation_type}] " if self.violation_type else ""
        return f"{kind}{self.title or 'violation'}{where}: {self.description or ''}".rstrip(": ")


@attrs.frozen(kw_only=True)
class ValidationResult(OpenModel):
    """``OpenApiResponse``: ``{ok, violations}`` from validation endpoints and 400 validation errors."""

    ok: bool = attrs.field(default=False, validator=v.instance_of(bool))
    violations: tuple[Violation, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(Violation))


@attrs.frozen(kw_only=True)
class ErrorResponse(OpenModel):
    """``ErrorResponse``: the JSON body of most Cortex 4xx answers."""

    type: str | None = optional(str)
    message: str | None = optional(str)
    details: str | None = optional(str)
    http_status: int | None = optional(int)
    gateway_http_status: int | None = optional(int)
    request_id: str | None = optional(str)


@attrs.frozen(kw_only=True)
class Page(Generic[T]):
    """One page of a paginated list: ``items`` plus the ``page``/``total``/``totalPages`` envelope."""

    items: tuple[T, ...] = attrs.field(converter=to_tuple)
    page: int = 0
    total: int = 0
    total_pages: int = 0

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def is_last(self) -> bool:
        """True when no later page exists (empty page, or ``page + 1 >= totalPages``)."""
        return not self.items or self.page + 1 >= self.total_pages
