"""Validation violations (the `ViolationDTO` shape) with JSON pointers and YAML line numbers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from cortex_pulumi.emulator.http import violation

Path = tuple[str | int, ...]


def pointer(path: Path) -> str:
    """RFC 6901 JSON pointer for a path of keys and indexes; "/" stands for the whole document."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path) or "/"


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return value
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        found: yaml.Node = node.value[part]
        return found
    return None


def line_span(root: yaml.Node | None, path: Path) -> tuple[int | None, int | None]:
    """1-based first and last line of the deepest node on ``path`` (the parent when a key is missing)."""
    if root is None:
        return None, None
    node = root
    for part in path:
        child = _child(node, part)
        if child is None:
            break
        node = child
    start = node.start_mark.line + 1
    end_mark = node.end_mark
    # A block node ends at column 0 of the line after its last line.
    end = end_mark.line if end_mark.column == 0 and end_mark.line > node.start_mark.line else end_mark.line + 1
    return start, end


class ViolationList:
    """Accumulates violations, locating each one in the YAML node tree when there is one."""

    def __init__(self, root: yaml.Node | None = None) -> None:
        self.root = root
        self.items: list[dict[str, Any]] = []

    @staticmethod
    def deep() -> dict[str, Any]:
        """The violation for a document nested beyond what the emulator reads (Python's recursion limit)."""
        return violation("Too deeply nested", "the document nests too deeply to be processed", "/")

    def add(self, path: Path, title: str, description: str) -> None:
        start, end = line_span(self.root, path)
        self.items.append(violation(title, description, pointer(path), start_line=start, end_line=end))


#: A document expanding (YAML aliases counted) past this many values is refused: a 1 KB "billion laughs" bomb
#: expands to 10^9 values and would exhaust memory in any code that walks or stores it.
MAX_EXPANDED_VALUES = 200_000


def _expands_past(data: Any, limit: int) -> bool:
    memo: dict[int, int] = {}

    def size(node: Any) -> int:
        if not isinstance(node, (dict, list)):
            return 1
        if id(node) in memo:
            return memo[id(node)]
        memo[id(node)] = limit + 1  # provisional: a node that contains itself (a recursive alias) is too large
        total = 1
        for child in node.values() if isinstance(node, dict) else node:
            total += size(child)
            if total > limit:
                break
        memo[id(node)] = total
        return total

    return size(data) > limit


def parse_yaml(text: str) -> tuple[Any, yaml.Node | None, dict[str, Any] | None]:
    """Load YAML (JSON is YAML too): ``(data, node tree, None)`` or ``(None, None, violation)``."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
        too_large = _expands_past(data, MAX_EXPANDED_VALUES)
    except RecursionError:
        return None, None, ViolationList.deep()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        found = violation("Malformed YAML", f"the document is not valid YAML: {problem}", "/", start_line=line, end_line=line)
        return None, None, found
    if too_large:
        detail = f"the document expands to more than {MAX_EXPANDED_VALUES} values once its YAML aliases are resolved"
        return None, None, violation("Document too large", detail, "/")
    return data, root, None


_TYPE_NAMES: tuple[tuple[Any, str], ...] = (
    (type(None), "null"), (bool, "a boolean"), ((int, float), "a number"), (str, "a string"), (list, "a list"))


def type_name(value: Any, *, mapping: str = "an object", other: str | None = None) -> str:
    """How messages name the type of a document value ("a string", "null", ...); `mapping` names a dict,
    `other` anything else (default: "a <Python type>")."""
    for kinds, name in _TYPE_NAMES:
        if isinstance(value, kinds):
            return name
    if isinstance(value, dict):
        return mapping
    return other if other is not None else f"a {type(value).__name__}"


class DocumentError(Exception):
    """A document (scorecard descriptor, workflow definition) is invalid; ``violations`` says where and why."""

    def __init__(self, violations: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(violations)} violation(s)")
        self.violations = violations


def parse_yaml_or_raise(text: str, error: type[DocumentError]) -> tuple[Any, yaml.Node | None]:
    """``(data, node tree)`` of YAML text; `error` with the one violation when it cannot be read."""
    data, root, malformed = parse_yaml(text)
    if malformed is not None:
        raise error([malformed])
    return data, root


def checked(data: Any, out: ViolationList, root_problem: tuple[str, str], check: Callable[[dict[str, Any]], None],
            error: type[DocumentError]) -> dict[str, Any]:
    """`data` once `check` (which adds to `out`) finds nothing wrong; its root must be a mapping, else `root_problem`
    (a title and what the root must be: "Not an object", "a workflow must be an object"). Raise `error` otherwise."""
    if not isinstance(data, dict):
        title, must = root_problem
        out.add((), title, f"{must}, got {type_name(data)}")
    else:
        check(data)
    if out.items:
        raise error(out.items)
    return data
