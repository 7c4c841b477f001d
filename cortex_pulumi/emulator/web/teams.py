"""The teams pages: the hierarchy as a nested tree, and each team with its members, links and place in it."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from cortex_pulumi.emulator.services import team_hierarchy, team_model
from cortex_pulumi.emulator.store import Cursor

from .page import NotFound, page


def _summary(doc: dict[str, Any]) -> dict[str, Any]:
    return {"tag": doc["teamTag"], "name": doc["metadata"].get("name") or doc["teamTag"],
            "archived": doc["isArchived"], "members": team_model.member_count(doc), "type": doc["type"]}


def _children(tx: Cursor) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for edge in team_hierarchy.get_edges(tx):
        out.setdefault(edge["parentTeamTag"], []).append(edge["childTeamTag"])
    return out


def tree(teams: dict[str, dict[str, Any]], children: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Nested nodes from the roots down. A team with two parents is written out under the first and named
    (`repeat`) under the others; an edge back to an ancestor is named (`cycle`) and not followed; teams only
    reachable through a cycle start trees of their own."""
    has_parent = {child for kids in children.values() for child in kids}
    written: set[str] = set()

    def node(tag: str, path: tuple[str, ...]) -> dict[str, Any]:
        info = teams.get(tag) or {"tag": tag, "name": tag, "archived": False, "members": 0, "type": "unknown"}
        if tag in path or tag in written:
            return {**info, "children": [], "cycle": tag in path, "repeat": tag not in path}
        written.add(tag)
        kids = [node(child, (*path, tag)) for child in children.get(tag, ())]
        return {**info, "children": kids, "cycle": False, "repeat": False}

    ordered = list(teams) + [t for t in children if t not in teams]
    roots = [node(tag, ()) for tag in ordered if tag not in has_parent]
    return roots + [node(tag, ()) for tag in ordered if tag not in written]


@page("/teams", "teams.html", "teams", menu=(1, "Teams"))
def teams(request: Request, tx: Cursor) -> dict[str, Any]:
    found = {doc["teamTag"]: _summary(doc) for doc in tx.list("team")}
    return {"roots": tree(found, _children(tx)), "count": len(found),
            "edges": len(team_hierarchy.get_edges(tx))}


@page("/teams/{tag}", "team.html", "teams")
def team(request: Request, tx: Cursor) -> dict[str, Any]:
    tag = request.path_params["tag"]
    doc = tx.get("team", tag)
    if doc is None:
        raise NotFound(f"No team has the tag {tag!r}.")
    edges = team_hierarchy.get_edges(tx)
    parents = [e["parentTeamTag"] for e in edges if e["childTeamTag"] == tag]
    children = [e["childTeamTag"] for e in edges if e["parentTeamTag"] == tag]
    names = {d["teamTag"]: d["metadata"].get("name") or d["teamTag"] for d in tx.list("team")}
    shown = team_model.render(doc)
    holder = shown.get("cortexTeam") or shown.get("idpGroup") or {}
    return {"team": shown, "members": holder.get("members") or [], "names": names,
            "parents": parents, "children": children,
            "synced": {e["childTeamTag"]: e.get("provider") for e in edges if e.get("provider")}}
