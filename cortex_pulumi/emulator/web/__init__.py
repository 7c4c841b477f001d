"""The emulator's read-only web view at `/`: server-rendered pages (Jinja2), no JavaScript needed.

Pages: `/` (counts per kind), `/teams` (the hierarchy as a nested tree) and `/teams/{tag}`, `/scorecards`
and `/scorecards/{tag}` (ladder, rules by level, settings, each entity's level and failing rules, exemptions),
`/workflows` and `/workflows/{tag}` (blocks and a diagram of `outgoingActions`), `/secrets` (names and tags,
never a value), `/deploys` (per entity) and `/requests` (the request log, filterable by status). Gated like
the /_emulator admin endpoints: off with `--no-admin`, behind `--admin-key` (as a bearer token or as the
password a browser asks for) when one is set. One module per page area, found by discovery: its module-level
routes (`page.page`) are served and the header links to the pages that declare a `menu` entry.
"""

from __future__ import annotations

import importlib
import pkgutil

from starlette.routing import BaseRoute, Route


def _page_routes() -> list[BaseRoute]:
    """Every route a page module of this package declares at module level."""
    found: list[BaseRoute] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found += [value for value in vars(module).values()
                  if isinstance(value, Route) and value.name.startswith("web:") and value not in found]
    return found


routes: list[BaseRoute] = _page_routes()

__all__ = ["routes"]
