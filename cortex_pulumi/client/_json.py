"""The one camelCase JSON converter between attrs models and Cortex wire documents."""

from __future__ import annotations

import datetime as _dt
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

from .dates import format_datetime, parse_datetime

__all__ = [
    "ConversionError",
    "JsonModel",
    "OpenModel",
    "camel_case",
    "extra_field",
    "format_datetime",
    "json_key",
    "json_key_of",
    "parse_datetime",
    "structure",
    "unstructure",
]

T = TypeVar("T")

#: Field metadata key naming the JSON key of a field when it is not the camelCase of its name.
JSON_KEY = "cortex_json_key"
#: Field metadata key marking the mapping that receives unknown keys (and is merged back on output).
EXTRA = "cortex_json_extra"


class ConversionError(ValueError):
    """A document does not fit a model; ``path`` says where (``rules[2].expression``)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.problem = message
        # A problem of the whole document (not valid YAML, say) has no path to show.
        super().__init__(f"{path}: {message}" if path else message)


def camel_case(name: str) -> str:
    """``is_draft`` -> ``isDraft``; the only snake/camel rule in the client."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def json_key(name: str) -> dict[str, str]:
    """Field metadata for a JSON key that is not the camelCase of the field name."""
    return {JSON_KEY: name}


def extra_field() -> Any:
    """The ``extra`` mapping: unknown document keys are kept here, never an error."""
    return attrs.field(factory=dict, metadata={EXTRA: True}, converter=dict, repr=False)


class _Plan(typing.NamedTuple):
    """How to read one class: (field name, JSON key, type, optional?, has default?) per field, the extra field."""

    fields: tuple[tuple[str, str, Any, bool, bool], ...]
    known: frozenset[str]
    extra: str | None


_PLANS: dict[type, _Plan] = {}


def _plan(cls: type) -> _Plan:
    # Built once per class: type hints and key names are the costly part of reading a document.
    plan = _PLANS.get(cls)
    if plan is None:
        hints = typing.get_type_hints(cls)
        fields = []
        extra = None
        for field in attrs.fields(cls):
            if field.metadata.get(EXTRA):
                extra = field.name
                continue
            tp = hints[field.name]
            fields.append((field.name, _key(field), tp, _is_optional(tp), field.default is not attrs.NOTHING))
        plan = _Plan(tuple(fields), frozenset(f[1] for f in fields), extra)
        _PLANS[cls] = plan
    return plan


def json_key_of(field: attrs.Attribute[Any]) -> str:
    """The JSON key of a model field: its own (`json_key`) or the camelCase of its name."""
    return str(field.metadata.get(JSON_KEY) or camel_case(field.name))


_key = json_key_of


def _is_optional(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType) and type(None) in typing.get_args(tp)


def _text(value: Any, path: str) -> str:
    if isinstance(value, str):
        return value
    # YAML reads `color: 123456` or `window: 4` as numbers; the wire value is still text.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise ConversionError(path, f"expected a string, got {type(value).__name__}")


