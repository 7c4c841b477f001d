"""What a TeamHierarchy's preview reads in Cortex (one read of the hierarchy): another writer's doing.

Cortex replaces the hierarchy whole, so stacks that share it see each other only through its edges. A DECLARED
stack's own edges missing means another writer replaced the hierarchy without them — most likely a stack whose
TeamHierarchy owns ALL edges, which removes every edge it does not declare. An ALL stack meeting edges it did not
write means it is not the only writer, and its next `up` would remove them. Both are said at the ordinary
preview of a pull request, not first by a nightly refresh.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .._check import Checker
from .._hierarchy_merge import synced
from .shape import _declared_only, _pairs

if TYPE_CHECKING:
    from ...client.client import CortexClient

__all__ = ["check_hierarchy"]

#: The sharing rule of the README ("Sharing a tenant"), said with each failure that breaks it.
SHARING_RULE = ("when more than one stack writes the hierarchy, every TeamHierarchy must be ownership=\"DECLARED\" "
                "(README, \"Sharing a tenant\")")


def _show(pairs: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"{p} -> {c}" for p, c in sorted(pairs))


def check_hierarchy(client: CortexClient, c: Checker, olds: Mapping[str, Any]) -> None:
    """Fail the preview when Cortex lost edges a DECLARED resource owns, or holds edges an ALL resource did not
    write (which its next `up` would remove)."""
    recorded = set(_pairs(olds.get("edges")))
    if not recorded or "edges" not in c.props:
        return  # a create: adoption and the create's own checks apply
    declared = set(_pairs(c.props.get("edges")))
    stored = list(client.get_team_hierarchy_relationships())
    current = {(e.parent_team_tag, e.child_team_tag) for e in stored}
    if _declared_only(c.props):
        missing = (recorded & declared) - current
        if missing:
            c.fail("edges", (
                f"edges this stack owns are missing from Cortex: {_show(missing)}. Another writer replaced the "
                "hierarchy without them since the last `up` — most likely a stack whose TeamHierarchy owns ALL edges "
                "(the default ownership), which removes every edge it does not declare, or someone in the Cortex UI. "
                f"Hint: {SHARING_RULE}; then `pulumi up --refresh` puts these edges back"))
    elif not _declared_only(olds):
        foreign = current - synced(stored) - recorded - declared
        if foreign:
            c.fail("edges", (
                f"Cortex holds edges this TeamHierarchy (ownership ALL) neither declares nor wrote: {_show(foreign)}; "
                "another stack or the Cortex UI writes the hierarchy, and this resource would remove them. "
                f"Hint: {SHARING_RULE}; or run `pulumi refresh` to take them over (the next `up` then removes them)"))
