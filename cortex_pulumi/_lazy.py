"""Names a package exports but imports on first use (PEP 562), so that importing the package stays cheap."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def exports(package: str, namespace: dict[str, Any], locations: Mapping[str, Iterable[str]],
            submodules: Iterable[str] = ()) -> tuple[list[str], Callable[[str], Any], Callable[[], list[str]]]:
    """The package's `__all__`, `__getattr__` and `__dir__`: each name of `locations` (module -> the names it
    defines, as `".module"`) and each of `submodules` (`"name"`) is public, imported on first use and then kept
    in the package's namespace, so later lookups skip `__getattr__`.

    The table is the one runtime list of a package's names; type checkers read them from the package's
    `if TYPE_CHECKING:` imports, written `name as name` (or as star imports) so they count as re-exported."""
    where = {name: module for module, names in locations.items() for name in names}
    whole = frozenset(submodules)
    public = sorted({*where, *whole})

    def __getattr__(name: str) -> Any:
        if name in whole:
            value = importlib.import_module(f".{name}", package)
        elif name in where:
            value = getattr(importlib.import_module(where[name], package), name)
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *public})

    return public, __getattr__, __dir__
