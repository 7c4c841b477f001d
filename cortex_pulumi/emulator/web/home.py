"""The home page: what the tenant holds, counted per kind, with links to each kind's page."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.requests import Request

from cortex_pulumi.emulator.services import team_hierarchy
from cortex_pulumi.emulator.store import Cursor

from .page import page

#: (label, store kind, page) in the order the home page lists them.
KINDS = (("Teams", "team", "/teams"), ("Scorecards", "scorecard", "/scorecards"),
         ("Scorecard exemptions", "exemption", "/scorecards#exemptions"), ("Workflows", "workflow", "/workflows"),
         ("Secrets", "secret", "/secrets"), ("Deploys", "deploy", "/deploys"),
         ("Other catalog entities", "entity", "/deploys#entities"))
#: How many objects of each kind the home page names (the kind's page lists them all).
NAMED = 8


@page("/", "home.html", "home", menu=(0, "Home"))
def home(request: Request, tx: Cursor) -> dict[str, Any]:
    counts = [(label, tx.count(kind), link) for label, kind, link in KINDS]
    counts.insert(1, ("Hierarchy edges", len(team_hierarchy.get_edges(tx)), "/teams"))
    return {"counts": counts, "requests": len(request.app.state.request_log.entries()),
            "empty": not any(count for _, count, _ in counts), "named": _named(tx)}


def _named(tx: Cursor) -> list[tuple[str, list[tuple[str, str]], int]]:
    """(kind, [(name, link)], how many more) for the kinds with a page per object."""
    teams = [(d["metadata"].get("name") or d["teamTag"], f"/teams/{quote(d['teamTag'])}") for d in tx.list("team")]
    cards = [(d["descriptor"]["name"], f"/scorecards/{quote(d['descriptor']['tag'])}") for d in tx.list("scorecard")]
    flows = [(d["name"], f"/workflows/{quote(d['tag'])}") for d in tx.list("workflow")]
    return [(label, items[:NAMED], max(len(items) - NAMED, 0))
            for label, items in (("Teams", teams), ("Scorecards", cards), ("Workflows", flows)) if items]
