"""Team hierarchy property shape: edges as pairs, the managed fields' canonical forms, and props <-> API."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ...client.models.team_hierarchy import TeamEdge
from .._diff import Canon
from .._hierarchy_merge import synced


def _pairs(edges: Any) -> list[tuple[str, str]]:
    return [(str(e.get("parent")), str(e.get("child"))) for e in edges or () if isinstance(e, Mapping)]


def _edge_set(edges: Any) -> Any:
    pairs = _pairs(edges)
    return tuple(sorted(set(pairs), key=repr)) if pairs else None


def _synced_edges(stored: Iterable[TeamEdge]) -> list[dict[str, str]]:
    return [{"parent": p, "child": c} for p, c in sorted(synced(stored))]


OWNERSHIP = ("ALL", "DECLARED")


def _declared_only(props: Mapping[str, Any]) -> bool:
    return props.get("ownership") == "DECLARED"


#: Managed inputs -> canonical form (edges as a set of pairs).
FIELDS: dict[str, Canon] = {"edges": _edge_set, "ownership": lambda v: v or "ALL"}


def owned_edges(stored: Iterable[TeamEdge], declared: Any, *, only_declared: bool = False) -> list[dict[str, str]]:
    """Stored edges this resource owns as outputs, in the program's order (unexpected ones last). Synced
    edges it does not declare are not its own; with `only_declared`, neither is any undeclared edge."""
    order = {pair: i for i, pair in enumerate(_pairs(declared))}
    out = [{"parent": e.parent_team_tag, "child": e.child_team_tag} for e in stored
           if (e.parent_team_tag, e.child_team_tag) in order or not (only_declared or e.provider)]
    out.sort(key=lambda e: order.get((e["parent"], e["child"]), len(order)))
    return out

def to_api(props: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The declared edges as (parent, child) pairs."""
    return _pairs(props.get("edges"))

def from_api(stored: Iterable[TeamEdge], props: Mapping[str, Any]) -> dict[str, Any]:
    """Outputs from the stored edges: the ones this resource owns (by its `ownership`), and the synced ones."""
    stored = list(stored)
    edges = owned_edges(stored, props.get("edges"), only_declared=_declared_only(props))
    return hierarchy_state(edges, props, stored)


def hierarchy_state(edges: list[dict[str, str]], props: Mapping[str, Any], stored: Iterable[TeamEdge] | None,
                    last: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The resource's state: its own `edges` as outputs, the inputs that are not edges, the synced edges and
    (DECLARED ownership) the other edges Cortex holds: what the hierarchy is beside this resource's edges, so a
    summary can tell that a team ends with two parents. Nothing `stored`: those of the `last` state."""
    if stored is None:
        synced_edges, others = (last or {}).get("synced_edges") or [], (last or {}).get("other_edges") or []
    else:
        stored = list(stored)
        synced_edges = _synced_edges(stored)
        mine = set(_pairs(edges)) | set(_pairs(synced_edges))
        others = [{"parent": p, "child": c}
                  for p, c in sorted({(e.parent_team_tag, e.child_team_tag) for e in stored} - mine)]
    return {"edges": edges, "adopt": props.get("adopt"), "ownership": props.get("ownership"),
            "edge_count": len(edges), "synced_edges": synced_edges,
            "other_edges": others if _declared_only(props) else []}
