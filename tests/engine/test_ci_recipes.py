"""The CI recipes' own commands (examples/ci), run as written against a stack of examples/team: the
pull-request preview and its summary, the apply on merge, and the nightly drift check, clean and drifted.

Credentials come from the environment only (CORTEX_API_TOKEN, CORTEX_BASE_URL), as in the recipes.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.ci.recipes import all_commands
from tests.engine.harness import REPO_ROOT, Emulator, PulumiWorkspace, Stack

EXAMPLE = REPO_ROOT / "examples" / "team"
STACK = "recipes"


class Recipes:
    """Runs recipe commands with bash in the project, as a CI job's script would, and records which ran."""

    def __init__(self, workspace: PulumiWorkspace, project: Path, emulator: Emulator) -> None:
        self.workspace, self.project = workspace, project
        self.env = {"STACK": STACK, "CORTEX_API_TOKEN": emulator.token, "CORTEX_BASE_URL": emulator.base_url}
        self.commands = all_commands()
        self.ran: set[str] = set()

    def command(self, start: str, *, refresh: bool = False, fmt: str | None = None) -> str:
        (found,) = [c for c in self.commands if c.startswith(start) and ("--refresh" in c) == refresh
                    and (fmt is None or (fmt in c))]
        return found

    def run(self, command: str, *, ok: bool = True) -> subprocess.CompletedProcess[str]:
        self.ran.add(command)
        done = subprocess.run(["bash", "-c", command], cwd=self.project, env=self.workspace.env(self.env),
                              capture_output=True, text=True, timeout=300, check=False)
        assert (done.returncode == 0) == ok, f"`{command}` exited {done.returncode}:\n{done.stdout}{done.stderr}"
        return done

    def read(self, name: str) -> str:
        return (self.project / name).read_text()


def test_recipe_commands_preview_apply_and_catch_drift(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    stack = Stack(workspace, workspace.project(EXAMPLE, "recipes"), STACK).init()
    stack.set_config("platformTag", "rcp-platform")
    stack.set_config("paymentsTag", "rcp-payments")
    ci = Recipes(workspace, stack.project_dir, emulator)
    up = ci.command("pulumi up")
    ci.run(up)  # the merge of the change that introduced the program
    assert emulator.get_json("/api/v1/teams/rcp-platform")["metadata"]["name"] == "Platform"

    # A pull request renames the team: the preview job's summary says so.
    stack.set_config("platformName", "Platform Engineering")
    ci.run(ci.command("pulumi preview"))
    ci.run(ci.command("cortex-pulumi summarize preview.json", fmt="--title"))
    summary = ci.read("summary.md")
    assert summary.splitlines()[0] == "<!-- cortex-pulumi summarize: Cortex preview of recipes -->"
    assert "- Name: `Platform` → `Platform Engineering`" in summary, summary
    log = ci.run(ci.command("cortex-pulumi summarize preview.json", fmt="--format text")).stdout
    assert "Name: Platform → Platform Engineering" in log, log
    ci.run(up)  # merged
    assert emulator.get_json("/api/v1/teams/rcp-platform")["metadata"]["name"] == "Platform Engineering"

    # The nightly check: quiet while Cortex matches the program, failing with a summary once it drifted.
    drift = ci.command("pulumi preview", refresh=True)
    ci.run(drift)
    team = emulator.get_json("/api/v1/teams/rcp-platform")
    team["metadata"]["name"] = "Renamed in the UI"
    emulator.api("PUT", "/api/v1/teams/rcp-platform", json=team, expect=200)
    ci.run(drift, ok=False)
    ci.run(ci.command("cortex-pulumi summarize drift.json"))
    report = ci.read("drift.md")
    assert "### Cortex drift in recipes" in report
    # The drift form: what changed in Cortex, and what the next `up` does about it.
    assert ("- Team `rcp-platform` was renamed in Cortex to `Renamed in the UI`; the next `up` renames it back "
            "to `Platform Engineering`") in report, report
    assert emulator.token not in report + summary + log

    assert ci.ran == ci.commands, f"recipe commands no test ran: {ci.commands - ci.ran}"
    stack.run("destroy", "--yes", "--skip-preview", env=ci.env)
    assert not emulator.exists("/api/v1/teams/rcp-platform")
