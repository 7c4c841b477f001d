"""The composed program (root Pulumi.yaml → examples/platform/) under the real engine.

Right after its first up, refresh is shown to be a fixed point: every resource type is in the stack (teams of
both kinds, the hierarchy, scorecards from a file and from arguments, an exemption, secrets, a workflow, a
deploy), `pulumi refresh --expect-no-changes` passes again and again, `pulumi preview --refresh --diff` shows
no difference, and none of it writes to Cortex.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.engine.harness import REPO_ROOT, CliResult, Emulator, PulumiWorkspace, counts_of
from tests.engine.lifecycle import Lifecycle

TEAMS = ("engineering", "platform", "sre", "payments", "identity")
WEBHOOK_TOKEN = "whk-7e2b4c19d0a3"
STATUSPAGE_KEY = "stp-51f08ae6b7c2"
REFRESHES = 5
KINDS = {"Team", "TeamHierarchy", "Scorecard", "ScorecardExemption", "Secret", "Workflow", "Deploy"}


class PlatformLifecycle(Lifecycle):
    example = "platform"
    config = {"releaseSha": "3f2c2d8a9b1e"}
    secret_config = {"webhookToken": WEBHOOK_TOKEN, "statuspageKey": STATUSPAGE_KEY}
    tag = "security"

    def make_project(self, name: str) -> Path:
        # The repository root is the project: copy its Pulumi.yaml and the program it names.
        target = self.workspace.root / "projects" / name
        target.mkdir(parents=True)
        shutil.copy(REPO_ROOT / "Pulumi.yaml", target / "Pulumi.yaml")
        shutil.copytree(
            REPO_ROOT / "examples" / "platform",
            target / "examples" / "platform",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        return target

    def after_first_up(self, result: CliResult) -> None:
        super().after_first_up(result)
        assert self.emulator.get_json("/api/v1/teams/payments")["type"] == "IDP"
        edges = self.emulator.get_json("/api/v1/teams/relationships")["edges"]
        assert {(e["parentTeamTag"], e["childTeamTag"]) for e in edges} == {
            ("engineering", "platform"),
            ("engineering", "payments"),
            ("engineering", "identity"),
            ("platform", "sre"),
        }
        outputs = self.stack.outputs()
        assert outputs["oncall_exemption"] == "APPROVED"
        assert outputs["hierarchy_edges"] == 4
        entity, uuid = outputs["release"].split("/")
        (deploy,) = self.emulator.get_json(f"/api/v1/catalog/{entity}/deploys")["deployments"]
        assert deploy["uuid"] == uuid and deploy["sha"] == "3f2c2d8a9b1e"
        assert deploy["customData"] == {"version": "2.3.0", "notifiedBy": "deploy-notify"}
        # Each Cortex resource's recorded position and stack trace are the program's lines only (the
        # SDK would record every interpreter frame, about 1 KB per resource of library paths).
        deployment = self.stack.export()["deployment"]
        ours = [r for r in deployment["resources"] if r["type"].startswith("pulumi-python:dynamic/cortex:")]
        assert len(ours) == 13
        program = "project:///examples/platform/"
        for resource in ours:
            assert resource["sourcePosition"].startswith(program), resource["sourcePosition"]
            frames = [f.get("sourcePosition", "") for f in resource["stackTrace"]]
            assert frames and all(f.startswith(program) for f in frames), frames
        # Neither the API token nor a secret value is anywhere in state, outputs or the CLI's output.
        texts = [result.output, json.dumps(deployment), json.dumps(self.stack.outputs())]
        for text in texts:
            for value in (WEBHOOK_TOKEN, STATUSPAGE_KEY, self.emulator.token):
                assert value not in text
        self.assert_refresh_is_a_fixed_point()

    def assert_refresh_is_a_fixed_point(self) -> None:
        """Refreshes in a row change nothing, and neither they nor a refreshing preview write to Cortex."""
        assert {r["type"].rsplit(":", 1)[1] for r in self.stack.resources("pulumi-python:dynamic/cortex:")} == KINDS
        before = self.emulator.last_seq()
        for attempt in range(1, REFRESHES + 1):
            result = self.stack.run("refresh", "--yes", "--skip-preview", "--expect-no-changes", "--json", check=None)
            assert result.returncode == 0, f"refresh {attempt} reported a change:\n{result.output[-4000:]}"
            assert {k: v for k, v in counts_of(result).items() if k != "same" and v} == {}, attempt
        preview = self.stack.run("preview", "--refresh", "--diff", "--expect-no-changes")
        assert "[diff:" not in preview.output, preview.output
        assert self.emulator.writes_since(before) == [], "refreshes and previews wrote to Cortex"

    def primary_path(self) -> str:
        return f"/api/v1/scorecards/{self.tag}"

    def change_field(self) -> None:
        self.stack.set_config("securityWindow", "12")

    def assert_field_changed(self) -> None:
        assert self.emulator.get_json(self.primary_path())["scorecard"]["evaluation"]["window"] == 12

    def change_tag(self) -> None:
        self.tag = "security-baseline"
        self.stack.set_config("securityTag", self.tag)

    def drift(self) -> None:
        team = self.emulator.get_json("/api/v1/teams/platform")
        team["metadata"]["name"] = "Renamed in the UI"
        self.emulator.api("PUT", "/api/v1/teams/platform", json=team, expect=200)

    def assert_restored(self) -> None:
        assert self.emulator.get_json("/api/v1/teams/platform")["metadata"]["name"] == "Platform"

    def owned_paths(self) -> list[str]:
        return [
            *(f"/api/v1/teams/{t}" for t in TEAMS),
            "/api/v1/scorecards/production-readiness",
            "/api/v1/scorecards/security",
            "/api/v1/scorecards/security-baseline",
            "/api/v1/secrets/deploy_webhook_token",
            "/api/v1/secrets/statuspage_api_key",
            "/api/v1/workflows/deploy-notify",
        ]

    def assert_gone(self) -> None:
        super().assert_gone()
        assert self.emulator.get_json("/api/v1/teams/relationships")["edges"] == []


def test_platform_lifecycle(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    PlatformLifecycle(workspace, emulator, "platform").run()
