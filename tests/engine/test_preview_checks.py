"""Preview sees Cortex, read-only: a taken key, a key declared twice and a rejected or missing token fail the
preview, and the emulator's request log shows that no preview wrote anything."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.engine.harness import REPO_ROOT, Emulator, PulumiWorkspace, Stack, diagnostics_text

PROGRAM = REPO_ROOT / "tests" / "engine" / "programs" / "preview_checks"
TEAM = {"type": "CORTEX", "teamTag": "ops-team", "metadata": {"name": "Made in the UI"}, "links": [],
        "slackChannels": [], "cortexTeam": {"members": []}}


@pytest.fixture(scope="module")
def stack(workspace: PulumiWorkspace, emulator: Emulator) -> Iterator[Stack]:
    made = Stack(workspace, workspace.project(PROGRAM, "preview-checks"), "checks").init()
    emulator.configure_stack(made)
    yield made


def preview_fails(stack: Stack, emulator: Emulator, **env: str | None) -> str:
    """The failed preview's diagnostics, after checking that it wrote nothing to Cortex."""
    before = emulator.last_seq()
    text = diagnostics_text(stack.run("preview", check=False, env=env))
    assert emulator.writes_since(before) == [], "a preview wrote to Cortex"
    return text


def test_a_taken_key_fails_at_preview_until_adopted(stack: Stack, emulator: Emulator) -> None:
    emulator.api("POST", "/api/v1/teams", json=TEAM, expect=200)
    text = preview_fails(stack, emulator)
    assert "Cortex already has a team with team_tag 'ops-team'" in text and "adopt=True" in text
    stack.set_config("adopt", "true")
    before = emulator.last_seq()
    stack.run("preview")
    reads = emulator.requests_log(after_seq=before)
    # Reads only, and no GET per object (one token check; listings where a create needs one).
    assert reads and all(e["method"] == "GET" for e in reads), reads
    assert all("/api/v1/teams/" not in e["path"] and "/api/v1/secrets/" not in e["path"] for e in reads), reads
    stack.remove_config("adopt")
    emulator.api("DELETE", "/api/v1/teams/ops-team", expect=(200, 204))  # the other tests start without it


def test_a_key_declared_twice_fails_naming_both(stack: Stack, emulator: Emulator) -> None:
    stack.set_config("mode", "duplicate")
    try:
        text = preview_fails(stack, emulator)
    finally:
        stack.remove_config("mode")
    assert "'ops' and 'ops-again' both declare Team 'ops-team'" in text
    assert "'token' and 'token-again' both declare Secret 'ops_token'" in text  # every kind in one preview


def test_a_rejected_or_missing_token_fails_unless_checks_are_off(stack: Stack, emulator: Emulator) -> None:
    stack.set_config("cortex:apiToken", "rejected-token-8d1f", secret=True)
    try:
        text = preview_fails(stack, emulator)
        assert "401 Unauthorized" in text and "rejected-token-8d1f" not in text
        stack.remove_config("cortex:apiToken")
        text = preview_fails(stack, emulator)
        assert "cortex:apiToken" in text and "CORTEX_PREVIEW_CHECKS=false" in text
        before = emulator.last_seq()
        stack.run("preview", env={"CORTEX_PREVIEW_CHECKS": "false"})  # a preview without credentials
        assert emulator.requests_log(after_seq=before) == []
    finally:
        stack.set_config("cortex:apiToken", emulator.token, secret=True)
