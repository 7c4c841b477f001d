"""A hierarchy change as indented before/after trees of the affected part (the text summary's picture)."""

from __future__ import annotations

from collections.abc import Mapping

from .hierarchy import ADDED, REMOVED, Edge, HierarchyChange, View, view

#: Longer names and tags are cut so a line stays readable in a CI log.
MAX_LABEL = 60
_MARKS = {ADDED: "+", REMOVED: "-"}


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def label(tag: str, names: Mapping[str, str], fates: Mapping[str, str] | None = None) -> str:
    name = names.get(tag)
    fate = (fates or {}).get(tag)
    text = f'{_cut(tag)} "{_cut(name)}"' if name and name != tag else _cut(tag)
    return f"{text} ({fate})" if fate else text


def _version(drawn: View, state: str, names: Mapping[str, str], fates: Mapping[str, str]) -> list[str]:
    """One version of the drawn part: each team under each of its parents (a team with two parents is
    written out once and referred to after), changed edges marked in the first column, a cycle said."""
    edges = drawn.version(state)
    if not edges:
        return ["      (no edges)"]
    marked = {(p, c) for p, c, s in drawn.edges if s == state}
    children: dict[str, list[str]] = {}
    for parent, child in edges:
        children.setdefault(parent, []).append(child)
    has_parent = {child for _, child in edges}
    teams = [t for t in drawn.teams if t in children or t in has_parent]
    out: list[str] = []
    written: set[str] = set()

    def walk(team: str, depth: int, path: tuple[str, ...], via: Edge | None) -> None:
        mark = _MARKS[state] if via in marked else " "
        text = f"    {mark} {'  ' * depth}{label(team, names, fates)}"
        if team in path:
            out.append(f"{text} (back to an ancestor: a cycle)")
            return
        if team in written:
            out.append(f"{text} (also under another parent, see above)")
            return
        out.append(text)
        written.add(team)
        for child in children.get(team, ()):
            walk(child, depth + 1, (*path, team), (team, child))

    for team in [t for t in teams if t not in has_parent] + teams:
        if team not in written:
            walk(team, 0, (), None)
    return out


def render(change: HierarchyChange) -> list[str]:
    """Text lines: the before and after trees of the same part the Markdown diagram draws."""
    drawn = view(change)
    if not drawn.edges:
        return ["  The hierarchy has no edges before or after this change."]
    names, fates = dict(change.names), dict(change.fates)
    out = ["  Before (- marks an edge removed):", *_version(drawn, REMOVED, names, fates),
           "  After (+ marks an edge added):", *_version(drawn, ADDED, names, fates)]
    if drawn.left_out:
        out.append(f"  {drawn.left_out}")
    return out
