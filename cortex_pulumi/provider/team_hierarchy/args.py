"""The arguments of `TeamHierarchy`: `TeamHierarchyArgs` and its edges (`TeamEdgeArgs`)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pulumi

__all__ = ["TeamEdgeArgs", "TeamHierarchyArgs"]


@attrs.frozen(kw_only=True)


class TeamEdgeArgs:
    """One edge: `parent` is the parent team of `child`."""

    parent: pulumi.Input[str]
    """Tag of the parent team. Pass `team.team_tag` so Pulumi creates the team before the edge."""

    child: pulumi.Input[str]
    """Tag of the child team."""


@attrs.frozen(kw_only=True)


class TeamHierarchyArgs:
    """Arguments of `TeamHierarchy`."""

    edges: pulumi.Input[Sequence[pulumi.Input[TeamEdgeArgs]]]
    """Parent -> child edges. With `ownership="ALL"` (the default) these are every edge of the Cortex team
    hierarchy: edges not listed are removed, including ones added in the Cortex UI (declare at most one such
    TeamHierarchy per tenant). With `ownership="DECLARED"` these are the edges this resource owns; others are
    left alone. Either way an edge Cortex reports as synced from an integration (with a `provider`) is never
    removed."""

    ownership: pulumi.Input[str] | None = None
    """`ALL` (default): the resource owns the whole hierarchy. `DECLARED`: it owns only `edges`, so several
    stacks can each declare part of the hierarchy (read, merge, write, read back; see "Sharing a tenant" in
    the README for the race Cortex's replace-all API leaves)."""

    adopt: pulumi.Input[bool] | None = None
    """Take over a hierarchy that already has edges in Cortex (which would be replaced) instead of failing."""
