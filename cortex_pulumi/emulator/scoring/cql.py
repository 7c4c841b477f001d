"""Evaluation of the small CQL subset the emulator scores scorecards with (syntax in contract/cql.py).

The subset (anything else parses but evaluates to an "unsupported" error, or fails to parse):

- ``entity.tag()``: the entity's tag;
- ``hasGroup("g")``: whether the entity carries the x-cortex group "g";
- ``custom("k")``: the entity's custom-data value for key "k" (null when absent);
- ``deploys(lookback=duration("P7D"))``: the entity's deploys in the lookback window; ``.length`` counts;
- ``== != (= is accepted as ==) < <= > >= && || ! ( ) true false null "strings" numbers``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cortex_pulumi.contract.cql import (
    UNSUPPORTED,
    Attribute,
    Binary,
    Call,
    CqlError,
    CqlSyntaxError,
    CqlUnsupportedError,
    Literal,
    Name,
    Node,
    Token,
    Unary,
    cql_problems,
    parse,
    parse_duration,
    tokenize,
)
from cortex_pulumi.emulator.services.violations import type_name

__all__ = [
    "UNSUPPORTED",
    "Attribute",
    "Binary",
    "Call",
    "CqlError",
    "CqlSyntaxError",
    "CqlUnsupportedError",
    "EntityFacts",
    "Literal",
    "Name",
    "Node",
    "Outcome",
    "Token",
    "Unary",
    "check",
    "cql_problems",
    "evaluate",
    "parse",
    "parse_duration",
    "tokenize",
]

@dataclass(frozen=True)
class EntityFacts:
    """What the subset can see of one entity."""

    tag: str
    groups: Sequence[str] = ()
    custom: Mapping[str, Any] = field(default_factory=dict)
    deploy_times: Sequence[dt.datetime] = ()


@dataclass(frozen=True)
class _Entity:
    facts: EntityFacts


class _Evaluator:
    def __init__(self, source: str, facts: EntityFacts, now: dt.datetime) -> None:
        self.source = source
        self.facts = facts
        self.now = now

    def text(self, node: Node) -> str:
        return self.source[node.start : node.end]

    def unsupported(self, node: Node) -> CqlUnsupportedError:
        return CqlUnsupportedError(f"`{self.text(node)}` is {UNSUPPORTED}")

    def eval(self, node: Node) -> Any:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Name):
            if node.name == "entity":
                return _Entity(self.facts)
            raise self.unsupported(node)
        if isinstance(node, Attribute):
            target = self.eval(node.target)
            if node.name == "length" and isinstance(target, (list, str)):
                return len(target)
            raise self.unsupported(node)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Unary):
            value = self.eval(node.operand)
            if node.op == "!":
                return not self.boolean(value, node.operand)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise CqlError(f"cannot negate {_describe(value)} in `{self.text(node)}`")
            return -value
        return self.binary(node)

    def boolean(self, value: Any, node: Node) -> bool:
        if not isinstance(value, bool):
            raise CqlError(f"`{self.text(node)}` is {_describe(value)}, expected a boolean")
        return value

    def binary(self, node: Binary) -> Any:
        if node.op == "&&":
            return self.boolean(self.eval(node.left), node.left) and self.boolean(self.eval(node.right), node.right)
        if node.op == "||":
            return self.boolean(self.eval(node.left), node.left) or self.boolean(self.eval(node.right), node.right)
        left, right = self.eval(node.left), self.eval(node.right)
        if node.op == "==":
            return _equal(left, right)
        if node.op == "!=":
            return not _equal(left, right)
        if not _orderable(left, right):
            raise CqlError(f"cannot compare {_describe(left)} with {_describe(right)} in `{self.text(node)}`")
        if node.op == "<":
            return left < right
        if node.op == "<=":
            return left <= right
        if node.op == ">":
            return left > right
        return left >= right

    def call(self, node: Call) -> Any:
        func = node.func
        if isinstance(func, Attribute) and func.name == "tag" and not node.args and not node.kwargs:
            target = self.eval(func.target)
            if isinstance(target, _Entity):
                return target.facts.tag
            raise self.unsupported(node)
        if not isinstance(func, Name):
            raise self.unsupported(node)
        if func.name in ("hasGroup", "custom"):
            key = self.single_string_arg(node)
            if func.name == "hasGroup":
                return key in self.facts.groups
            return self.facts.custom.get(key)
        if func.name == "deploys" and not node.args and {k for k, _ in node.kwargs} <= {"lookback"}:
            kwargs = dict(node.kwargs)
            if "lookback" not in kwargs:
                return list(self.facts.deploy_times)
            window = self.eval(kwargs["lookback"])
            if not isinstance(window, dt.timedelta):
                raise CqlError(f"lookback must be a duration(...) in `{self.text(node)}`")
            since = self.now - window
            return [t for t in self.facts.deploy_times if since <= t <= self.now]
        if func.name == "duration":
            return parse_duration(self.single_string_arg(node))
        raise self.unsupported(node)

    def single_string_arg(self, node: Call) -> str:
        if len(node.args) != 1 or node.kwargs:
            raise CqlError(f"`{self.text(node)}` takes exactly one string argument")
        value = self.eval(node.args[0])
        if not isinstance(value, str):
            raise CqlError(f"`{self.text(node)}` takes a string argument, got {_describe(value)}")
        return value


def _equal(left: Any, right: Any) -> bool:
    # Booleans are not numbers in CQL: `true == 1` is false.
    if isinstance(left, bool) != isinstance(right, bool):
        return False
    return bool(left == right)


def _orderable(left: Any, right: Any) -> bool:
    numbers = (int, float)
    if isinstance(left, bool) or isinstance(right, bool):
        return False
    if isinstance(left, numbers) and isinstance(right, numbers):
        return True
    return isinstance(left, str) and isinstance(right, str)


def _describe(value: Any) -> str:
    return "a duration" if isinstance(value, dt.timedelta) else type_name(value, other="an object")


def evaluate(expression: str, facts: EntityFacts, now: dt.datetime | None = None) -> Any:
    """Evaluate an expression for one entity; raises CqlError (or a subclass)."""
    when = now or dt.datetime.now(dt.timezone.utc)
    return _Evaluator(expression, facts, when).eval(parse(expression))


@dataclass(frozen=True)
class Outcome:
    """The result of evaluating a rule expression: passed, or an error message."""

    passed: bool
    error: str | None = None


def check(expression: str, facts: EntityFacts, now: dt.datetime | None = None) -> Outcome:
    """Evaluate a rule or filter expression as a boolean; errors become a failed outcome."""
    try:
        value = evaluate(expression, facts, now)
    except CqlSyntaxError as exc:
        return Outcome(False, f"syntax error: {exc}")
    except CqlError as exc:
        return Outcome(False, str(exc))
    except RecursionError:
        return Outcome(False, "expression nests too deeply")
    if not isinstance(value, bool):
        return Outcome(False, f"expression evaluated to {_describe(value)}, expected a boolean")
    return Outcome(value)
