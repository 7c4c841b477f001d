"""Team hierarchy changes: the parent → child edges added and removed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...provider.team_hierarchy import TeamHierarchy
from ..model import Line, Segment, line
from ..preview import ResourceChange
from ..values import is_unknown, listed, show
from .base import KindSummary


def _edges(value: Any) -> list[tuple[str, str]]:
    out = []
    for edge in value or ():
        if isinstance(edge, Mapping):
            pair = (str(edge.get("parent")), str(edge.get("child")))
            if pair not in out:
                out.append(pair)
    return out


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
    updated=_updated,
)
