"""Names a package exports but imports on first use (PEP 562), so that importing the package stays cheap."""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

_Exports = tuple[Callable[[str], Any], Callable[[], list[str]]]


def _type_checking_block(source: Path) -> list[ast.stmt]:
    """The statements of the module's `if TYPE_CHECKING:` block."""
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            return node.body
    raise ImportError(f"{source}: no `if TYPE_CHECKING:` block of exported names")


def _literal_all(module: str) -> tuple[str, ...]:
    """A module's `__all__`, read from its source without importing it (it must be a literal list)."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise ImportError(f"cannot find {module} to read its __all__")
    for node in ast.parse(Path(spec.origin).read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    raise ImportError(f"{module} has no literal __all__ to export with a star import")


def locations(package: str, source: Path) -> dict[str, str]:
    """Each public name of `package` -> the module it lives in (or `""` for a submodule of its own), as the
    package's `if TYPE_CHECKING:` imports declare them: `from .x import name as name`, `from .x import *`
    (the names of x's `__all__`) and `from . import sub as sub`."""
    where: dict[str, str] = {}
    for statement in _type_checking_block(source):
        if not isinstance(statement, ast.ImportFrom):
            raise ImportError(f"{source}: the TYPE_CHECKING block holds only `from ... import` statements")
        module = "." * statement.level + (statement.module or "")
        for alias in statement.names:
            if alias.name == "*":
                where.update(dict.fromkeys(_literal_all(importlib.util.resolve_name(module, package)), module))
            elif statement.module is None:
                where[alias.name] = ""
            else:
                where[alias.name] = module
    return where


def exports(package: str, namespace: dict[str, Any]) -> _Exports:
    """The package's `__getattr__` and `__dir__`, with `__all__` served by the first: each name its
    `if TYPE_CHECKING:` block imports (the one list of its public names, which type checkers read; see
    `locations`) is imported on first use and then kept in the package's namespace, so later lookups skip
    `__getattr__`. The block is read from the package's source on the first such lookup, not at import."""
    source = Path(namespace["__file__"])
    table = functools.cache(lambda: locations(package, source))

    def __getattr__(name: str) -> Any:
        if name == "__all__":
            value: Any = sorted(table())
        elif name not in table():
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        elif table()[name] == "":
            value = importlib.import_module(f".{name}", package)
        else:
            value = getattr(importlib.import_module(table()[name], package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *table()})

    return __getattr__, __dir__
