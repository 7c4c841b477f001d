"""YAML documents (scorecard descriptors, workflows): bounded safe parsing, block-style output, a model mixin."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

import attrs
import yaml

from .._json import ConversionError, OpenModel, unstructure

__all__ = ["MAX_YAML_DEPTH", "MAX_YAML_VALUES", "YamlDocument", "dump_yaml", "load_yaml_mapping"]

D = TypeVar("D", bound="YamlDocument")


#: Bounds on a parsed document. Descriptors are small and shallow; past these it is an accident or an attack:
#: a 1 KB "billion laughs" alias bomb expands to 10^9 values when anything walks or serialises it.
MAX_YAML_DEPTH = 64
MAX_YAML_VALUES = 100_000


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


def _safe_load(text: str, what: str) -> Any:
    try:
        data = yaml.load(text, Loader=_DepthLimitedLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        mark, problem = getattr(exc, "problem_mark", None), getattr(exc, "problem", None)
        if mark is not None and problem:  # where, in the file's terms, rather than PyYAML's "<unicode string>"
            where = f"line {mark.line + 1}, column {mark.column + 1}"
            raise ConversionError("", f"{what} is not valid YAML ({where}): {problem}") from exc
        raise ConversionError("", f"{what} is not valid YAML: {exc}") from exc
    except (_TooDeep, RecursionError):
        raise ConversionError("", f"{what} nests deeper than {MAX_YAML_DEPTH} levels") from None
    _check_bounds(data, what)
    return data


def load_yaml_mapping(text: str, what: str) -> Mapping[str, Any]:
    data = _safe_load(text, what)
    # Some generators JSON-quote the whole document; unwrap one level of string.
    if isinstance(data, str):
        data = _safe_load(data, what)
    if not isinstance(data, Mapping):
        raise ConversionError("", f"{what} must be a mapping, got {type(data).__name__}")
    return data


def dump_yaml(document: Mapping[str, Any]) -> str:
    """Block-style YAML in the given key order (descriptor files stay readable and diffable)."""
    return yaml.safe_dump(dict(document), sort_keys=False, allow_unicode=True, default_flow_style=False)


@attrs.frozen(kw_only=True)
class YamlDocument(OpenModel):
    """A model read from and written as a YAML file (JSON text is read too, being YAML)."""

    #: What the document is called in error messages ("workflow is not valid YAML ...").
    document_name: ClassVar[str] = "document"

    @classmethod
    def from_yaml(cls: type[D], text: str) -> D:
        """Parse YAML (or JSON) text, e.g. a file exported from Cortex."""
        return cls.from_dict(load_yaml_mapping(text, cls.document_name))

    @classmethod
    def from_file(cls: type[D], path: str | os.PathLike[str]) -> D:
        """Read a UTF-8 ``.yaml``, ``.yml`` or ``.json`` file."""
        with open(path, encoding="utf-8") as handle:
            return cls.from_yaml(handle.read())

    def to_yaml(self) -> str:
        """The document as block-style YAML with the API's camelCase keys, in field order; unset fields left out."""
        return dump_yaml(unstructure(self))
