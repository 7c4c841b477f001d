"""What a program reads of its resources is what Cortex holds, although the state records an output equal to its
input once: for inputs the program declared and for ones `check` derived (a team's type, a scorecard's fields
read from its descriptor file), after a create, an update and a refresh."""

from __future__ import annotations

from cortex_pulumi.provider._check import DERIVED_KEY
from cortex_pulumi.provider._compact import ELIDED
from tests.engine.harness import REPO_ROOT, Emulator, PulumiWorkspace, Stack

PROGRAM = REPO_ROOT / "tests" / "engine" / "programs" / "outputs"
EXPECTED = {"team_name": "Platform", "team_description": "Paved road", "team_type": "CORTEX", "card_name": "Readiness",
            "card_levels": ["Bronze", "Silver"], "card_rules": ["Has a runbook", "Has an owner"]}


def test_outputs_the_program_reads_survive_compact_state(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    stack = Stack(workspace, workspace.project(PROGRAM, "outputs"), "outputs").init()
    emulator.configure_stack(stack)
    stack.up()
    assert stack.outputs() == EXPECTED
    resources = stack.export()["deployment"]["resources"]
    team = next(r for r in resources if r["type"].endswith(":Team"))
    assert team["inputs"][DERIVED_KEY] == ["type"] and team["outputs"]["type"] == "CORTEX"
    # from_file declares the fields its file stands for, so they are the program's own inputs: recorded once.
    card = next(r for r in resources if r["type"].endswith(":Scorecard"))
    assert DERIVED_KEY not in card["inputs"] and {"name", "levels", "rules"} <= set(card["outputs"][ELIDED])

    stack.set_config("description", "Paved road and build farm")
    stack.up()
    assert stack.outputs() == {**EXPECTED, "team_description": "Paved road and build farm"}

    stack.up("--refresh")
    assert stack.outputs() == {**EXPECTED, "team_description": "Paved road and build farm"}
    stack.preview("--refresh", "--expect-no-changes")
    stack.destroy()
