"""CQL: tokens, syntax tree and a recursive-descent parser of the subset the emulator scores with, and the checks
an expression passes before it scores.

In the contract package so that the provider (checks at preview) and the emulator (scores, dry runs) read rule
expressions with one grammar; the provider may not import the emulator.

Checked before it scores (`cql_problems`): full CQL is larger than this grammar (lists, arithmetic, lambdas,
integrations' functions), so an expression is only refused for what no CQL accepts: an incomplete expression
(``custom("owner") !=``), an unclosed string or parenthesis, a closing parenthesis without its opener, an
operator where a value must be, and known functions given the wrong kind of argument
(``deploys(lookback="P14D")``: the window is a ``duration("P14D")``). Syntax beyond the grammar is not judged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

UNSUPPORTED = "not supported by the emulator"


class CqlError(Exception):
    """A CQL expression could not be parsed or evaluated."""


class CqlSyntaxError(CqlError):
    """The text is not a well-formed expression (in this grammar).

    `position` is where the parser stopped; `found` the kind of token it met there (``EOF`` at the end, ``OTHER``
    for a character this grammar does not know), so a checker can tell "incomplete in any CQL" from "written
    in CQL beyond this grammar".
    """

    def __init__(self, message: str, position: int | None = None, found: str | None = None,
                 expected: str | None = None) -> None:
        super().__init__(message)
        self.position = position
        self.found = found
        #: What the parser was looking for ("expected a value", "expected ')'", "unexpected token", ...).
        self.expected = expected or message


class CqlUnsupportedError(CqlError):
    """The expression is well formed but outside the emulator's subset."""


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Token:
    kind: str  # STRING NUMBER IDENT KEYWORD OP EOF
    value: Any
    start: int
    end: int


# `=>` (a lambda's arrow in full CQL) is one token so that it is never read as `=` followed by `>`.
_OPERATORS = ("=>", "==", "!=", ">=", "<=", "&&", "||", ">", "<", "=", "!", "(", ")", ",", ".", "-")
_KEYWORDS = {"true": True, "false": False, "null": None}
_ESCAPES = {'"': '"', "'": "'", "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "/": "/"}


def tokenize(text: str, lenient: bool = False) -> list[Token]:
    """Split CQL text into tokens, ending with an EOF token; `lenient` makes a character the grammar does not
    know an OTHER token instead of an error."""
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
            if op is None and lenient:
                tokens.append(Token("OTHER", ch, i, i + 1))
                i += 1
                continue
            if op is None:
                raise CqlSyntaxError(f"unexpected character {ch!r} at position {i}", i, "OTHER")
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
                raise CqlSyntaxError(f"invalid escape in string at position {i}", i, "STRING")
            out.append(_ESCAPES[text[i + 1]])
            i += 2
            continue
        out.append(ch)
        i += 1
    raise CqlSyntaxError(f"unterminated string starting at position {start}", start, "EOF")


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

    def __init__(self, text: str, lenient: bool = False) -> None:
        self.tokens = tokenize(text, lenient)
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
        return CqlSyntaxError(f"{message} at position {tok.start}, found {found}", tok.start,
                              tok.value if tok.kind == "OP" else tok.kind, message)

    def parse(self) -> Node:
        if self.peek().kind == "EOF":
            raise CqlSyntaxError("empty expression", 0, "EOF")
        node = self.parse_or()
        if self.peek().kind != "EOF":
            raise self.error("unexpected token")
        return node

    def _left_associative(self, op: str, operand: Callable[[], Node]) -> Node:
        """`operand (op operand)*`, grouped from the left."""
        node = operand()
        while self.at_op(op):
            self.advance()
            right = operand()
            node = Binary(op, node, right, node.start, right.end)
        return node

    def parse_or(self) -> Node:
        return self._left_associative("||", self.parse_and)

    def parse_and(self) -> Node:
        return self._left_associative("&&", self.parse_not)

    def _prefixed(self, op: str, parse_self: Callable[[], Node], parse_next: Callable[[], Node]) -> Node:
        """`op operand` (the operand parsed at the same level, so `!!x` nests), else the next level down."""
        if not self.at_op(op):
            return parse_next()
        start = self.advance().start
        operand = parse_self()
        return Unary(op, operand, start, operand.end)

    def parse_not(self) -> Node:
        return self._prefixed("!", self.parse_not, self.parse_comparison)

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
        return self._prefixed("-", self.parse_unary_minus, self.parse_postfix)

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


def parse(text: str, lenient: bool = False) -> Node:
    """Parse CQL text into a syntax tree; raises CqlSyntaxError (`lenient`: see `tokenize`)."""
    return _Parser(text, lenient).parse()


# --------------------------------------------------------------------------- checks before scoring

#: Tokens that can never stand where an operand is expected.
_NOT_AN_OPERAND = {"EOF", "==", "!=", "=", ">=", "<=", ">", "<", "&&", "||", ",", ")"}
_DURATION = re.compile(
    r"^P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$"
)


def parse_duration(text: str) -> dt.timedelta:
    """ISO-8601 duration (P1Y, P7D, PT12H...); a year counts 365 days and a month 30. Raises CqlError."""
    match = _DURATION.match(text)
    if not match or text in ("P", "PT") or text.endswith("T"):
        raise CqlError(f"invalid ISO-8601 duration {text!r}")
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None}
    days = parts.get("years", 0) * 365 + parts.get("months", 0) * 30 + parts.get("weeks", 0) * 7
    return dt.timedelta(days=days + parts.get("days", 0), hours=parts.get("hours", 0),
                        minutes=parts.get("minutes", 0), seconds=parts.get("seconds", 0))


