"""Team hierarchy changes: the parent → child edges added and removed."""

from __future__ import annotations

from ...provider.team_hierarchy import TeamHierarchy
from ..hierarchy import edges_of as _edges, figure
from ..model import Line, Segment, line
from ..preview import ResourceChange
from ..values import is_unknown, listed, show
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
    return listed("Edges added", [_edge(p) for p in added]) + listed("Edges removed", [_edge(p) for p in removed])


def _label(_change: ResourceChange) -> tuple[Segment, ...]:
    return ("the team hierarchy",)


SUMMARY = KindSummary(
    resource=TeamHierarchy, position=4, heading="Team hierarchy", label=_label, singleton=True,
    created=lambda new: listed("Edges", [_edge(p) for p in _edges(new.get("edges"))]),
    deleted=lambda old: [line(f"Every edge ({len(_edges(old.get('edges')))}) is removed from Cortex's hierarchy")],
    updated=_updated, figure=figure,
)
