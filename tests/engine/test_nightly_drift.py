"""The nightly drift recipe over three rounds of edits in the Cortex UI, on a tenant two repositories share
(tests/engine/programs/nightly: a platform stack and a payments stack, both DECLARED in the hierarchy).

Each round: the UI edits; the recipe's own commands (`pulumi preview --refresh ... --json`, then
`cortex-pulumi summarize --drift`) report each edit as what changed in Cortex and what the next `up` does;
`cortex-pulumi audit` finds each one and advises the command that repairs it; running that advice repairs it
(the audit is clean again). At the end, `cortex-pulumi diff` against a tenant built from the same program
without any history finds them equal once the one edit the program does not own is undone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.engine.harness import REPO_ROOT, Emulator, PulumiWorkspace, Stack, diagnostics_text
from tests.engine.test_ci_recipes import Recipes

PROGRAM = REPO_ROOT / "tests" / "engine" / "programs" / "nightly"
PARTS = ("platform", "payments")
BIN = Path(sys.executable).parent
LINUS = {"email": "linus@example.com", "name": "Linus Torvalds", "notificationsEnabled": True, "roleTags": []}


def cortex_pulumi(emulator: Emulator, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CORTEX_", "PULUMI_"))}
    return subprocess.run([str(BIN / "cortex-pulumi"), *args], capture_output=True, text=True, timeout=300,
                          env={**env, "CORTEX_API_TOKEN": emulator.token}, check=False)


def build(workspace: PulumiWorkspace, emulator: Emulator, name: str, suffix: str = "") -> dict[str, Stack]:
    project = workspace.project(PROGRAM, name)
    stacks = {}
    for part in PARTS:
        stack = Stack(workspace, project, part + suffix).init()
        emulator.configure_stack(stack)
        stack.set_config("part", part)
        stack.set_config("dbPassword", "nightly-db-value", secret=True)
        stack.up()
        stacks[part] = stack
    return stacks


@pytest.fixture(scope="module")
def tenants(workspace: PulumiWorkspace, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    edited, fresh = (Emulator(tmp_path_factory.mktemp(name)) for name in ("edited", "fresh"))
    try:
        yield {"emulator": edited, "stacks": build(workspace, edited, "nightly"), "fresh": fresh,
               "fresh_stacks": build(workspace, fresh, "nightly-fresh", "-fresh")}
    finally:
        edited.stop()
        fresh.stop()


def nightly(workspace: PulumiWorkspace, emulator: Emulator, stack: Stack) -> str:
    """The drift recipe's commands as written, for one stack: the drift report (Markdown), or "" when clean."""
    ci = Recipes(workspace, stack.project_dir, emulator)
    ci.env["STACK"] = stack.name
    preview = ci.command("pulumi preview", refresh=True)
    done = subprocess.run(["bash", "-c", preview], cwd=stack.project_dir, env=workspace.env(ci.env),
                          capture_output=True, text=True, timeout=300, check=False)
    if done.returncode == 0:
        return ""
    ci.run(ci.command("cortex-pulumi summarize drift.json"))
    return ci.read("drift.md")


