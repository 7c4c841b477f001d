"""The drift form of a summary: what changed in Cortex since the last `up`, and what the next `up` does about it.

A `pulumi preview --refresh` of an unchanged program shows each change the way the fix reads ("Member removed",
"(create)"). Here each line says what happened in Cortex, read from the refreshed outputs (Cortex as it is now)
against the program's inputs, and what the next `up` will do: "Linus Torvalds was added to `platform` in Cortex;
the next `up` removes the member".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .hierarchy import edges_of
from .kinds import summary_of_type
from .kinds.base import KindSummary, comparison
from .kinds.team_hierarchy import several_parents
from .model import Code, Line, Quote, Segment, line
from .preview import Preview, ResourceChange
from .values import canonical_diff, normal, show

__all__ = ["drift_lines", "is_drift"]

#: List inputs whose items have an identity: (identity key, noun, the item's display name key).
_ITEMS: dict[str, tuple[str, str, str]] = {
    "members": ("email", "member", "name"), "rules": ("title", "rule", "title"), "levels": ("name", "level", "name"),
    "actions": ("slug", "action", "slug"), "variables": ("slug", "variable", "slug"),
    "links": ("name", "link", "name"), "slack_channels": ("name", "Slack channel", "name"),
    "run_restriction_policies": ("id", "run restriction", "id"),
}
#: Outputs that are Cortex's bookkeeping, never something the program declares.
_IGNORED = ("adopt",)


def _unchanged(change: ResourceChange, recorded: Mapping[str, Any]) -> bool:
    """Whether the program declares for this resource what the last `up` recorded (Cortex alone changed)."""
    kind = summary_of_type(change.type)
    if kind is None:
        return normal(dict(recorded)) == normal(dict(change.new or {}))
    fields, computed = comparison(kind.resource)
    return not canonical_diff(ResourceChange("update", change.urn, change.type, recorded, change.new), fields,
                              computed)


def is_drift(preview: Preview) -> bool:
    """A refresh of a program that did not change: every change restores or reverts something done in Cortex."""
    if not preview.refreshed or all(change.op == "same" for change in preview.changes):
        return False  # nothing drifted: the plain summary says "No changes"
    for change in preview.changes:
        recorded = preview.recorded.get(change.urn)
        if change.op == "same":
            continue
        if change.op not in ("create", "update") or recorded is None or not _unchanged(change, recorded):
            return False
    return True


def _next(does: str) -> tuple[Segment, ...]:
    """`; the next `up` <does>`: what the next `up` does about a change made in Cortex."""
    return ("; the next ", Code("up"), f" {does}")


def _name(item: Mapping[str, Any], key: str) -> Segment:
    value = item.get(key)
    return Quote(str(value)) if key in ("name", "title") and value else Code(str(value))


def _by(items: Any, key: str) -> dict[str, Mapping[str, Any]]:
    return {str(i.get(key, "")).lower(): i for i in items or () if isinstance(i, Mapping)}


def _attributes(cortex: Mapping[str, Any], program: Mapping[str, Any]) -> list[tuple[Segment, ...]]:
    """`key Cortex's (the program: declared)` for each attribute the program declares that Cortex holds otherwise."""
    out: list[tuple[Segment, ...]] = []
    for key in program:
        mine, theirs = normal(program.get(key)), normal(cortex.get(key))
        if mine not in (None, [], {}) and mine != theirs:
            out.append((f"{key.replace('_', ' ')} ", show(theirs), " (the program: ", show(mine), ")"))
    return out


def _item_lines(field: str, label: tuple[Segment, ...], cortex: Any, program: Any) -> list[Line]:
    ident, noun, shown = _ITEMS[field]
    theirs, mine = _by(cortex, ident), _by(program, ident)
    out = [line(noun.capitalize(), " ", _name(item, shown), " was added to ", *label,
                " in Cortex", *_next("removes the "), noun) for key, item in theirs.items() if key not in mine]
    out += [line(noun.capitalize(), " ", _name(item, shown), " was removed from ", *label,
                 " in Cortex", *_next("adds it back")) for key, item in mine.items() if key not in theirs]
    for key, item in mine.items():
        changes = _attributes(theirs[key], item) if key in theirs else []
        if changes:
            parts: list[Segment] = []
            for index, change in enumerate(changes):
                parts += [*(("; ",) if index else ()), *change]
            out.append(line(noun.capitalize(), " ", _name(item, shown), " of ", *label, " was changed in Cortex: ",
                            *parts, *_next("sets it back")))
    return out


def _edge_lines(change: ResourceChange, cortex: Any, program: Any) -> list[Line]:
    theirs, mine = edges_of(cortex), edges_of(program)
    edge = lambda pair: Code(f"{pair[0]} → {pair[1]}")  # noqa: E731
    return ([line("The edge ", edge(e), " was added in Cortex", *_next("removes it")) for e in theirs if e not in mine]
            + [line("The edge ", edge(e), " was removed in Cortex", *_next("adds it back"))
               for e in mine if e not in theirs]
            + several_parents(change, mine, {child for pair in mine if pair not in theirs for child in pair[1:]}))


def _field_line(field: str, label: tuple[Segment, ...], cortex: Any, program: Any) -> Line:
    if field == "name":
        return line(label[0].capitalize() if isinstance(label[0], str) else label[0], *label[1:],
                    " was renamed in Cortex to ", show(cortex), *_next("renames it back to "), show(program))
    return line(field.replace("_", " ").capitalize(), " of ", *label, " was changed in Cortex to ", show(cortex),
                *_next("sets it back to "), show(program))


def _updated(kind: KindSummary, change: ResourceChange) -> list[Line]:
    cortex, program = change.old_outputs or change.old or {}, change.new or {}
    label = ("the team hierarchy",) if kind.singleton else (f"{kind.kind} ", *kind.label(change))
    fields, computed = comparison(kind.resource)
    keys = canonical_diff(ResourceChange("update", change.urn, change.type, cortex, program), fields, computed)
    out: list[Line] = []
    for key in keys:
        if key in _IGNORED:
            continue
        if key == "edges":
            out += _edge_lines(change, cortex.get(key), program.get(key))
        elif key in _ITEMS:
            out += _item_lines(key, label, cortex.get(key), program.get(key))
        else:
            out.append(_field_line(key, label, cortex.get(key), program.get(key)))
    return out


def _restored(kind: KindSummary, change: ResourceChange) -> list[Line]:
    what: tuple[Segment, ...] = (kind.kind.capitalize(), " ", *kind.label(change))
    out = [line(*what, " was deleted in Cortex", *_next("creates it again"))]
    if kind.resource.__name__ == "Deploy":
        stamp = (change.new or {}).get("timestamp")
        out.append(line("It keeps its declared timestamp ", Code(str(stamp))) if stamp else
                   line("It gets the time of that ", Code("up"), " as its timestamp: the program declares none"))
    return out


def drift_lines(change: ResourceChange) -> list[Line] | None:
    """The drift lines of one change, or None when it is not drift (the program changed it)."""
    kind = summary_of_type(change.type)
    if kind is None:
        return None
    if change.op == "create":
        return _restored(kind, change)
    if change.op == "update":
        # Nothing Cortex shows differs: a value it never returns (a secret's), which the next `up` writes again.
        return _updated(kind, change) or [line("Differs from the program in what Cortex does not show (a secret's "
                                               "value is never read back)", *_next("writes the program's value"))]
    return None
