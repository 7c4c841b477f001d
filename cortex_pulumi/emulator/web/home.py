"""The home page: what the tenant holds, counted per kind, with links to each kind's page."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from cortex_pulumi.emulator.services import team_hierarchy
from cortex_pulumi.emulator.store import Cursor

from .page import page

#: (label, store kind, page) in the order the home page lists them.
KINDS = (("Teams", "team", "/teams"), ("Scorecards", "scorecard", "/scorecards"),
         ("Scorecard exemptions", "exemption", "/scorecards#exemptions"), ("Workflows", "workflow", "/workflows"),
         ("Secrets", "secret", "/secrets"), ("Deploys", "deploy", "/deploys"),
         ("Catalog entities", "entity", "/deploys#entities"))


@page("/", "home.html", "home")
def home(request: Request, tx: Cursor) -> dict[str, Any]:
    counts = [(label, tx.count(kind), link) for label, kind, link in KINDS]
    counts.insert(1, ("Hierarchy edges", len(team_hierarchy.get_edges(tx)), "/teams"))
    return {"counts": counts, "requests": len(request.app.state.request_log.entries()),
            "empty": not any(count for _, count, _ in counts)}
