"""The part of the team hierarchy a change touches, for the Mermaid diagram and the text tree of a summary."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..provider.kinds import kind_of_type
from .model import Edge, HierarchyChange
from .preview import Preview, ResourceChange
from .values import is_unknown

#: A diagram draws at most this many teams; past it only the changed subtrees are drawn, and then only
#: as many of them as fit.
CAP = 40
#: Edge states, as the diagram styles them.
ADDED, REMOVED, KEPT = "added", "removed", "kept"


def edges_of(value: Any) -> list[Edge]:
    """The distinct parent → child pairs of a hierarchy's `edges` input, in its order."""
    out: list[Edge] = []
    for edge in value or ():
        if isinstance(edge, Mapping):
            pair = (str(edge.get("parent")), str(edge.get("child")))
            if pair not in out:
                out.append(pair)
    return out


@attrs.frozen
class View:
    """What a picture of a HierarchyChange draws: teams, edges with their state, and what it left out."""

    teams: tuple[str, ...]
    edges: tuple[tuple[str, str, str], ...]
    """(parent, child, ADDED | REMOVED | KEPT)."""
    joined: frozenset[str]
    """Teams in the hierarchy only after the change."""
    left: frozenset[str]
    """Teams in the hierarchy only before the change."""
    left_out: str = ""
    """What the picture does not show, in a sentence ('' when it shows the whole affected part)."""

    def version(self, state: str) -> list[Edge]:
        """The drawn edges as they are before (state REMOVED) or after (state ADDED) the change."""
        return [(p, c) for p, c, s in self.edges if s in (KEPT, state)]


def figure(change: ResourceChange, preview: Preview) -> HierarchyChange | None:
    """The HierarchyChange of a hierarchy resource's change (None when its new edges are known only at apply)."""
    new_edges = (change.new or {}).get("edges")
    after = edges_of(new_edges)
    if change.new is not None and is_unknown(new_edges) and not after:
        return None
    names, fates = teams_of(preview)
    return HierarchyChange(tuple(edges_of((change.old or {}).get("edges"))), tuple(after), names, fates)


#: Team operations a picture names on the team.
FATES = {"create": "new", "delete": "deleted"}


def teams_of(preview: Preview) -> tuple[dict[str, str], dict[str, str]]:
    """Team tag -> name of every team the preview holds (the new name where it changes), and team tag ->
    `new` / `deleted` for the teams it creates or deletes."""
    names: dict[str, str] = {}
    fates: dict[str, str] = {}
    for item in preview.changes:
        found = kind_of_type(item.type)
        tag, name = item.value("team_tag"), item.value("name")
        if found is None or found.name != "team" or not isinstance(tag, str) or is_unknown(tag):
            continue
        if isinstance(name, str) and name and not is_unknown(name):
            names[tag] = name
        if item.op in FATES:
            fates[tag] = FATES[item.op]
    return names, fates


def view(change: HierarchyChange, cap: int = CAP) -> View:
    """The changed edges with one level of context (each changed team's parents and children), narrowed to
    the changed subtrees and then to as many of them as fit when that is more than `cap` teams."""
    changed = [(p, c, ADDED) for p, c in change.added] + [(p, c, REMOVED) for p, c in change.removed]
    focus = _teams(changed)
    kept = [(p, c, KEPT) for p, c in change.after if (p, c) in change.before]
    context = [e for e in kept if e[0] in focus or e[1] in focus]
    joined = frozenset(_teams((p, c, ADDED) for p, c in change.after)) - frozenset(_teams(
        (p, c, REMOVED) for p, c in change.before))
    left = frozenset(_teams((p, c, REMOVED) for p, c in change.before)) - frozenset(_teams(
        (p, c, ADDED) for p, c in change.after))
    full = changed + context
    if len(_teams(full)) <= cap:
        return View(tuple(_teams(full)), tuple(full), joined, left)
    among = changed + [e for e in kept if e[0] in focus and e[1] in focus]
    context_teams = len(_teams(full)) - len(focus)
    note = f"{context_teams} unchanged teams around them (parents and children) are left out"
    if len(focus) <= cap:
        return View(tuple(focus), tuple(among), joined, left, f"Only the changed subtrees are drawn: {note}.")
    drawn = _fitting(among, cap)
    teams = _teams(drawn)
    drawn_changes = sum(1 for e in drawn if e[2] != KEPT)
    return View(tuple(teams), tuple(drawn), joined, left,
                f"Only {drawn_changes} of the {len(changed)} changed edges are drawn (each changed team with its "
                f"old and new parents, as many as fit in {cap} teams): {len(focus) - len(teams)} changed teams and "
                f"{context_teams} unchanged teams around them are left out. Every change is listed below.")


def _teams(edges: Iterable[tuple[str, str, str]]) -> list[str]:
    out: dict[str, None] = {}
    for parent, child, _ in edges:
        out.setdefault(parent)
        out.setdefault(child)
    return list(out)


def _fitting(edges: list[tuple[str, str, str]], cap: int) -> list[tuple[str, str, str]]:
    """Each changed team with its edges from its old and new parents (a move reads as one unit), in order,
    while they fit in `cap` teams; the unchanged edges among the teams drawn come with them."""
    out: list[tuple[str, str, str]] = []
    by_child: dict[str, list[tuple[str, str, str]]] = {}
    for edge in edges:
        if edge[2] != KEPT:
            by_child.setdefault(edge[1], []).append(edge)
    for group in by_child.values():
        if len(_teams(out + group)) <= cap:
            out += group
    drawn = set(_teams(out))
    return [e for e in edges if e in out or (e[2] == KEPT and e[0] in drawn and e[1] in drawn)]
