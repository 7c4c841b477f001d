"""examples/team under the real engine: a CORTEX team and an IDP team."""

from __future__ import annotations

from tests.engine.harness import Emulator, PulumiWorkspace
from tests.engine.lifecycle import Lifecycle


class TeamLifecycle(Lifecycle):
    example = "team"
    tag = "platform"

    def primary_path(self) -> str:
        return f"/api/v1/teams/{self.tag}"

    def change_field(self) -> None:
        self.stack.set_config("platformName", "Platform Engineering")

    def assert_field_changed(self) -> None:
        assert self.emulator.get_json(self.primary_path())["metadata"]["name"] == "Platform Engineering"

    def change_tag(self) -> None:
        self.tag = "platform-eng"
        self.stack.set_config("platformTag", self.tag)

    def drift(self) -> None:
        team = self.emulator.get_json(self.primary_path())
        team["metadata"]["name"] = "Renamed in the UI"
        team["cortexTeam"]["members"] = team["cortexTeam"]["members"][:1]
        self.emulator.api("PUT", self.primary_path(), json=team, expect=200)

    def assert_restored(self) -> None:
        team = self.emulator.get_json(self.primary_path())
        assert team["metadata"]["name"] == "Platform Engineering"
        assert sorted(m["email"] for m in team["cortexTeam"]["members"]) == [
            "ada@example.com",
            "grace@example.com",
        ]

    def owned_paths(self) -> list[str]:
        return ["/api/v1/teams/platform", "/api/v1/teams/platform-eng", "/api/v1/teams/payments"]


def test_team_lifecycle(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    TeamLifecycle(workspace, emulator, "team").run()


def test_idp_team_is_created_as_idp(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    lifecycle = TeamLifecycle(workspace, emulator, "team-idp")
    lifecycle.set_up()
    lifecycle.stack.set_config("platformTag", "platform-idp-check")
    lifecycle.stack.set_config("paymentsTag", "payments-idp-check")
    lifecycle.up({"create": 3}, "first up")
    team = emulator.get_json("/api/v1/teams/payments-idp-check")
    assert team["type"] == "IDP"
    assert team["idpGroup"]["group"] == "payments@example.com"
    assert team["idpGroup"]["provider"] == "OKTA"
    assert lifecycle.stack.outputs()["payments_type"] == "IDP"
    lifecycle.stack.set_config("paymentsGroup", "payments-eng@example.com")
    lifecycle.up({"replace": 1}, "IdP group change")  # the group is identity for an IDP team
    assert (
        emulator.get_json("/api/v1/teams/payments-idp-check")["idpGroup"]["group"]
        == "payments-eng@example.com"
    )
    lifecycle.stack.destroy()
