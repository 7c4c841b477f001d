"""Emulator service for the Cortex team hierarchy: read all edges, replace all edges (``replace=true``).

Store layout: kind ``team_hierarchy``, key ``edges`` -> ``{"edges": [{"parentTeamTag", "childTeamTag",
"provider"?}]}`` in the order they were given. ``provider`` marks an edge synced from an integration (Workday):
it is set by the seed file or ``POST /_emulator/teams/relationships/sync``, never by the public API. Like
Cortex, a replacement removes every edge it does not list, synced ones included; an edge it lists again keeps
its ``provider``. A replacement is validated as a whole before anything is written: an edge
naming an unknown team, a self-edge, a duplicate edge or a cycle answers 400 with the offending edge in
``details``. Both operations need ``Edit entities``.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from cortex_pulumi.emulator.auth import EDIT_ENTITIES
from cortex_pulumi.emulator.checks import every, every_item
from cortex_pulumi.emulator.http import (
    ApiError,
    Router,
    field_list,
    json_response,
    query_bool,
    read_json_object,
    store_of,
)
from cortex_pulumi.emulator.seed import SeedSection
from cortex_pulumi.emulator.store import Cursor

KIND = "team_hierarchy"
KEY = "edges"


router = Router()


def get_edges(tx: Cursor) -> list[dict[str, str]]:
    doc = tx.get(KIND, KEY)
    return [] if doc is None else list(doc["edges"])


def remove_team_edges(tx: Cursor, tag: str) -> None:
    """Drop every edge touching ``tag`` (a deleted team)."""
    edges = get_edges(tx)
    kept = [e for e in edges if tag not in (e["parentTeamTag"], e["childTeamTag"])]
    if len(kept) != len(edges):
        tx.put(KIND, KEY, {"edges": kept})


def _edge_text(edge: dict[str, str]) -> str:
    return json.dumps({"parentTeamTag": edge["parentTeamTag"], "childTeamTag": edge["childTeamTag"]})


def _find_cycle(edges: list[dict[str, str]]) -> dict[str, str] | None:
    """Return the edge that closes a cycle (in input order), or None."""
    children: dict[str, list[str]] = {}
    for edge in edges:
        parent, child = edge["parentTeamTag"], edge["childTeamTag"]
        # Adding parent -> child closes a cycle when parent is already reachable from child.
        stack, seen = [child], {child}
        while stack:
            node = stack.pop()
            if node == parent:
                return edge
            for nxt in children.get(node, []):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        children.setdefault(parent, []).append(child)
    return None


def _edge_tag(raw: dict[str, Any], where: str, name: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value:
        raise ApiError(400, f"Field '{where}.{name}' is required and must be a string", details=f"invalid field: {where}.{name}")
    return value


def _edge(tx: Cursor, index: int, raw: Any) -> dict[str, str]:
    """One edge, checked on its own: both tags given and naming known teams, and not a self-edge."""
    where = f"edges[{index}]"
    if not isinstance(raw, dict):
        raise ApiError(400, f"Field '{where}' must be an object", details=f"invalid field: {where}")
    parent, child = every(*(functools.partial(_edge_tag, raw, where, name) for name in ("parentTeamTag", "childTeamTag")))
    edge = {"parentTeamTag": parent, "childTeamTag": child}

    def known(name: str, tag: str) -> None:
        if tx.get("team", tag) is None:
            raise ApiError(400, f"Unknown team '{tag}' in {where}.{name}", details=_edge_text(edge))

    every(lambda: known("parentTeamTag", parent), lambda: known("childTeamTag", child))
    if parent == child:
        raise ApiError(400, f"A team cannot be its own parent ({where})", details=_edge_text(edge))
    return edge


def validate_edges(tx: Cursor, raw_edges: list[Any]) -> list[dict[str, str]]:
    """The edges, every edge's problems reported together; then duplicates and cycles, which need them all."""
    edges: list[dict[str, str]] = every_item(raw_edges, functools.partial(_edge, tx))
    seen: set[tuple[str, str]] = set()
    for i, edge in enumerate(edges):
        pair = (edge["parentTeamTag"], edge["childTeamTag"])
        if pair in seen:
            raise ApiError(400, f"Duplicate edge edges[{i}]", details=_edge_text(edge))
        seen.add(pair)
    cyclic = _find_cycle(edges)
    if cyclic is not None:
        raise ApiError(400, "The team hierarchy must not contain a cycle", details=_edge_text(cyclic))
    return edges


#: The integrations Cortex reports on synced edges (`TeamEdgeResponse.provider`).
EDGE_PROVIDERS = ("WORKDAY",)


def replace_edges(tx: Cursor, raw_edges: list[Any]) -> list[dict[str, str]]:
    """Replace every edge; an edge listed again keeps the integration that synced it."""
    synced = {(e["parentTeamTag"], e["childTeamTag"]): e["provider"] for e in get_edges(tx) if e.get("provider")}
    edges = validate_edges(tx, raw_edges)
    for edge in edges:
        provider = synced.get((edge["parentTeamTag"], edge["childTeamTag"]))
        if provider:
            edge["provider"] = provider
    tx.put(KIND, KEY, {"edges": edges})
    return edges


def sync_edges(tx: Cursor, raw_edges: list[Any], provider: Any) -> list[dict[str, str]]:
    """What an integration's sync does: add (or mark) these edges as synced by `provider`; others stay."""
    if provider not in EDGE_PROVIDERS:
        raise ApiError(400, f"Field 'provider' must be one of {', '.join(EDGE_PROVIDERS)}",
                       details=f"invalid field: provider ({provider!r})")
    current = get_edges(tx)
    known = {(e["parentTeamTag"], e["childTeamTag"]) for e in current}
    added = [e for e in validate_edges(tx, raw_edges) if (e["parentTeamTag"], e["childTeamTag"]) not in known]
    edges = validate_edges(tx, current + added)
    pairs = {(e["parentTeamTag"], e["childTeamTag"]) for e in raw_edges if isinstance(e, dict)}
    for old, edge in zip(current + added, edges, strict=True):
        if old.get("provider"):
            edge["provider"] = old["provider"]
        if (edge["parentTeamTag"], edge["childTeamTag"]) in pairs:
            edge["provider"] = provider
    tx.put(KIND, KEY, {"edges": edges})
    return edges


@router.get("/api/v1/teams/relationships", needs=EDIT_ENTITIES)
async def get_relationships(request: Request) -> Response:
    with store_of(request).read() as tx:
        edges = get_edges(tx)
    return json_response({"edges": edges})


@router.put("/api/v1/teams/relationships", needs=EDIT_ENTITIES)
async def put_relationships(request: Request) -> Response:
    if not query_bool(request, "replace", False):
        raise ApiError(400, "Only replace=true is supported", details="query parameter replace must be true")
    body = await read_json_object(request)
    raw = field_list(body, "edges")
    assert raw is not None
    with store_of(request).transaction() as tx:
        edges = replace_edges(tx, raw)
    return json_response({"edges": edges})


def _seed(tx: Cursor, items: list[Any]) -> None:
    plain = [i for i in items if not (isinstance(i, dict) and i.get("provider"))]
    replace_edges(tx, get_edges(tx) + plain)
    by_provider: dict[Any, list[Any]] = {}
    for item in items:
        if isinstance(item, dict) and item.get("provider"):
            by_provider.setdefault(item["provider"], []).append(item)
    for provider, synced in by_provider.items():
        sync_edges(tx, synced, provider)


seed_sections = {"relationships": SeedSection(_seed, after=("teams",))}

routes = router.routes
