"""The preview sees what the key may not do: a key without `Edit Scorecards` fails the preview of a program that
changes a scorecard, naming the permission, and writes nothing; the same key previews a team change green."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.engine.harness import REPO_ROOT, Emulator, PulumiWorkspace, Stack, diagnostics_text

PROGRAM = REPO_ROOT / "tests" / "engine" / "programs" / "permissions"
NO_SCORECARDS = "engine-no-scorecards-key-71c2"
PERMISSIONS = "View Scorecards,Configure Scorecard exemptions,Create secrets,Edit entities,View Workflows,Edit Workflows"


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    server = Emulator(tmp_path_factory.mktemp("permissions"), other_keys={NO_SCORECARDS: PERMISSIONS})
    yield server
    server.stop()


def test_a_key_without_edit_scorecards_fails_the_preview_of_a_scorecard_change(
        workspace: PulumiWorkspace, emulator: Emulator) -> None:
    stack = Stack(workspace, workspace.project(PROGRAM, "permissions"), "perm").init()
    emulator.configure_stack(stack)
    stack.up()
    stack.set_config("cortex:apiToken", NO_SCORECARDS, secret=True)
    stack.set_config("teamName", "Platform engineering")
    stack.run("preview")  # a team change: this key may make it
    stack.set_config("scorecardName", "Ready for production")
    before = emulator.last_seq()
    result = stack.run("preview", check=False)
    text = diagnostics_text(result)
    assert result.returncode != 0
    assert "Cortex would refuse to update scorecard 'perm-ready'" in text, text
    assert "lacks the `Edit Scorecards` permission" in text and NO_SCORECARDS not in text
    assert emulator.writes_since(before) == []
    emulator.configure_stack(stack)
    stack.destroy()
