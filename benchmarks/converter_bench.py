"""Decode speed of the client's hand-written converter (client/_json.py) against a cattrs converter doing the same.

The cattrs converter below reproduces what `_json.structure` promises: camelCase (or `json_key`) names, unknown
keys kept in `extra`, JSON null read as "not set" for fields with a default, YAML's lenient scalars (numbers as
text, "true" as a flag, epoch milliseconds as date-times), and errors naming the field as the document spells it
(`rules[1].expression: expected a string, got float`). It first checks that both converters build equal models
and word errors alike, then times decoding realistic list pages::

    .venv/bin/python -m benchmarks.converter_bench [--items 1000] [--repeat 5]

Needs `pip install cattrs` (not a dependency of the package).
"""

from __future__ import annotations

import argparse
import json
import time
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, override

from cortex_pulumi.client import _json
from cortex_pulumi.client.models import ScorecardResponse, TeamResponse, WorkflowDefinition

_EXTRA_KEY = "\x00extra"  # where the pre-pass puts unknown keys, so the generated code passes them on


class _Problem(ValueError):
    """A scalar that does not fit: the message of `_json`, without the path (cattrs' notes carry it)."""


def _scalar(convert: Callable[[Any, str], Any]) -> Callable[[Any, Any], Any]:
    """A cattrs hook from one of `_json`'s scalar readers (the same leniency and the same messages)."""

    def hook(value: Any, _tp: Any) -> Any:
        try:
            return convert(value, "")
        except _json.ConversionError as exc:
            raise _Problem(exc.problem) from None

    return hook


