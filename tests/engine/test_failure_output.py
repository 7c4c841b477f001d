"""What a user reads when something fails under the real CLI: one block (resource, what failed, why, the hint)
without a Python traceback or "Resource monitor has terminated"; a token set without --secret is refused."""

from __future__ import annotations

from tests.engine.harness import REPO_ROOT, Emulator, PulumiWorkspace, Stack

PROGRAM = REPO_ROOT / "tests" / "engine" / "programs" / "adopt"
EXISTING = {"type": "CORTEX", "teamTag": "existing-team", "metadata": {"name": "Made in the UI"}, "links": [],
            "slackChannels": [], "cortexTeam": {"members": []}}


def test_a_failed_create_reads_as_one_block(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    emulator.api("POST", "/api/v1/teams", json=EXISTING, expect=200)
    stack = Stack(workspace, workspace.project(PROGRAM, "failure-output"), "failure").init()
    emulator.configure_stack(stack)
    stack.set_config("cortex:previewChecks", "false")  # let the create itself fail, as against a racing tenant
    result = stack.run("up", "--yes", "--skip-preview", check=False)  # the human output, as users read it
    assert result.returncode != 0
    out = result.output
    assert "Unable to create Cortex team 'existing-team'" in out and "409 Conflict on POST /api/v1/teams" in out
    assert "Hint: pass adopt=True" in out
    for noise in ("Traceback", "File \"", "Resource monitor has terminated", ") Hint:"):
        assert noise not in out, f"{noise!r} in:\n{out}"
    stack.destroy()


def test_a_token_set_without_secret_is_refused(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    stack = Stack(workspace, workspace.project(PROGRAM, "plain-token"), "plain").init()
    stack.set_config("cortex:baseUrl", emulator.base_url)
    stack.set_config("cortex:apiToken", emulator.token)  # --plaintext: what `config set` does without --secret
    before = emulator.last_seq()
    result = stack.run("up", "--yes", check=False)
    assert result.returncode != 0
    assert "cortex:apiToken is set in plain text" in result.output
    assert "pulumi config set --secret cortex:apiToken <token>" in result.output
    assert emulator.token not in result.output
    assert emulator.writes_since(before) == []
    assert emulator.token not in str(stack.export())  # nothing reached the state
