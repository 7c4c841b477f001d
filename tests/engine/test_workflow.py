"""examples/workflow under the real engine: a workflow managed from its YAML file."""

from __future__ import annotations

from pathlib import Path

from tests.engine.harness import Emulator, PulumiWorkspace
from tests.engine.lifecycle import Lifecycle


class WorkflowLifecycle(Lifecycle):
    """Changes are made the GitOps way: by editing the YAML file in the (copied) project."""

    example = "workflow"
    tag = "deploy-notify"

    @property
    def file(self) -> Path:
        return self.stack.project_dir / "workflows" / "deploy-notify.yaml"

    def edit(self, old: str, new: str) -> None:
        text = self.file.read_text()
        assert old in text
        self.file.write_text(text.replace(old, new))

    def primary_path(self) -> str:
        return f"/api/v1/workflows/{self.tag}"

    def change_field(self) -> None:
        self.edit("name: Notify on deploy", "name: Announce deploys")

    def assert_field_changed(self) -> None:
        assert self.emulator.get_json(self.primary_path())["name"] == "Announce deploys"

    def change_tag(self) -> None:
        self.edit("tag: deploy-notify", "tag: announce-deploys")
        self.tag = "announce-deploys"

    def drift(self) -> None:
        workflow = self.emulator.get_json(self.primary_path())
        workflow["name"] = "Edited in the UI"
        workflow["actions"] = [a for a in workflow["actions"] if a["slug"] == "post-to-slack"]
        workflow["actions"][0]["outgoingActions"] = []
        self.emulator.api("POST", "/api/v1/workflows", json=workflow, expect=(200, 201))

    def assert_restored(self) -> None:
        workflow = self.emulator.get_json(self.primary_path())
        assert workflow["name"] == "Announce deploys"
        assert [a["slug"] for a in workflow["actions"]] == ["post-to-slack", "call-webhook"]

    def owned_paths(self) -> list[str]:
        return ["/api/v1/workflows/deploy-notify", "/api/v1/workflows/announce-deploys"]


def test_workflow_lifecycle(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    WorkflowLifecycle(workspace, emulator, "workflow").run()


def test_reformatting_the_file_is_no_change(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    lifecycle = WorkflowLifecycle(workspace, emulator, "workflow-format")
    lifecycle.edit("tag: deploy-notify", "tag: format-check")
    lifecycle.tag = "format-check"
    lifecycle.set_up()
    lifecycle.up({"create": 2}, "first up")
    # Same workflow, other spelling: flow-style lists, reordered keys, quoted scalars.
    lifecycle.edit("outgoingActions: [call-webhook]", "outgoingActions:\n      - call-webhook")
    lifecycle.edit("isDraft: false\nisRunnableViaApi: true", "isRunnableViaApi: true\nisDraft: false")
    lifecycle.assert_no_changes("reformatting the YAML file")
    lifecycle.stack.destroy()
    assert not emulator.exists("/api/v1/workflows/format-check")
