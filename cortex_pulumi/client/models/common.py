"""Models and field helpers shared by several Cortex API areas (filters, levels, pages, errors)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar, cast

import attrs
from attrs import validators as v

from .._json import OpenModel, json_key_of

__all__ = [
    "ModelArgumentError",
    "also_accepts",
    "coerce",
    "coerce_all",
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
    "model_of",
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


# -- nested model arguments: the model, a mapping of its fields, or the obvious sibling model -------------------
# A mapping may use the Python field names (``notifications_enabled``) or Cortex's JSON keys
# (``notificationsEnabled``), as the wire format and Cortex's documentation spell them; an unknown key is an error
# naming the closest field. Anything else fails with one line naming the argument and the class wanted, instead of
# attrs' ``'x' must be <class ...>``. The JSON converter builds models before their parents, so decoding an answer
# only meets the model itself (the first, cheapest check).

#: target model -> (other model, conversion) pairs it also accepts.
_SIBLINGS: dict[type, list[tuple[type, Callable[[Any], Any]]]] = {}


class ModelArgumentError(TypeError):
    """A model argument of the wrong kind; the message names the argument and the class wanted."""


def also_accepts(target: type[T], source: type, convert: Callable[[Any], T]) -> None:
    """Where a `target` is wanted, accept a `source` too, converted by `convert` (e.g. a team member as the
    members-replace body spells it where the team body's form is wanted)."""
    _SIBLINGS.setdefault(target, []).append((source, convert))


def _names(cls: type) -> str:
    return ", ".join(f.name for f in attrs.fields(cls) if f.name != "extra")


def _closest(key: str, by_key: Mapping[str, str]) -> str:
    """` (did you mean 'x'?)` in the spelling the key was written in: camelCase keys get Cortex's keys."""
    python = [k for k, name in by_key.items() if k == name]
    spellings = [[k for k in by_key if k not in python], python]
    if key == key.lower():
        spellings.reverse()
    close = difflib.get_close_matches(key, spellings[0], n=1, cutoff=0.5) or difflib.get_close_matches(
        key, spellings[1], n=1, cutoff=0.5)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _from_mapping(cls: type[T], value: Mapping[str, Any], where: str) -> T:
    declared = attrs.fields(cast(Any, cls))
    by_key: dict[str, str] = {}
    for field in declared:
        if field.name != "extra":
            by_key[field.name] = by_key[json_key_of(field)] = field.name
    unknown = [k for k in value if k not in by_key]
    if unknown:
        hint = _closest(str(unknown[0]), by_key)
        raise ModelArgumentError(f"{where}: unknown key {unknown[0]!r} for {cls.__name__}{hint}; its fields: "
                                 f"{_names(cls)} (or their camelCase forms)")
    kwargs = {by_key[k]: v for k, v in value.items()}
    missing = [f.name for f in declared if f.default is attrs.NOTHING and f.name not in kwargs]
    if missing:
        raise ModelArgumentError(f"{where}: {cls.__name__} needs {', '.join(map(repr, missing))}; its fields: "
                                 f"{_names(cls)}")
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{where}: {exc}") from None


def coerce(cls: type[T], value: Any, where: str) -> T:
    """`value` as a `cls`: the model itself, a sibling model it accepts, or a mapping of its fields."""
    if isinstance(value, cls):
        return value
    for source, convert in _SIBLINGS.get(cls, ()):
        if isinstance(value, source):
            return convert(value)
    if isinstance(value, Mapping):
        return _from_mapping(cls, value, where)
    siblings = "".join(f", a {source.__name__}" for source, _ in _SIBLINGS.get(cls, ()))
    raise ModelArgumentError(f"{where} must be a {cls.__name__}{siblings} or a mapping of its fields "
                             f"({_names(cls)}), got {type(value).__name__}")


def coerce_all(cls: type[T], values: Iterable[Any] | None, where: str) -> tuple[T, ...]:
    """Each item of a list argument as a `cls` (`where[i]` in messages); None is the empty list."""
    if values is None:
        return ()
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise ModelArgumentError(f"{where} must be a list of {cls.__name__}, got {type(values).__name__}")
    return tuple(coerce(cls, item, f"{where}[{i}]") for i, item in enumerate(values))


def _settle(inst: Any, attribute: attrs.Attribute[Any], value: Any, coerced: Any) -> None:
    # Models are frozen: a validator is the one place that sees the field's name and may still set it.
    if coerced is not value:
        object.__setattr__(inst, attribute.name, coerced)


def tuple_of(cls: type, *then: Any) -> Any:
    """Validator: a tuple whose items are all ``cls``; a model's items may be given as mappings of its fields (or
    a sibling model it accepts), converted here. The validators in ``then`` see the converted tuple."""
    if not attrs.has(cls):
        return v.and_(v.deep_iterable(member_validator=v.instance_of(cls), iterable_validator=v.instance_of(tuple)),
                      *then)

    def validate(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        ready = isinstance(value, tuple) and all(type(item) is cls for item in value)
        coerced = value if ready else coerce_all(cls, value, attribute.name)
        _settle(inst, attribute, value, coerced)
        for check in then:
            check(inst, attribute, coerced)

    return validate


def model_of(cls: type) -> Any:
    """Validator: a ``cls`` model, given as the model, a mapping of its fields or a sibling model it accepts."""

    def validate(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        _settle(inst, attribute, value, coerce(cls, value, attribute.name))

    return validate


def optional(cls: type) -> Any:
    """Field: None (the key is left out, and the default) or a ``cls`` (a model: or a mapping of its fields)."""
    return attrs.field(default=None, validator=v.optional(model_of(cls) if attrs.has(cls) else v.instance_of(cls)))


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
