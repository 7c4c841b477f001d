"""The team hierarchy in an import: one `EDGES` row per (parent, child) edge, declared by one `TeamHierarchy`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ...provider.team_hierarchy import HIERARCHY_ID, _TeamHierarchyProvider
from ..code import table
from ..snapshot import Skipped, Tenant
from .base import ImportKind, Program
from .team import TEAM

if TYPE_CHECKING:
    from ...client import CortexClient

HIERARCHY = _TeamHierarchyProvider.spec


def _read(client: CortexClient, tenant: Tenant, keep: Callable[[str], bool]) -> list[Any]:
    edges = sorted(HIERARCHY.fetch(client, HIERARCHY_ID), key=lambda e: (e.parent_team_tag, e.child_team_tag))
    managed = []
    for edge in edges:
        pair = f"{edge.parent_team_tag} -> {edge.child_team_tag}"
        if edge.provider:
            tenant.skipped.append(Skipped(IMPORT.noun, pair, f"synced by the {edge.provider} integration; "
                                          "Cortex keeps it, the program leaves it alone"))
        else:
            managed.append((edge.parent_team_tag, edge.child_team_tag))
    inside = [(p, c) for p, c in managed if keep(p) and keep(c)]
    outside = [f"{p} -> {c}" for p, c in managed if not (keep(p) and keep(c))]
    if outside:
        # The hierarchy is one object: this program owns only its edges (ownership="DECLARED") and leaves
        # those joining teams outside the import to whoever manages them.
        tenant.partial_hierarchy = True
        tenant.skipped.extend(Skipped(IMPORT.noun, pair, "joins a team outside this import; the program "
                                      "owns only the edges it declares (ownership=\"DECLARED\")") for pair in outside)
    return inside


def _program(program: Program) -> str:
    edges = program.rows(HIERARCHY)
    if not edges:
        return ""
    ownership = program.tenant.hierarchy_ownership
    return ("\n# -- Team hierarchy: (parent, child) edges between the teams above --\n"
            + table("EDGES", list(edges), "list[tuple[str, str]]")
            + "\ncortex.TeamHierarchy(\n    \"team-hierarchy\",\n"
            "    edges=[cortex.TeamEdgeArgs(parent=team_tag(parent), child=team_tag(child)) for parent, child in EDGES],\n"
            + (f"    ownership=\"{ownership}\",  # "
               + ("the edges in EDGES; others (the UI's, other stacks') stay\n" if ownership == "DECLARED"
                  else "every edge: one not in EDGES is removed by `up` (integration-synced ones excepted)\n"))
            + "    adopt=True,\n)\n")


def _owns(tenant: Tenant) -> list[str]:
    if not tenant.rows.get(HIERARCHY):
        return []
    return [
        "- the hierarchy edges in `EDGES` (`ownership=\"DECLARED\"`): an edge added in the Cortex UI or by another "
        "stack stays. Import with `--hierarchy-ownership all` to own every edge instead." if
        tenant.hierarchy_ownership == "DECLARED" else
        "- every hierarchy edge (`ownership=\"ALL\"`): an edge not in `EDGES` (one added in the Cortex UI) is "
        "removed by `up`; integration-synced edges are never removed."]


def _objects(edges: Sequence[Any]) -> int:
    return 1 if edges else 0  # one TeamHierarchy declares them all


IMPORT = ImportKind(
    spec=HIERARCHY, position=2, noun="hierarchy edge", after=(TEAM,), read=_read, program=_program,
    declared_as="`EDGES` rows (one `TeamHierarchy`)", compare=lambda edges: {f"{p} -> {c}": True for p, c in edges},
    objects=_objects, owns=_owns, reserved=frozenset({"EDGES", "edge"}),
)
