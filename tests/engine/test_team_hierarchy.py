"""examples/team_hierarchy under the real engine: four teams and the hierarchy resource over them."""

from __future__ import annotations

from tests.engine.harness import Emulator, PulumiWorkspace
from tests.engine.lifecycle import Lifecycle

ALL_EDGES = {("engineering", "platform"), ("engineering", "payments")}


class HierarchyLifecycle(Lifecycle):
    """The hierarchy's edges are what change; the SRE team is the object renamed and deleted."""

    example = "team_hierarchy"
    sre = "sre"
    sre_parent = "platform"
    # Renaming or recreating SRE also rewrites its edge, in the same up.
    tag_changes = {"replace": 1, "update": 1}
    recreate_changes = {"create": 1, "update": 1}

    def edges(self) -> set[tuple[str, str]]:
        edges = self.emulator.get_json("/api/v1/teams/relationships")["edges"]
        return {(e["parentTeamTag"], e["childTeamTag"]) for e in edges}

    def primary_path(self) -> str:
        return f"/api/v1/teams/{self.sre}"

    def change_field(self) -> None:
        self.sre_parent = "engineering"
        self.stack.set_config("sreParent", self.sre_parent)

    def assert_field_changed(self) -> None:
        assert self.edges() == ALL_EDGES | {("engineering", self.sre)}

    def change_tag(self) -> None:
        self.sre = "reliability"
        self.stack.set_config("sreTag", self.sre)

    def drift(self) -> None:
        kept = [{"parentTeamTag": "engineering", "childTeamTag": "platform"}]
        self.emulator.api(
            "PUT", "/api/v1/teams/relationships", params={"replace": "true"}, json={"edges": kept}, expect=200
        )

    def assert_restored(self) -> None:
        assert self.edges() == ALL_EDGES | {(self.sre_parent, self.sre)}

    def delete_behind(self) -> None:
        # Cortex drops a deleted team's edges; do the same here in case the emulator keeps them.
        edges = [{"parentTeamTag": p, "childTeamTag": c} for p, c in self.edges() if self.sre not in (p, c)]
        self.emulator.api(
            "PUT",
            "/api/v1/teams/relationships",
            params={"replace": "true"},
            json={"edges": edges},
            expect=200,
        )
        super().delete_behind()

    def owned_paths(self) -> list[str]:
        return [f"/api/v1/teams/{t}" for t in ("engineering", "platform", "payments", "sre", "reliability")]

    def assert_gone(self) -> None:
        super().assert_gone()
        assert self.edges() == set()


def test_team_hierarchy_lifecycle(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    HierarchyLifecycle(workspace, emulator, "hierarchy").run()
