"""Team hierarchy changes: the parent → child edges added and removed."""

from __future__ import annotations

from ...provider.team_hierarchy import TeamHierarchy
from ..hierarchy import edges_of as _edges, figure
from ..model import Code, Line, Segment, line
from ..preview import ResourceChange
from ..values import counted, is_unknown, joined, listed, show
from .base import KindSummary


def _edge(pair: tuple[str, str]) -> Line:
    return line(show(pair[0]), " → ", show(pair[1]))


def _updated(change: ResourceChange) -> list[Line]:
    before = _edges((change.old or {}).get("edges"))
    after = _edges((change.new or {}).get("edges"))
    if is_unknown((change.new or {}).get("edges")) and not after:
        return [line("Edges: ", show((change.new or {}).get("edges")))]
    added = [p for p in after if p not in before]
    removed = [p for p in before if p not in after]
    return (listed("Edges added", [_edge(p) for p in added]) + listed("Edges removed", [_edge(p) for p in removed])
            + several_parents(change, after, {child for _, child in added}))


def several_parents(change: ResourceChange, after: list[tuple[str, str]], children: set[str]) -> list[Line]:
    """A team this change gives a parent that then has more than one: with DECLARED ownership the other edges
    Cortex holds (another stack's, the UI's, as last read) stay, so a team moved in the UI between two parents
    this resource owns ends with both."""
    held = change.old_outputs or {}
    kept = _edges(held.get("synced_edges")) + _edges(held.get("other_edges"))
    parents: dict[str, list[str]] = {}
    for parent, child in [*after, *kept]:
        if child in children and parent not in parents.setdefault(child, []):
            parents[child].append(parent)
    return [line("Team ", Code(child), f" ends with {counted(len(found), 'parent')}: ",
                 *joined([(Code(p),) for p in sorted(found)], ", "))
            for child, found in sorted(parents.items()) if len(found) > 1]


def _removals(change: ResourceChange) -> list[Line]:
    """Each edge the update removes from Cortex's hierarchy."""
    if is_unknown((change.new or {}).get("edges")):
        return []
    after = _edges((change.new or {}).get("edges"))
    return [line("Remove the edge ", show(p[0]), " → ", show(p[1]), " from the team hierarchy")
            for p in _edges((change.old or {}).get("edges")) if p not in after]


def _label(_change: ResourceChange) -> tuple[Segment, ...]:
    return ("the team hierarchy",)


SUMMARY = KindSummary(
    resource=TeamHierarchy, position=4, heading="Team hierarchy", label=_label, singleton=True,
    created=lambda new: listed("Edges", [_edge(p) for p in _edges(new.get("edges"))]),
    deleted=lambda old: [line(f"Every edge ({len(_edges(old.get('edges')))}) is removed from Cortex's hierarchy")],
    updated=_updated, figure=figure, removals=_removals,
)