def _flag(value: Any, path: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ConversionError(path, f"expected a boolean, got {type(value).__name__}")


def _integer(value: Any, path: str) -> int:
    if isinstance(value, bool):
        raise ConversionError(path, "expected an integer, got a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise ConversionError(path, f"expected an integer, got {value!r}")


def _number(value: Any, path: str) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raise ConversionError(path, f"expected a number, got {type(value).__name__}")


def _moment(value: Any, path: str) -> _dt.datetime:
    if isinstance(value, _dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=_dt.timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # epoch milliseconds, as some Cortex endpoints emit
        return _dt.datetime.fromtimestamp(value / 1000, tz=_dt.timezone.utc)
    if isinstance(value, str):
        try:
            return parse_datetime(value)
        except ValueError as exc:
            raise ConversionError(path, f"not an ISO-8601 date-time: {value!r}") from exc
    raise ConversionError(path, f"expected a date-time, got {type(value).__name__}")


def _day(value: Any, path: str) -> _dt.date:
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ConversionError(path, f"not an ISO-8601 date: {value!r}") from exc


#: How a JSON value becomes each scalar type (lenient where YAML or Cortex are).
SCALARS: dict[Any, Any] = {str: _text, bool: _flag, int: _integer, float: _number, _dt.datetime: _moment,
                           _dt.date: _day}


def _union(tp: Any, value: Any, path: str) -> Any:
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if value is None:
        return None
    if len(args) == 1:
        return _structure_value(args[0], value, path)
    last: ConversionError | None = None
    for arg in args:
        try:
            return _structure_value(arg, value, path)
        except ConversionError as exc:
            last = exc
    raise last or ConversionError(path, "no alternative matched")


def _sequence(tp: Any, value: Any, path: str) -> tuple[Any, ...]:
    if not isinstance(value, (list, tuple)):
        raise ConversionError(path, f"expected a list, got {type(value).__name__}")
    item_tp = (typing.get_args(tp) or (Any,))[0]
    return tuple(_structure_value(item_tp, item, f"{path}[{i}]") for i, item in enumerate(value))


def _mapping(tp: Any, value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ConversionError(path, f"expected an object, got {type(value).__name__}")
    map_args = typing.get_args(tp)
    value_tp = map_args[1] if len(map_args) == 2 else Any
    return {str(k): _structure_value(value_tp, v, f"{path}.{k}") for k, v in value.items()}


def _structure_value(tp: Any, value: Any, path: str) -> Any:
    if tp is Any:
        return value
    # Fast path for the commonest case: a string field holding a string.
    if tp is str and type(value) is str:
        return value
    scalar = SCALARS.get(tp)
    if scalar is not None:
        return scalar(value, path)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _union(tp, value, path)
    if origin is tuple or origin is list:
        return _sequence(tp, value, path)
    if origin in (dict, Mapping) or tp in (dict, Mapping):
        return _mapping(tp, value, path)
    if isinstance(tp, type) and attrs.has(tp):
        if not isinstance(value, Mapping):
            raise ConversionError(path, f"expected an object, got {type(value).__name__}")
        return structure(tp, value, _path=path)
    raise ConversionError(path, f"unsupported model type {tp!r}")


def structure(cls: type[T], data: Mapping[str, Any], *, _path: str = "") -> T:
    """Build ``cls`` from a camelCase document: unknown keys go to ``extra``, nulls mean "absent"."""
    if not isinstance(data, Mapping):
        raise ConversionError(_path, f"expected an object, got {type(data).__name__}")
    plan = _plan(cls)
    kwargs: dict[str, Any] = {}
    for name, key, tp, optional, has_default in plan.fields:
        if key not in data:
            continue
        value = data[key]
        if value is None:
            if optional:
                kwargs[name] = None
                continue
            # A JSON null for a list/flag with a default is read as "not set".
            if has_default:
                continue
            raise ConversionError(f"{_path}.{key}" if _path else key, "required value is null")
        kwargs[name] = _structure_value(tp, value, f"{_path}.{key}" if _path else key)
    if plan.extra is not None:
        kwargs[plan.extra] = {k: v for k, v in data.items() if k not in plan.known}
    # Name a missing required field the way the document spells it, rather than letting the attrs
    # constructor's TypeError (which speaks of Python keyword arguments) reach the user.
    for name, key, _tp, _optional, has_default in plan.fields:
        if not has_default and name not in kwargs:
            raise ConversionError(f"{_path}.{key}" if _path else key, "required field is missing")
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, ConversionError):  # a validator naming a field of this model: make the path whole
            raise ConversionError(".".join(filter(None, (_path, exc.path))), exc.problem) from exc
        raise ConversionError(_path, str(exc)) from exc


def _unstructure_value(value: Any, omit_none: bool) -> Any:
    if attrs.has(type(value)):
        return unstructure(value, omit_none=omit_none)
    if isinstance(value, (list, tuple)):
        return [_unstructure_value(v, omit_none) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _unstructure_value(v, omit_none) for k, v in value.items()}
    if isinstance(value, _dt.datetime):
        return format_datetime(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def unstructure(obj: Any, *, omit_none: bool = True) -> dict[str, Any]:
    """Render a model as a camelCase document; ``extra`` keys are merged back after the known ones."""
    out: dict[str, Any] = {}
    extra: Mapping[str, Any] = {}
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if field.metadata.get(EXTRA):
            extra = value or {}
            continue
        if value is None and omit_none:
            continue
        out[_key(field)] = _unstructure_value(value, omit_none)
    for key, value in extra.items():
        out.setdefault(key, _unstructure_value(value, omit_none))
    return out


class JsonModel:
    """Mixin for attrs models: ``from_dict``/``to_dict`` through the one converter."""

    __slots__ = ()

    @classmethod
    def from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
        """Read a camelCase document (extra keys kept, nulls tolerated)."""
        return structure(cls, data)

    def to_dict(self) -> dict[str, Any]:
        """The camelCase document, without null fields."""
        return unstructure(self)


@attrs.frozen(kw_only=True)
class OpenModel(JsonModel):
    """A model of a document Cortex may grow: the keys it does not know are kept in ``extra`` (and written back)."""

    extra: Mapping[str, Any] = extra_field()
