"""`adopt=True` instead of `pulumi import` (which dynamic resources cannot use): taking over an existing team."""

from __future__ import annotations

from tests.engine.harness import REPO_ROOT, Emulator, PulumiWorkspace, Stack, counts_of, diagnostics_text

PROGRAM = REPO_ROOT / "tests" / "engine" / "programs" / "adopt"
EXISTING = {
    "type": "CORTEX",
    "teamTag": "existing-team",
    "metadata": {"name": "Made in the UI"},
    "links": [],
    "slackChannels": [],
    "cortexTeam": {"members": []},
}


def test_existing_object_is_refused_then_adopted(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    created = emulator.api("POST", "/api/v1/teams", json=EXISTING, expect=200).json()
    stack = Stack(workspace, workspace.project(PROGRAM, "adopt"), "adopt").init()
    emulator.configure_stack(stack)

    refused = stack.up(check=False)
    text = diagnostics_text(refused)
    assert "existing-team" in text and "adopt" in text  # the conflict, and the way out
    assert emulator.get_json("/api/v1/teams/existing-team")["metadata"]["name"] == "Made in the UI"

    stack.set_config("adopt", "true")
    adopted = stack.up()
    assert counts_of(adopted)["create"] == 1
    team = emulator.get_json("/api/v1/teams/existing-team")
    assert team["id"] == created["id"]  # the same object, taken over rather than recreated
    assert team["metadata"]["name"] == "Existing Team"
    assert [m["email"] for m in team["cortexTeam"]["members"]] == ["ada@example.com"]
    assert changes_of(stack) == {"create": 0, "update": 0, "replace": 0, "delete": 0}

    stack.destroy()
    assert not emulator.exists("/api/v1/teams/existing-team")


def changes_of(stack: Stack) -> dict[str, int]:
    return {k: v for k, v in counts_of(stack.preview()).items() if k != "same"}