def _items(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], tuple[Any, ...]]]:
    def factory(tp: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
        item = (typing.get_args(tp) or (Any,))[0]
        structure_item = converter.get_structure_hook(item)

        def hook(value: Any, _tp: Any) -> tuple[Any, ...]:
            if not isinstance(value, (list, tuple)):
                raise _Problem(f"expected a list, got {type(value).__name__}")
            out, errors = [], []
            for i, element in enumerate(value):
                try:
                    out.append(structure_item(element, item))
                except Exception as exc:  # noqa: BLE001 - regrouped with the index, as cattrs does
                    exc.__notes__ = [*getattr(exc, "__notes__", []), f"\x00[{i}]"]
                    errors.append(exc)
            if errors:
                raise IterableValidationError("list items", errors, tp)
            return tuple(out)

        return hook

    return factory


def _union(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    def factory(tp: Any) -> Callable[[Any, Any], Any]:
        hooks = [(a, converter.get_structure_hook(a)) for a in typing.get_args(tp) if a is not type(None)]

        def hook(value: Any, _tp: Any) -> Any:
            if value is None:
                return None
            last: Exception | None = None
            for arg, structure in hooks:
                try:
                    return structure(value, arg)
                except Exception as exc:  # noqa: BLE001 - the next alternative may fit
                    last = exc
            raise last or _Problem("no alternative matched")

        return hook

    return factory


def _model(converter: cattrs.Converter) -> Callable[[type], Callable[[Any, Any], Any]]:
    def factory(cls: type) -> Callable[[Any, Any], Any]:
        plan = _json._plan(cls)
        renames = {name: override(rename=key) for name, key, *_ in plan.fields}
        if plan.extra:
            renames[plan.extra] = override(rename=_EXTRA_KEY, struct_hook=lambda v, _t: dict(v))
        generated = make_dict_structure_fn(cls, converter, **renames)
        defaulted = frozenset(key for _n, key, _t, optional, has_default in plan.fields if has_default and not optional)
        required = [key for _n, key, _t, _o, has_default in plan.fields if not has_default]

        def hook(data: Any, _cls: Any) -> Any:
            if not isinstance(data, Mapping):
                raise _Problem(f"expected an object, got {type(data).__name__}")
            given = {k: v for k, v in data.items() if v is not None or k not in defaulted}
            for key in required:
                if given.get(key, ...) is ...:
                    raise _Problem("required field is missing").with_key(key)  # type: ignore[attr-defined]
                if given[key] is None:
                    raise _Problem("required value is null").with_key(key)  # type: ignore[attr-defined]
            if plan.extra:
                given[_EXTRA_KEY] = {k: v for k, v in data.items() if k not in plan.known}
            return generated(given, cls)

        return hook

    return factory


def _with_key(self: _Problem, key: str) -> _Problem:
    self.__notes__ = [f"\x00.{key}"]
    return self


_Problem.with_key = _with_key  # type: ignore[attr-defined]


def make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(detailed_validation=True)
    for tp, convert in _json.SCALARS.items():
        converter.register_structure_hook(tp, _scalar(convert))
    converter.register_structure_hook(Any, lambda v, _t: v)
    converter.register_structure_hook_factory(
        lambda tp: typing.get_origin(tp) is tuple, _items(converter))
    converter.register_structure_hook_factory(attrs.has, _model(converter))
    converter.register_structure_hook_factory(
        lambda tp: typing.get_origin(tp) in (typing.Union, types.UnionType), _union(converter))
    return converter


def _path(exc: BaseException) -> tuple[str, str]:
    """(path as the document spells it, message) of the first leaf error of a cattrs error tree."""
    keys = {name: key for plan in _json._PLANS.values() for name, key, *_ in plan.fields}
    parts: list[str] = []
    current: BaseException = exc
    while True:
        # Notes are added on the way out: the innermost first.
        for note in reversed(getattr(current, "__notes__", [])):
            name = getattr(note, "name", None)
            if isinstance(note, str) and note.startswith("\x00"):
                parts.append(note[1:])
            elif isinstance(name, str):
                parts.append("." + keys.get(name, name))
        if isinstance(current, (ClassValidationError, IterableValidationError)) and current.exceptions:
            current = current.exceptions[0]
            continue
        break
    return "".join(parts).lstrip(".") or "<root>", str(current)


def cattrs_structure(converter: cattrs.Converter, cls: type, data: Mapping[str, Any]) -> Any:
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError, _Problem) as exc:
        path, message = _path(exc)
        raise _json.ConversionError(path if path != "<root>" else "", message) from None


# -- documents and runs ----------------------------------------------------------------------------


def documents(count: int) -> dict[str, tuple[type, list[dict[str, Any]]]]:
    scorecard = {"tag": "sc", "name": "SC", "description": "d", "isDraft": False, "id": 7,
                 "lastUpdated": "2025-09-13T13:07:02.401Z", "notifications": {"enabled": True},
                 "levels": [{"level": {"name": "Gold", "number": 1, "color": "#FFD700"}}],
                 "rules": [{"identifier": f"id-{i}", "title": f"R{i}", "expression": "git != null", "weight": 1,
                            "levelName": "Gold", "effectiveFrom": "2024-01-01T00:00:00Z"} for i in range(5)],
                 "someNewField": {"nested": True}}
    team = {"teamTag": "t", "catalogEntityTag": "t", "id": "en1", "type": "CORTEX", "isArchived": False,
            "metadata": {"name": "T", "description": None, "summary": "s"},
            "links": [{"name": "l", "type": "DOCS", "url": "https://x"}],
            "slackChannels": [{"name": "c", "notificationsEnabled": True}],
            "cortexTeam": {"members": [{"email": f"m{i}@x.io", "name": f"M{i}", "notificationsEnabled": True,
                                        "roles": []} for i in range(8)]}}
    workflow = json.loads(json.dumps({"tag": "wf", "name": "WF", "isDraft": False, "filter": {"type": "GLOBAL"},
                                      "runRestrictionPolicies": [], "variables": [],
                                      "actions": [{"name": f"a{i}", "slug": f"a{i}", "schema": {"type": "HTTP_REQUEST",
                                                   "url": "https://x", "httpMethod": "GET"},
                                                   "outgoingActions": [f"a{i + 1}"] if i < 3 else [],
                                                   "isRootAction": i == 0} for i in range(4)]}))
    return {"scorecards": (ScorecardResponse, [dict(scorecard, tag=f"sc-{i}") for i in range(count)]),
            "teams": (TeamResponse, [dict(team, teamTag=f"t-{i}") for i in range(count)]),
            "workflows": (WorkflowDefinition, [dict(workflow, tag=f"wf-{i}") for i in range(count)])}


BAD = [
    (ScorecardResponse, {"tag": "t", "name": "n", "rules": [{"expression": "x"}, {"expression": 5.5, "weight": "w"}]}),
    (ScorecardResponse, {"tag": "t", "name": "n", "isDraft": "maybe"}),
    (ScorecardResponse, {"name": "n"}),
    (TeamResponse, {"teamTag": "t", "metadata": {"description": "no name"}}),
    (TeamResponse, {"teamTag": "t", "metadata": {"name": "n"}, "links": 5}),
]


def _error(fn: Callable[[], Any]) -> str:
    try:
        fn()
    except _json.ConversionError as exc:
        return str(exc)
    return "no error"


def compare(converter: cattrs.Converter, docs: dict[str, tuple[type, list[dict[str, Any]]]]) -> list[str]:
    """Differences between the two converters (models built, error messages)."""
    out = []
    for name, (cls, items) in docs.items():
        if [_json.structure(cls, d) for d in items[:3]] != [cattrs_structure(converter, cls, d) for d in items[:3]]:
            out.append(f"{name}: different models")
    for cls, doc in BAD:
        mine = _error(lambda cls=cls, doc=doc: _json.structure(cls, doc))  # type: ignore[misc]
        theirs = _error(lambda cls=cls, doc=doc: cattrs_structure(converter, cls, doc))  # type: ignore[misc]
        if mine != theirs:
            out.append(f"error differs: _json {mine!r} / cattrs {theirs!r}")
    return out


def best_of(repeat: int, fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000, help="objects per listing page")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (the best counts)")
    args = parser.parse_args(argv)
    converter = make_converter()
    docs = documents(args.items)
    for problem in compare(converter, docs):
        print("MISMATCH", problem)
    print(f"{'page of':<12}{'items':>7}{'_json ms':>11}{'cattrs ms':>11}{'cattrs/_json':>14}")
    for name, (cls, items) in docs.items():
        mine = best_of(args.repeat, lambda cls=cls, items=items: [_json.structure(cls, d) for d in items])  # type: ignore[misc]
        theirs = best_of(args.repeat, lambda cls=cls, items=items: [converter.structure(d, cls) for d in items])  # type: ignore[misc]
        print(f"{name:<12}{len(items):>7}{mine * 1000:>11.1f}{theirs * 1000:>11.1f}{theirs / mine:>14.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