def _certain(exc: CqlSyntaxError) -> bool:
    """Whether a parse failure means the text is malformed in any CQL, not just beyond this grammar."""
    if exc.expected.startswith(("empty expression", "unterminated string")):
        return True
    if exc.expected == "expected a value":
        return exc.found in _NOT_AN_OPERAND
    if exc.expected == "expected ')'":
        return exc.found == "EOF"
    return exc.expected == "unexpected token" and exc.found == ")"


def _walk(node: Node) -> list[Node]:
    children: list[Node] = []
    for name in ("target", "func", "operand", "left", "right"):
        child = getattr(node, name, None)
        if child is not None:
            children.append(child)
    if isinstance(node, Call):
        children += [*node.args, *(value for _, value in node.kwargs)]
    return [node, *(n for child in children for n in _walk(child))]


def _call_problems(node: Call) -> list[str]:
    name = node.func.name if isinstance(node.func, Name) else None
    if name == "deploys":
        lookback = dict(node.kwargs).get("lookback")
        if isinstance(lookback, Literal):
            example = lookback.value if isinstance(lookback.value, str) else "P14D"
            return [f"deploys(lookback=...) takes a duration, not {lookback.value!r}: write "
                    f"lookback=duration(\"{example}\") (at position {lookback.start})"]
    if name == "duration":
        arg = node.args[0] if len(node.args) == 1 and not node.kwargs else None
        if not isinstance(arg, Literal) or not isinstance(arg.value, str):
            return [f"duration(...) takes one ISO-8601 duration string such as \"P14D\" (at position {node.start})"]
        try:
            parse_duration(arg.value)
        except CqlError as exc:
            return [f"{exc} (at position {arg.start}); write e.g. \"P14D\" or \"PT12H\""]
    if name in ("custom", "hasGroup"):
        arg = node.args[0] if len(node.args) == 1 and not node.kwargs else None
        if arg is None or (isinstance(arg, Literal) and not isinstance(arg.value, str)):
            return [f"{name}(...) takes one string argument (at position {node.start})"]
    return []


def cql_problems(text: str) -> list[str]:
    """What is certainly wrong with a CQL expression, each with its position (0 = the first character)."""
    try:
        tree = parse(text, lenient=True)
    except CqlSyntaxError as exc:
        return [str(exc)] if _certain(exc) else []
    except RecursionError:
        return ["the expression nests too deeply"]
    return [problem for node in _walk(tree) if isinstance(node, Call) for problem in _call_problems(node)]
