"""The import graph of a package, read from its source with `ast`, and the circles in it.

Every ``import`` and ``from ... import`` counts, at module level and inside functions (a function-level import
still ties the two modules together; it only hides the circle until the function runs); those under
``if TYPE_CHECKING:`` never run and count only when asked (``type_checking=True``). ``from pkg import name`` points at ``pkg.name`` when that is a module
of the package, else at ``pkg``. Edges to a parent package's ``__init__`` implied by importing a submodule are
not counted: Python initialises the parent first, so they cannot form a circle of their own.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

Graph = dict[str, set[str]]


def module_names(root: Path) -> dict[str, Path]:
    """Dotted name -> file for every module under the package directory ``root``."""
    names: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _nodes(tree: ast.AST, type_checking: bool) -> Iterator[ast.AST]:
    """Every node, but without the bodies of ``if TYPE_CHECKING:`` (their ``else:`` does run) unless
    ``type_checking``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if not type_checking and isinstance(node, ast.If) and _type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _targets(node: ast.AST, module: str, is_package: bool, known: dict[str, Path]) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            anchor = module.split(".")
            anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
            base = ".".join([*anchor, base] if base else anchor)
        for alias in node.names:
            yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base


def import_graph(root: Path, type_checking: bool = False) -> Graph:
    """Module -> the modules of the same package it imports at run time (and, with ``type_checking``, for the
    type checker too)."""
    known = module_names(root)
    graph: Graph = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        graph[name] = {target for node in _nodes(tree, type_checking) for target in _targets(node, name, is_package, known)
                       if target in known and target != name}
    return graph


def circles(graph: Graph) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted, as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def path_between(graph: Graph, start: str, goal: str) -> list[str]:
    """A shortest import chain from ``start`` to ``goal`` (breadth first; ``start == goal``: the shortest
    circle through it), to show how a circle closes."""
    previous: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph.get(node, ())):
            if nxt == goal:
                chain = [node]
                while chain[-1] != start:
                    chain.append(previous[chain[-1]])
                return [*chain[::-1], goal]
            if nxt not in previous and nxt != start:
                previous[nxt] = node
                queue.append(nxt)
    return []
