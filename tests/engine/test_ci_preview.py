"""CI previews: `pulumi preview --diff --expect-no-changes`, `--json`, credentials from the environment."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.engine.harness import REPO_ROOT, Emulator, PulumiWorkspace, Stack, counts_of, diagnostics_text

EXAMPLE = REPO_ROOT / "examples" / "team"


@pytest.fixture(scope="module")
def deployed(workspace: PulumiWorkspace, emulator: Emulator) -> Iterator[Stack]:
    """examples/team deployed once; each test leaves it as the program declares."""
    stack = Stack(workspace, workspace.project(EXAMPLE, "ci"), "ci").init()
    emulator.configure_stack(stack)
    stack.set_config("platformTag", "ci-platform")
    stack.set_config("paymentsTag", "ci-payments")
    stack.up()
    yield stack
    stack.destroy()


def expect_no_changes(stack: Stack, *extra: str, check: bool | None) -> str:
    result = stack.run("preview", "--diff", "--expect-no-changes", *extra, check=check)
    return result.output


def test_clean_stack_passes(deployed: Stack) -> None:
    expect_no_changes(deployed, check=True)
    expect_no_changes(deployed, "--refresh", check=True)


def test_program_change_fails_the_check(deployed: Stack) -> None:
    deployed.set_config("platformName", "Platform Engineering")
    try:
        output = expect_no_changes(deployed, check=False)
        assert "Platform Engineering" in output  # the diff shows what would change
        assert "no changes were expected" in output
        digest = deployed.preview("--diff").json()
        assert counts_of(deployed.preview())["update"] == 1
        (step,) = [s for s in digest["steps"] if s["op"] == "update"]
        assert step["urn"].endswith("::platform")
    finally:
        deployed.remove_config("platformName")
    expect_no_changes(deployed, check=True)


def test_cortex_drift_fails_the_refreshing_check(deployed: Stack, emulator: Emulator) -> None:
    team = emulator.get_json("/api/v1/teams/ci-platform")
    team["metadata"]["name"] = "Renamed in the UI"
    emulator.api("PUT", "/api/v1/teams/ci-platform", json=team, expect=200)
    before = emulator.last_seq()
    output = expect_no_changes(deployed, "--refresh", check=False)
    assert "Renamed in the UI" in output
    assert "no changes were expected" in output
    assert emulator.writes_since(before) == []  # a preview, even refreshing, writes nothing to Cortex
    digest = deployed.preview("--refresh").json()
    assert digest["changeSummary"].get("update") == 1
    deployed.up("--refresh")
    assert emulator.get_json("/api/v1/teams/ci-platform")["metadata"]["name"] == "Platform"
    expect_no_changes(deployed, "--refresh", check=True)


def test_json_preview_parses_and_blinds_secrets(deployed: Stack, emulator: Emulator) -> None:
    digest = deployed.preview("--diff").json()
    assert digest["config"]["cortex:apiToken"] == "[secret]"
    assert digest["changeSummary"] == {"same": 3}
    assert {s["op"] for s in digest["steps"]} == {"same"}
    assert emulator.token not in deployed.preview("--diff").stdout


def test_credentials_from_the_environment(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    stack = Stack(workspace, workspace.project(EXAMPLE, "ci-env"), "ci-env").init()
    stack.set_config("platformTag", "env-platform")
    stack.set_config("paymentsTag", "env-payments")
    env = {"CORTEX_API_TOKEN": emulator.token, "CORTEX_BASE_URL": emulator.base_url}
    stack.run("up", "--yes", "--skip-preview", env=env)
    assert emulator.exists("/api/v1/teams/env-platform")
    stack.run("preview", "--diff", "--expect-no-changes", "--refresh", env=env)
    assert emulator.token not in json.dumps(stack.export())

    # Without either, the error names both ways to provide the token.
    missing = stack.run("refresh", "--yes", "--skip-preview", check=False)
    text = diagnostics_text(missing)
    assert "cortex:apiToken" in text and "CORTEX_API_TOKEN" in text
    stack.run("destroy", "--yes", "--skip-preview", env=env)
    assert not emulator.exists("/api/v1/teams/env-platform")