def audit(emulator: Emulator, stack: Stack, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    state = tmp_path / f"{stack.name}.json"
    state.write_text(json.dumps(stack.export()))
    return cortex_pulumi(emulator, "audit", str(state), "--base-url", emulator.base_url)


def repair(emulator: Emulator, stack: Stack, tmp_path: Path, findings: list[str]) -> None:
    """Audit: each finding named, with its advice; run the advice; audit again: clean."""
    found = audit(emulator, stack, tmp_path)
    assert found.returncode == 1, found.stdout + found.stderr
    for expected in findings:
        assert expected in found.stdout, found.stdout
    advice = {line.strip().removeprefix("fix: ") for line in found.stdout.splitlines() if line.strip().startswith("fix:")}
    if any(a.startswith("pulumi refresh --yes && pulumi up") for a in advice):
        stack.refresh()
        stack.up()
    if any(a.startswith("pulumi up --refresh --yes") for a in advice):
        stack.up("--refresh")
    assert advice, found.stdout
    again = audit(emulator, stack, tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr


def test_three_rounds_of_ui_edits(tenants: dict[str, Any], workspace: PulumiWorkspace, tmp_path: Path) -> None:
    emulator: Emulator = tenants["emulator"]
    stacks: dict[str, Stack] = tenants["stacks"]
    assert [nightly(workspace, emulator, stacks[p]) for p in PARTS] == ["", ""]

    # Round 1: a member added, a rule moved to another level, a secret renamed.
    team = emulator.get_json("/api/v1/teams/platform")
    team["cortexTeam"]["members"].append(LINUS)
    emulator.api("PUT", "/api/v1/teams/platform", json=team, expect=200)
    text = emulator.api("GET", "/api/v1/scorecards/readiness/descriptor").text
    text = text.replace("level: Bronze", "level: Silver", 1)
    emulator.api("POST", "/api/v1/scorecards/descriptor", data=text, headers={"Content-Type": "application/yaml"},
                 expect=200)
    emulator.api("PUT", "/api/v1/secrets/payments_db", json={"name": "Payments database"}, expect=200)
    report = nightly(workspace, emulator, stacks["platform"])
    assert "Member “Linus Torvalds” was added to team `platform` in Cortex; the next `up` removes the member" in report
    assert ("Rule “Has on-call” of scorecard `readiness` was changed in Cortex: level `Silver` (the program: `Bronze`);"
            " the next `up` sets it back") in report, report
    report = nightly(workspace, emulator, stacks["payments"])
    assert ("Secret `payments_db` was renamed in Cortex to `Payments database`; the next `up` renames it back to "
            "`Payments DB`") in report, report
    assert "rotated" not in report
    repair(emulator, stacks["platform"], tmp_path, ["[Team] mismatch: platform: members", "[Scorecard] mismatch: readiness"])
    repair(emulator, stacks["payments"], tmp_path, ["[Secret] mismatch: payments_db: name"])

    # Round 2: a workflow and a deploy deleted.
    emulator.api("DELETE", "/api/v1/workflows/deploy-notify", expect=200)
    (deploy,) = emulator.get_json("/api/v1/catalog/payments/deploys")["deployments"]
    emulator.api("DELETE", f"/api/v1/catalog/payments/deploys/{deploy['uuid']}", expect=200)
    report = nightly(workspace, emulator, stacks["payments"])
    assert "Workflow `deploy-notify` was deleted in Cortex; the next `up` creates it again" in report, report
    assert "Deploy “payments 1.4.2” on `payments` was deleted in Cortex; the next `up` creates it again" in report
    assert "It keeps its declared timestamp `2024-05-01T12:00:00.000Z`" in report
    repair(emulator, stacks["payments"], tmp_path, ["[Workflow] missing: deploy-notify", "[Deploy] missing: payments/"])
    (restored,) = emulator.get_json("/api/v1/catalog/payments/deploys")["deployments"]
    assert restored["timestamp"] == deploy["timestamp"] and restored["uuid"] != deploy["uuid"]
    assert {k: v for k, v in restored.items() if k != "uuid"} == {k: v for k, v in deploy.items() if k != "uuid"}

    # Round 3: payments moved from platform to finance in the UI (the edge is the payments stack's).
    edges = [{"parentTeamTag": e["parentTeamTag"], "childTeamTag": e["childTeamTag"]}
             for e in emulator.get_json("/api/v1/teams/relationships")["edges"] if e["childTeamTag"] != "payments"]
    edges.append({"parentTeamTag": "finance", "childTeamTag": "payments"})
    emulator.api("PUT", "/api/v1/teams/relationships?replace=true", json={"edges": edges}, expect=200)
    pr_preview = stacks["payments"].preview(check=False)
    assert pr_preview.returncode != 0
    message = diagnostics_text(pr_preview)
    assert "edges this stack owns are missing from Cortex: platform -> payments" in message, message
    report = nightly(workspace, emulator, stacks["payments"])
    assert "The edge `platform → payments` was removed in Cortex; the next `up` adds it back" in report, report
    assert "Team `payments` ends with 2 parents: `finance`, `platform`" in report, report
    repair(emulator, stacks["payments"], tmp_path, ["[TeamHierarchy] mismatch: team-hierarchy"])

    assert [nightly(workspace, emulator, stacks[p]) for p in PARTS] == ["", ""]
    diff = cortex_pulumi(emulator, "diff", "--base-url", emulator.base_url, "--against", tenants["fresh"].base_url)
    # The UI's own edge is not the program's: the diff shows it (the summary named the two parents) ...
    assert diff.returncode == 1 and f"hierarchy: only in {emulator.base_url}: finance -> payments" in diff.stdout, \
        diff.stdout
    edges = [e for e in edges if e["parentTeamTag"] != "finance" or e["childTeamTag"] != "payments"]
    edges.append({"parentTeamTag": "platform", "childTeamTag": "payments"})
    emulator.api("PUT", "/api/v1/teams/relationships?replace=true", json={"edges": edges}, expect=200)
    # ... and once it is undone, the tenant with three rounds of history equals the one without any.
    diff = cortex_pulumi(emulator, "diff", "--base-url", emulator.base_url, "--against", tenants["fresh"].base_url)
    assert diff.returncode == 0 and "the tenants are equal" in diff.stdout, diff.stdout + diff.stderr
