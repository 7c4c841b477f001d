"""Refresh is a fixed point: after `pulumi up` of the composed program (every resource type: teams of both
kinds, the hierarchy, scorecards from a file and from arguments, an exemption, secrets, a workflow, a deploy),
`pulumi refresh --expect-no-changes` passes again and again, and `pulumi preview --refresh --diff` shows no
difference."""

from __future__ import annotations

from tests.engine.harness import Emulator, PulumiWorkspace, counts_of
from tests.engine.test_platform import PlatformLifecycle

REFRESHES = 5
KINDS = {"Team", "TeamHierarchy", "Scorecard", "ScorecardExemption", "Secret", "Workflow", "Deploy"}


def test_refreshes_in_a_row_change_nothing(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    platform = PlatformLifecycle(workspace, emulator, "stable")
    platform.set_up()
    platform.up_result(what="first up")
    stack = platform.stack
    assert {r["type"].rsplit(":", 1)[1] for r in stack.resources("pulumi-python:dynamic/cortex:")} == KINDS
    before = emulator.last_seq()
    for attempt in range(1, REFRESHES + 1):
        result = stack.run("refresh", "--yes", "--skip-preview", "--expect-no-changes", "--json", check=None)
        assert result.returncode == 0, f"refresh {attempt} reported a change:\n{result.output[-4000:]}"
        assert {k: v for k, v in counts_of(result).items() if k != "same" and v} == {}, attempt
    preview = stack.run("preview", "--refresh", "--diff", "--expect-no-changes")
    assert "[diff:" not in preview.output, preview.output
    assert emulator.writes_since(before) == [], "refreshes and previews wrote to Cortex"
    stack.destroy()
