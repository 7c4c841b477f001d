"""The reference of each `*Args` class and resource, read from their field docstrings: for help(), the README, the signatures.

Python keeps no attribute docstrings at run time, so a class's source is read with `ast` — on demand (the first
`help()` or `__doc__` of a class), never at import. `fields` is the one reader: the generated constructor
signatures (scripts/resource_signatures.py), the README's reference (scripts/resource_docs.py) and the
docstrings `help()` shows are all rendered from it.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any

import attrs

__all__ = ["Field", "LazyDoc", "args_reference", "describe", "fields", "nested_args", "outputs", "own_doc",
           "resource_reference", "simplify"]

#: An `*Args` class named in an annotation (`pulumi.Input[Sequence[pulumi.Input[TeamMemberArgs]]]`).
_ARGS_NAME = re.compile(r"\b([A-Z]\w*Args)\b")
_WIDTH = 100


@attrs.frozen
class Field:
    """One documented attribute: an input of an `*Args` class or an output of a resource."""

    name: str
    annotation: str
    required: bool
    doc: str


def simplify(annotation: str) -> str:
    """`pulumi.Input[Sequence[pulumi.Input[X]]] | None` reads better as `Sequence[X]`."""
    text = annotation.replace(" | None", "")
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"pulumi\.(?:Input|Output)\[(.*)\]", r"\1", text)
        text = re.sub(r"pulumi\.Input\[([^\[\]]*)\]", r"\1", text)
    return text


@cache
def _class_node(cls: type) -> ast.ClassDef | None:
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):  # no source shipped (a frozen application): nothing to read
        return None
    node = ast.parse(textwrap.dedent(source)).body[0]
    return node if isinstance(node, ast.ClassDef) else None


def own_doc(cls: type) -> str:
    """The class's docstring as written in its source (without the reference help() adds)."""
    node = _class_node(cls)
    return (ast.get_docstring(node) or "") if node is not None else ""


def _documented(cls: type, *, outputs: bool) -> list[Field]:
    node = _class_node(cls)
    if node is None:
        return []
    result: list[Field] = []
    for index, stmt in enumerate(node.body):
        if not isinstance(stmt, ast.AnnAssign) or not isinstance(stmt.target, ast.Name):
            continue
        name, annotation = stmt.target.id, ast.unparse(stmt.annotation)
        if name.startswith("_") or (outputs and not annotation.startswith("pulumi.Output")):
            continue
        following = node.body[index + 1] if index + 1 < len(node.body) else None
        doc = ""
        if (isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)):
            doc = " ".join(following.value.value.split())
        result.append(Field(name, annotation, stmt.value is None and not outputs, doc))
    return result


def fields(args_type: type) -> list[Field]:
    """The inputs of an `*Args` class in declaration order, with their docstrings ("" when undocumented)."""
    documented = {f.name: f for f in _documented(args_type, outputs=False)}
    return [documented.get(a.name) or Field(a.name, str(a.type), a.default is attrs.NOTHING, "")
            for a in attrs.fields(args_type)]


def outputs(resource: type) -> list[Field]:
    """A resource's documented outputs (`name: pulumi.Output[...]` class attributes), base classes' excluded."""
    return _documented(resource, outputs=True)


def nested_args(args_type: type) -> list[type]:
    """The `*Args` classes `args_type`'s fields name, recursively, in the order first met (itself excluded)."""
    namespace = vars(sys.modules[args_type.__module__])
    found: list[type] = []

    def visit(cls: type) -> None:
        for field in attrs.fields(cls):
            for name in _ARGS_NAME.findall(str(field.type)):
                nested = namespace.get(name)
                if isinstance(nested, type) and nested is not args_type and nested not in found:
                    found.append(nested)
                    visit(nested)

    visit(args_type)
    return found


def _default(field: Field, defaults: Mapping[str, Callable[[Any], Any]]) -> str:
    """"required", or the value the kind gives an omitted input (its canonical form of None), or ""."""
    if field.required:
        return "required"
    canon = defaults.get(field.name)
    value = canon(None) if canon is not None else None
    return "" if value is None else f"default {value!r}"


def describe(field: Field, defaults: Mapping[str, Callable[[Any], Any]]) -> tuple[str, str, str]:
    """(type, "required" / "default X" / "", description) of one input, as every reference shows it."""
    return simplify(field.annotation), _default(field, defaults), field.doc or "(undocumented)"


def _entries(items: list[Field], defaults: Mapping[str, Callable[[Any], Any]]) -> Iterator[str]:
    for field in items:
        kind, default, doc = describe(field, defaults)
        head = f"{field.name} ({', '.join(filter(None, (kind, default)))}): {doc}"
        yield textwrap.fill(head, _WIDTH, initial_indent="    ", subsequent_indent="        ")


def args_reference(args_type: type, defaults: Mapping[str, Callable[[Any], Any]] | None = None) -> str:
    """The "Fields:" section help() shows under an `*Args` class's own docstring."""
    return "\n".join(["Fields (keyword arguments):", *_entries(fields(args_type), defaults or {})])


def resource_reference(resource: type, args_type: type, defaults: Mapping[str, Callable[[Any], Any]]) -> str:
    """The "Inputs:" and "Outputs:" sections help() shows under a resource's own docstring."""
    lines = [f"Inputs (keyword arguments, or args={args_type.__name__}(...)):",
             *_entries(fields(args_type), defaults)]
    documented = outputs(resource)
    if documented:
        lines += ["", "Outputs (besides the inputs, echoed):"]
        lines += [textwrap.fill(f"{f.name} ({simplify(f.annotation)}): {f.doc}", _WIDTH, initial_indent="    ",
                                subsequent_indent="        ") for f in documented]
    return "\n".join(lines)


class LazyDoc:
    """A class's `__doc__`: its own text plus a rendered reference, built on first read (help(), IDEs).

    `type.__doc__` calls the descriptor stored as a class's `__doc__`, so the source is only parsed when
    someone asks."""

    def __init__(self, own: str | None, render: Callable[[], str]) -> None:
        self._own = inspect.cleandoc(own or "")
        self._render = render
        self._text: str | None = None

    def __get__(self, _instance: object, _owner: type | None = None) -> str:
        if self._text is None:
            self._text = "\n\n".join(filter(None, (self._own, self._render())))
        return self._text
