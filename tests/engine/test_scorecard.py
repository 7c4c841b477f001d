"""examples/scorecard under the real engine: a scorecard from Python args and one from a descriptor file."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.engine.harness import Emulator, PulumiWorkspace
from tests.engine.lifecycle import Lifecycle


class ScorecardLifecycle(Lifecycle):
    example = "scorecard"
    tag = "security"

    def primary_path(self) -> str:
        return f"/api/v1/scorecards/{self.tag}"

    def scorecard(self) -> dict:
        scorecard: dict = self.emulator.get_json(self.primary_path())["scorecard"]
        return scorecard

    def change_field(self) -> None:
        self.stack.set_config("securityName", "Security Baseline")

    def assert_field_changed(self) -> None:
        assert self.scorecard()["name"] == "Security Baseline"

    def change_tag(self) -> None:
        self.tag = "security-baseline"
        self.stack.set_config("securityTag", self.tag)

    def drift(self) -> None:
        descriptor = yaml.safe_load(
            self.emulator.api("GET", self.primary_path() + "/descriptor", expect=200).text
        )
        descriptor["name"] = "Edited in the UI"
        descriptor["rules"] = descriptor["rules"][:1]
        self.emulator.api(
            "POST",
            "/api/v1/scorecards/descriptor",
            data=yaml.safe_dump(descriptor),
            headers={"Content-Type": "application/yaml"},
            expect=200,
        )

    def assert_restored(self) -> None:
        scorecard = self.scorecard()
        assert scorecard["name"] == "Security Baseline"
        assert [r["title"] for r in scorecard["rules"]] == [
            "Dependencies scanned",
            "Secrets in a vault",
            "Pen-tested this year",
        ]

    def owned_paths(self) -> list[str]:
        return [f"/api/v1/scorecards/{t}" for t in ("security", "security-baseline", "production-readiness")]


def test_scorecard_lifecycle(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    ScorecardLifecycle(workspace, emulator, "scorecard").run()


def test_descriptor_file_edits_update_in_place(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    lifecycle = ScorecardLifecycle(workspace, emulator, "scorecard-file")
    lifecycle.set_up()
    lifecycle.stack.set_config("securityTag", "security-file-check")
    lifecycle.up({"create": 3}, "first up")
    stack = lifecycle.stack
    rules_before = stack.outputs()["readiness_rules"]
    assert set(rules_before) == {
        "Has an owner",
        "Has an on-call rotation",
        "Has a runbook",
        "Deployed in the last 30 days",
        "Deployed in the last 7 days",
    }
    path: Path = stack.project_dir / "scorecards" / "production-readiness.yaml"
    descriptor = yaml.safe_load(path.read_text())
    descriptor["rules"].reverse()  # rules are a set keyed by title: reordering is no change
    path.write_text(yaml.safe_dump(descriptor, sort_keys=False))
    lifecycle.assert_no_changes("reordering the descriptor's rules")

    descriptor["evaluation"]["window"] = 12
    descriptor["rules"][0]["failureMessage"] = "Deploy more often."
    path.write_text(yaml.safe_dump(descriptor, sort_keys=False))
    lifecycle.up({"update": 1}, "descriptor edit")
    stored = emulator.get_json("/api/v1/scorecards/production-readiness")["scorecard"]
    assert stored["evaluation"]["window"] == 12
    assert stack.outputs()["readiness_rules"] == rules_before  # identifiers survive edits
    stack.destroy()
    assert not emulator.exists("/api/v1/scorecards/production-readiness")
