"""Names a package exports but imports on first use (PEP 562), so that importing the package stays cheap."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any


def load(package: str, namespace: dict[str, Any], locations: Mapping[str, str], name: str) -> Any:
    """The value `name` of `package`, imported from where `locations` says (`".module"`, or `".module:module"`
    for the module itself) and kept in the package's namespace, so later lookups skip `__getattr__`."""
    location = locations.get(name)
    if location is None:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    module_name, _, whole = location.partition(":")
    module = importlib.import_module(module_name, package)
    value = module if whole else getattr(module, name)
    namespace[name] = value
    return value
