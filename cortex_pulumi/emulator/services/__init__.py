"""Emulator services: one module per Cortex API area, each exposing ``routes: list[BaseRoute]``.

The app and the seed loader find them here (`service_modules`): a new module with ``routes`` is served, and
its ``seed_sections`` applied, without a list to edit. Routing does not depend on their order
(`cortex_pulumi.emulator.http.routing_order`), seeding follows the sections' declared dependencies.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def service_modules() -> list[ModuleType]:
    """Every module of this package that declares ``routes``, in name order; the document modules they use
    (``team_model``, ``scorecard_store``, ...) declare none."""
    modules = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]
    return [module for module in modules if hasattr(module, "routes")]
