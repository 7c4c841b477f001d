"""Safe, bounded YAML for descriptor and workflow documents, parsed by libyaml where PyYAML was built with it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from ._json import ConversionError

__all__ = ["MAX_YAML_DEPTH", "MAX_YAML_VALUES", "dump_yaml", "load_yaml_mapping", "safe_load"]

#: Bounds on a parsed document. Descriptors are small and shallow; past these it is an accident or an attack:
#: a 1 KB "billion laughs" alias bomb expands to 10^9 values when anything walks or serialises it.
MAX_YAML_DEPTH = 64
MAX_YAML_VALUES = 100_000

#: libyaml's parser (in PyYAML's wheels) reads a descriptor about ten times faster than PyYAML's own: a program
#: declaring hundreds of scorecards from files otherwise spends most of its time parsing them.
_FAST_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _check_bounds(data: Any, what: str) -> None:
    """Refuse documents nested deeper than MAX_YAML_DEPTH or expanding (aliases counted) past MAX_YAML_VALUES."""
    memo: dict[tuple[int, int], int] = {}
    active: set[int] = set()

    def size(node: Any, depth: int) -> int:
        if not isinstance(node, (dict, list)):
            return 1
        if depth > MAX_YAML_DEPTH:
            raise ConversionError("", f"{what} nests deeper than {MAX_YAML_DEPTH} levels")
        key = (id(node), depth)
        if key in memo:
            return memo[key]
        if id(node) in active:
            raise ConversionError("", f"{what} refers to itself (a recursive YAML alias)")
        active.add(id(node))
        total = 1
        for child in node.values() if isinstance(node, dict) else node:
            total += size(child, depth + 1)
            if total > MAX_YAML_VALUES:
                raise ConversionError(
                    "", f"{what} expands to more than {MAX_YAML_VALUES} values (YAML aliases?)"
                )
        active.discard(id(node))
        memo[key] = total
        return total

    size(data, 0)


class _DepthLimitedLoader(yaml.SafeLoader):
    """The safe loader, giving up as soon as a document nests past MAX_YAML_DEPTH (instead of recursing into a
    RecursionError, which deep documents otherwise reach after seconds of CPU)."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise _TooDeep()
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _TooDeep(Exception):
    pass


def _fast_load(text: str) -> Any:
    """The document through libyaml. Its composer recurses in C, bounded only in recent libyaml (1,000 levels)
    and not at all in older builds, so the nesting is first measured from the parse events (a flat stream):
    a deep document is refused before anything recurses."""
    depth = 0
    for event in yaml.parse(text, Loader=_FAST_LOADER):
        if isinstance(event, _OPENS):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise _TooDeep()
        elif isinstance(event, _CLOSES):
            depth -= 1
    return yaml.load(text, Loader=_FAST_LOADER)  # a safe loader: no arbitrary objects


def _careful_load(text: str, what: str) -> Any:
    """The document through PyYAML's own parser, whose error messages the project's documents are checked with."""
    try:
        return yaml.load(text, Loader=_DepthLimitedLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        mark, problem = getattr(exc, "problem_mark", None), getattr(exc, "problem", None)
        if mark is not None and problem:  # where, in the file's terms, rather than PyYAML's "<unicode string>"
            where = f"line {mark.line + 1}, column {mark.column + 1}"
            raise ConversionError("", f"{what} is not valid YAML ({where}): {problem}") from exc
        raise ConversionError("", f"{what} is not valid YAML: {exc}") from exc


def safe_load(text: str, what: str) -> Any:
    """Parse `text` (called `what` in errors) with the safe loader, within MAX_YAML_DEPTH and MAX_YAML_VALUES."""
    try:
        try:
            data = _fast_load(text)
        except yaml.YAMLError:
            # A broken document: PyYAML's own parser says where and why in the words users already see.
            data = _careful_load(text, what)
    except (_TooDeep, RecursionError):
        raise ConversionError("", f"{what} nests deeper than {MAX_YAML_DEPTH} levels") from None
    _check_bounds(data, what)
    return data


def load_yaml_mapping(text: str, what: str) -> Mapping[str, Any]:
    """A document that must be a mapping; a whole document JSON-quoted as one string is unwrapped once."""
    data = safe_load(text, what)
    # Some generators JSON-quote the whole document; unwrap one level of string.
    if isinstance(data, str):
        data = safe_load(data, what)
    if not isinstance(data, Mapping):
        raise ConversionError("", f"{what} must be a mapping, got {type(data).__name__}")
    return data


def dump_yaml(document: Mapping[str, Any]) -> str:
    """Block-style YAML in the given key order (descriptor files stay readable and diffable)."""
    return yaml.safe_dump(dict(document), sort_keys=False, allow_unicode=True, default_flow_style=False)
