"""What an import read from a tenant, in the shape of the resources' inputs (plain data, no client models)."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["Attention", "Scorecard", "Skipped", "Tenant", "Workflow"]


@attrs.frozen
class Skipped:
    """An object the program must not own (or cannot), with the reason; listed in the generated README."""

    kind: str
    name: str
    why: str


@attrs.frozen
class Attention:
    """An object left out of the program because preview would refuse it: the exact errors, and the file its
    document (if it has one) is written to apart from the program, for the user to fix."""

    kind: str
    name: str
    errors: tuple[str, ...]
    file: str | None = None
    text: str | None = None


@attrs.frozen
class Scorecard:
    """A scorecard: its descriptor text exactly as Cortex returned it, and its rules' identifiers by title."""

    tag: str
    name: str
    descriptor: str
    rule_identifiers: dict[str, str]


@attrs.frozen
class Workflow:
    """A workflow: its definition as Cortex lists it (camelCase keys, Cortex's workflow file format)."""

    tag: str
    name: str
    definition: dict[str, Any]


@attrs.define
class Tenant:
    """Every object read, per kind, plus what was left out. Teams and exemptions are `Team` /
    `ScorecardExemption` inputs; edges are (parent, child) team tags; secrets (tag, name)."""

    base_url: str
    kinds: tuple[str, ...]
    teams: list[dict[str, Any]] = attrs.Factory(list)
    edges: list[tuple[str, str]] | None = None
    #: True when the import covers part of the hierarchy: the program then owns only the edges it declares.
    partial_hierarchy: bool = False
    #: Who owns the hierarchy: "DECLARED" (the default: the program owns its edges, an edge made in the UI stays)
    #: or "ALL" (the program owns every edge: one made in the UI is removed by the next `up`).
    hierarchy_ownership: str = "DECLARED"
    scorecards: list[Scorecard] = attrs.Factory(list)
    exemptions: list[dict[str, Any]] = attrs.Factory(list)
    workflows: list[Workflow] = attrs.Factory(list)
    secrets: list[tuple[str, str]] = attrs.Factory(list)
    deploys: list[dict[str, Any]] = attrs.Factory(list)
    skipped: list[Skipped] = attrs.Factory(list)
    #: Objects Cortex holds that the provider's validation refuses: not declared, listed in the README.
    attention: list[Attention] = attrs.Factory(list)

    @property
    def object_count(self) -> int:
        """Objects the program will declare (the hierarchy counts as one)."""
        return (len(self.teams) + (1 if self.edges else 0) + len(self.scorecards) + len(self.exemptions)
                + len(self.workflows) + len(self.secrets) + len(self.deploys))

    def counts(self) -> dict[str, int]:
        """Objects per kind, for the README and the command's summary line."""
        return {"teams": len(self.teams), "hierarchy edges": len(self.edges or ()),
                "scorecards": len(self.scorecards), "exemptions": len(self.exemptions),
                "workflows": len(self.workflows), "secrets": len(self.secrets), "deploys": len(self.deploys)}
