"""Tokenizer, parser and evaluator for the small CQL subset the emulator scores scorecards with."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# The subset (anything else parses but evaluates to an "unsupported" error, or fails to parse):
#   entity.tag()                       the entity's tag
#   hasGroup("g")                      whether the entity carries the x-cortex group "g"
#   custom("k")                        the entity's custom-data value for key "k" (null when absent)
#   deploys(lookback=duration("P7D"))  the entity's deploys in the lookback window; `.length` counts them
#   == != (= is accepted as ==)  < <= > >=  && || !  ( )  true false null  "strings"  numbers

UNSUPPORTED = "not supported by the emulator"


class CqlError(Exception):
    """A CQL expression could not be parsed or evaluated."""


class CqlSyntaxError(CqlError):
    """The text is not a well-formed expression."""


class CqlUnsupportedError(CqlError):
    """The expression is well formed but outside the emulator's subset."""


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Token:
    kind: str  # STRING NUMBER IDENT KEYWORD OP EOF
    value: Any
    start: int
    end: int


_OPERATORS = ("==", "!=", ">=", "<=", "&&", "||", ">", "<", "=", "!", "(", ")", ",", ".", "-")
_KEYWORDS = {"true": True, "false": False, "null": None}
_ESCAPES = {'"': '"', "'": "'", "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "/": "/"}


def tokenize(text: str) -> list[Token]:
    """Split CQL text into tokens, ending with an EOF token."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "\"'":
            tokens.append(_read_string(text, i))
            i = tokens[-1].end
        elif ch.isdigit():
            j = i
            while j < n and text[j].isdigit():
                j += 1
            if j + 1 < n and text[j] == "." and text[j + 1].isdigit():
                j += 1
                while j < n and text[j].isdigit():
                    j += 1
                tokens.append(Token("NUMBER", float(text[i:j]), i, j))
            else:
                tokens.append(Token("NUMBER", int(text[i:j]), i, j))
            i = j
        elif ch.isalpha() or ch == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            word = text[i:j]
            if word in _KEYWORDS:
                tokens.append(Token("KEYWORD", _KEYWORDS[word], i, j))
            else:
                tokens.append(Token("IDENT", word, i, j))
            i = j
        else:
            op = next((o for o in _OPERATORS if text.startswith(o, i)), None)
            if op is None:
                raise CqlSyntaxError(f"unexpected character {ch!r} at position {i}")
            tokens.append(Token("OP", op, i, i + len(op)))
            i += len(op)
    tokens.append(Token("EOF", None, n, n))
    return tokens


def _read_string(text: str, start: int) -> Token:
    quote = text[start]
    out: list[str] = []
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == quote:
            return Token("STRING", "".join(out), start, i + 1)
        if ch == "\\":
            if i + 1 >= len(text) or text[i + 1] not in _ESCAPES:
                raise CqlSyntaxError(f"invalid escape in string at position {i}")
            out.append(_ESCAPES[text[i + 1]])
            i += 2
            continue
        out.append(ch)
        i += 1
    raise CqlSyntaxError(f"unterminated string starting at position {start}")


# --------------------------------------------------------------------------- syntax tree


@dataclass(frozen=True)
class Literal:
    value: Any
    start: int
    end: int


@dataclass(frozen=True)
class Name:
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Attribute:
    target: Node
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Call:
    func: Node
    args: tuple[Node, ...]
    kwargs: tuple[tuple[str, Node], ...]
    start: int
    end: int


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Node
    start: int
    end: int


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node
    start: int
    end: int


Node = Literal | Name | Attribute | Call | Unary | Binary

_COMPARISONS = {"==", "!=", "=", "<", "<=", ">", ">="}


class _Parser:
    """Recursive descent: or → and → not → comparison → postfix → primary."""

    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.pos = 0

    def peek(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def at_op(self, *ops: str) -> bool:
        tok = self.peek()
        return tok.kind == "OP" and tok.value in ops

    def expect_op(self, op: str) -> Token:
        if not self.at_op(op):
            raise self.error(f"expected {op!r}")
        return self.advance()

    def error(self, message: str) -> CqlSyntaxError:
        tok = self.peek()
        found = "end of expression" if tok.kind == "EOF" else repr(str(tok.value))
        return CqlSyntaxError(f"{message} at position {tok.start}, found {found}")

    def parse(self) -> Node:
        if self.peek().kind == "EOF":
            raise CqlSyntaxError("empty expression")
        node = self.parse_or()
        if self.peek().kind != "EOF":
            raise self.error("unexpected token")
        return node

    def parse_or(self) -> Node:
        node = self.parse_and()
        while self.at_op("||"):
            self.advance()
            right = self.parse_and()
            node = Binary("||", node, right, node.start, right.end)
        return node

    def parse_and(self) -> Node:
        node = self.parse_not()
        while self.at_op("&&"):
            self.advance()
            right = self.parse_not()
            node = Binary("&&", node, right, node.start, right.end)
        return node

    def parse_not(self) -> Node:
        if self.at_op("!"):
            tok = self.advance()
            operand = self.parse_not()
            return Unary("!", operand, tok.start, operand.end)
        return self.parse_comparison()

    def parse_comparison(self) -> Node:
        left = self.parse_unary_minus()
        if self.peek().kind == "OP" and self.peek().value in _COMPARISONS:
            op = self.advance().value
            right = self.parse_unary_minus()
            if self.peek().kind == "OP" and self.peek().value in _COMPARISONS:
                raise self.error("comparisons cannot be chained")
            return Binary("==" if op == "=" else op, left, right, left.start, right.end)
        return left

    def parse_unary_minus(self) -> Node:
        if self.at_op("-"):
            tok = self.advance()
            operand = self.parse_unary_minus()
            return Unary("-", operand, tok.start, operand.end)
        return self.parse_postfix()

    def parse_postfix(self) -> Node:
        node = self.parse_primary()
        while True:
            if self.at_op("."):
                self.advance()
                tok = self.advance()
                if tok.kind != "IDENT":
                    self.pos -= 1
                    raise self.error("expected a name after '.'")
                node = Attribute(node, tok.value, node.start, tok.end)
            elif self.at_op("("):
                node = self.parse_call(node)
            else:
                return node

    def parse_call(self, func: Node) -> Call:
        self.expect_op("(")
        args: list[Node] = []
        kwargs: list[tuple[str, Node]] = []
        if not self.at_op(")"):
            while True:
                tok = self.peek()
                if tok.kind == "IDENT" and self.tokens[self.pos + 1].kind == "OP" and self.tokens[self.pos + 1].value == "=":
                    self.pos += 2
                    kwargs.append((tok.value, self.parse_or()))
                elif kwargs:
                    raise self.error("positional argument after named argument")
                else:
                    args.append(self.parse_or())
                if not self.at_op(","):
                    break
                self.advance()
        end = self.expect_op(")").end
        return Call(func, tuple(args), tuple(kwargs), func.start, end)

    def parse_primary(self) -> Node:
        tok = self.peek()
        if tok.kind in ("STRING", "NUMBER", "KEYWORD"):
            self.advance()
            return Literal(tok.value, tok.start, tok.end)
        if tok.kind == "IDENT":
            self.advance()
            return Name(tok.value, tok.start, tok.end)
        if self.at_op("("):
            self.advance()
            node = self.parse_or()
            self.expect_op(")")
            return node
        raise self.error("expected a value")


def parse(text: str) -> Node:
    """Parse CQL text into a syntax tree; raises CqlSyntaxError."""
    return _Parser(text).parse()


# --------------------------------------------------------------------------- evaluation


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


_DURATION = re.compile(
    r"^P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$"
)


def parse_duration(text: str) -> dt.timedelta:
    """ISO-8601 duration (P1Y, P7D, PT12H...); a year counts 365 days and a month 30."""
    match = _DURATION.match(text)
    if not match or text in ("P", "PT") or text.endswith("T"):
        raise CqlError(f"invalid ISO-8601 duration {text!r}")
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None}
    days = parts.get("years", 0) * 365 + parts.get("months", 0) * 30 + parts.get("weeks", 0) * 7
    return dt.timedelta(
        days=days + parts.get("days", 0),
        hours=parts.get("hours", 0),
        minutes=parts.get("minutes", 0),
        seconds=parts.get("seconds", 0),
    )


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
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.timedelta):
        return "a duration"
    return "an object"


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
    if not isinstance(value, bool):
        return Outcome(False, f"expression evaluated to {_describe(value)}, expected a boolean")
    return Outcome(value)
