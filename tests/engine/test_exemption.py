"""examples/exemption under the real engine: a requested-and-approved rule exemption."""

from __future__ import annotations

from typing import Any

import yaml

from tests.engine.harness import Emulator, PulumiWorkspace
from tests.engine.lifecycle import Lifecycle

SCORECARD = "/api/v1/scorecards/operations"


class ExemptionLifecycle(Lifecycle):
    """The exemption is the primary object; it has no tag of its own, the rule it exempts plays that part.

    Exemptions cannot be edited in Cortex, so the in-place field change and the drift are the scorecard's,
    and "deleted behind Pulumi's back" is a revocation.
    """

    example = "exemption"

    def primary_path(self) -> str:  # a locator, not an API path: Cortex lists exemptions inside scores
        return "exemption:" + self.stack.outputs()["rule_identifier"]

    def exemptions(self) -> list[dict[str, Any]]:
        scores = self.emulator.api(
            "GET", SCORECARD + "/scores", params={"entityTag": "payments"}, expect=(200, 404)
        )
        if scores.status_code == 404:
            return []
        return [e for s in scores.json()["serviceScores"] for e in s.get("ruleExemptions") or []]

    def exists(self, path: str) -> bool:
        if not path.startswith("exemption:"):
            return super().exists(path)
        identifier = path.removeprefix("exemption:")
        return any(
            e["ruleIdentifier"] == identifier and e["exemptionStatus"]["status"] == "APPROVED"
            for e in self.exemptions()
        )

    def change_field(self) -> None:
        self.stack.set_config("scorecardDescription", "Operational basics, checked weekly.")

    def assert_field_changed(self) -> None:
        assert (
            self.emulator.get_json(SCORECARD)["scorecard"]["description"]
            == "Operational basics, checked weekly."
        )

    def change_tag(self) -> None:
        self.stack.set_config("rule", "Has a runbook")

    def drift(self) -> None:
        descriptor = yaml.safe_load(self.emulator.api("GET", SCORECARD + "/descriptor", expect=200).text)
        descriptor["name"] = "Edited in the UI"
        self.emulator.api(
            "POST",
            "/api/v1/scorecards/descriptor",
            data=yaml.safe_dump(descriptor),
            headers={"Content-Type": "application/yaml"},
            expect=200,
        )

    def assert_restored(self) -> None:
        assert self.emulator.get_json(SCORECARD)["scorecard"]["name"] == "Operations"

    def delete_behind(self) -> None:
        identifier = self.stack.outputs()["rule_identifier"]
        self.emulator.api(
            "PUT",
            SCORECARD + "/entity/payments/exemption/revoke",
            json={"ruleIdentifier": identifier, "reason": "revoked in the UI"},
            expect=200,
        )

    def owned_paths(self) -> list[str]:
        return [SCORECARD, "/api/v1/teams/payments"]


def test_exemption_lifecycle(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    lifecycle = ExemptionLifecycle(workspace, emulator, "exemption")
    lifecycle.run()


def test_exemption_is_approved_with_its_end_date(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    lifecycle = ExemptionLifecycle(workspace, emulator, "exemption-status")
    lifecycle.set_up()
    lifecycle.up({"create": 4}, "first up")
    outputs = lifecycle.stack.outputs()
    assert outputs["status"] == "APPROVED"
    assert outputs["end_date"]  # 90 days
    (stored,) = [e for e in lifecycle.exemptions() if e["ruleIdentifier"] == outputs["rule_identifier"]]
    assert stored["exemptionStatus"]["status"] == "APPROVED"
    assert stored["requestingReason"].startswith("The payments rotation starts next quarter")
    lifecycle.stack.destroy()
    assert not emulator.exists(SCORECARD)
