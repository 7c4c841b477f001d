"""The emulator's read-only web view at `/`: server-rendered pages (Jinja2), no JavaScript needed.

Pages: `/` (counts per kind), `/teams` (the hierarchy as a nested tree) and `/teams/{tag}`, `/scorecards`
and `/scorecards/{tag}` (ladder, rules by level, settings, each entity's level and failing rules, exemptions),
`/workflows` and `/workflows/{tag}` (blocks and a diagram of `outgoingActions`), `/secrets` (names and tags,
never a value), `/deploys` (per entity) and `/requests` (the request log, filterable by status). Gated like
the /_emulator admin endpoints: off with `--no-admin`, behind `--admin-key` (as a bearer token or as the
password a browser asks for) when one is set. One module per page area.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from . import deploys, home, requests, scorecards, secrets, teams, workflows

routes: list[BaseRoute] = [
    home.home, teams.teams, teams.team, scorecards.scorecards, scorecards.scorecard, workflows.workflows,
    workflows.workflow, secrets.secrets, deploys.deploys, requests.requests,
]

__all__ = ["routes"]
