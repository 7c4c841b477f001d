"""Invalid programs fail at preview, naming the resource, the field and the reason, and write nothing."""

from __future__ import annotations

import pytest

from tests.engine.harness import REPO_ROOT, Emulator, PulumiWorkspace, Stack, diagnostics_text

PROGRAM = REPO_ROOT / "tests" / "engine" / "programs" / "invalid"

CASES = {
    "unknown-level": ("'ladder'", "rules[0].level", "'Platinum' is not a ladder level"),
    "cycle": ("'org'", "edges", "cycle: alpha -> beta -> gamma -> alpha"),
    "malformed-descriptor": ("'broken'", "descriptor", "not valid YAML"),
    "descriptor-without-name": ("'nameless'", "descriptor", "name"),
    # The nested path with the value it names, and the place in the descriptor (not `levels[0]`, not the YAML).
    "bad-member-email": ("'people'", "members[0].email 'not-an-email' is not a valid email address"),
    "descriptor-without-color": ("'colorless'", "descriptor: ladder.levels[0].color is required"),
    # CQL checked before it scores, with the position.
    "cql-lookback-string": ("'cadence'", "rules[0].expression", 'write lookback=duration("P14D") (at position 17)'),
    "cql-incomplete": ("'owned'", "descriptor: rules[0].expression", "expected a value at position 18"),
}
#: What the engine printed when a failure named a nested path or a document input as its property.
MISLEADING = ("{<nil>}", "value {tag: colorless")


def _stack(workspace: PulumiWorkspace, emulator: Emulator, mode: str) -> Stack:
    stack = Stack(workspace, workspace.project(PROGRAM, mode), mode).init()
    emulator.configure_stack(stack)
    stack.set_config("mode", mode)
    return stack


@pytest.mark.parametrize("mode", sorted(CASES))
def test_preview_rejects_the_invalid_object_and_writes_nothing(
    workspace: PulumiWorkspace, emulator: Emulator, mode: str
) -> None:
    stack = _stack(workspace, emulator, mode)
    before = emulator.last_seq()
    result = stack.preview(check=False)
    text = diagnostics_text(result)
    for expected in CASES[mode]:
        assert expected in text, f"preview of {mode} does not say {expected!r}:\n{text}"
    for wrong in MISLEADING:
        assert wrong not in text, f"preview of {mode} says {wrong!r}:\n{text}"
    assert emulator.writes_since(before) == []
    assert emulator.token not in result.output


def test_up_stops_at_its_preview_and_writes_nothing(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    stack = _stack(workspace, emulator, "cycle-up")
    stack.set_config("mode", "cycle")
    before = emulator.last_seq()
    result = stack.run("up", "--yes", check=False)  # with its preview, as users run it
    assert "cycle: alpha -> beta -> gamma -> alpha" in result.output
    assert emulator.writes_since(before) == []
    assert not emulator.exists("/api/v1/teams/valid-team")
