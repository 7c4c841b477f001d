"""`cortex-pulumi import` end to end with the real engine: a realistic tenant is imported, the generated program
adopts it writing nothing but the secret values, a second preview is empty, an edited row updates one team,
and the same program copies the tenant to an empty one (`cortex-pulumi diff` then finds them equal)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.engine.harness import Emulator, PulumiWorkspace, Stack, counts_of, is_dry_run
from tests.support.tenant import seeded_emulator, tenant_seed

BIN = Path(sys.executable).parent
SEED = tenant_seed(teams=110, scorecards=16, workflows=22, secrets=5)
SECRET_LINE = re.compile(r"pulumi config set --secret (\S+)\s+# value of Cortex secret '([^']+)'")


def cli(*args: str, token: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CORTEX_", "PULUMI_"))}
    done = subprocess.run([str(BIN / "cortex-pulumi"), *args], capture_output=True, text=True, timeout=600,
                          env={**env, "CORTEX_API_TOKEN": token}, check=False)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    """The existing tenant: the seed plus approved exemptions."""
    with seeded_emulator(tmp_path_factory.mktemp("source"), SEED, exemptions=8) as server:
        yield server


@pytest.fixture(scope="module")
def imported(source: Emulator, workspace: PulumiWorkspace) -> dict[str, Any]:
    out = workspace.root / "projects" / "tenant"
    out.parent.mkdir(parents=True, exist_ok=True)
    done = cli("import", "--out", str(out), "--base-url", source.base_url, "--project-name", "tenant",
               token=source.token)
    # The virtualenv its Pulumi.yaml names: this test environment stands in for the user's
    # `python -m venv venv && pip install -r requirements.txt` (the wheel in a venv: test_readme_practice.py).
    (out / "venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return {"dir": out, "stdout": done.stdout, "secrets": dict(SECRET_LINE.findall(done.stdout))}


def _stack(workspace: PulumiWorkspace, imported: dict[str, Any], server: Emulator, name: str) -> Stack:
    stack = Stack(workspace, imported["dir"], name).init()
    server.configure_stack(stack)
    for key, tag in imported["secrets"].items():
        stack.set_config(key, f"value-of-{tag}", secret=True)
    return stack


def test_generated_project_is_complete_and_clean(imported: dict[str, Any], source: Emulator) -> None:
    out: Path = imported["dir"]
    assert {p.name for p in out.iterdir()} >= {"Pulumi.yaml", "requirements.txt", "__main__.py", "README.md",
                                               "scorecards", "workflows"}
    assert len(list((out / "scorecards").glob("*.yaml"))) == len(SEED["scorecards"])
    assert len(list((out / "workflows").glob("*.yaml"))) == len(SEED["workflows"])
    descriptor = source.api("GET", "/api/v1/scorecards/prod-readiness/descriptor", expect=200).text
    assert (out / "scorecards" / "prod-readiness.yaml").read_text() == descriptor
    assert len(imported["secrets"]) == len(SEED["secrets"])
    # From the project's directory, as its own repository runs ruff (cortex_pulumi is third-party there).
    ruff = subprocess.run([str(BIN / "ruff"), "check", "--no-cache", "--isolated", "."], cwd=out,
                          capture_output=True, text=True, check=False)
    assert ruff.returncode == 0, ruff.stdout
    readme = (out / "README.md").read_text()
    synced = [e for e in source.get_json("/api/v1/teams/relationships")["edges"] if e.get("provider")]
    for edge in synced:  # integration-synced edges are listed, never declared
        pair = f"{edge['parentTeamTag']} -> {edge['childTeamTag']}"
        assert pair in readme
        assert f"('{edge['parentTeamTag']}', '{edge['childTeamTag']}')" not in (out / "__main__.py").read_text()
    idp_teams = [t for t in source.get_json("/api/v1/teams?includeTeamsWithoutMembers=true")["teams"] if t["type"] == "IDP"]
    assert len(idp_teams) >= 20
    for team in idp_teams:  # IdP-synced members are listed, never declared
        for member in team["idpGroup"].get("members") or []:
            assert member["email"] in readme and member["email"] not in (out / "__main__.py").read_text()


def test_adopting_up_writes_only_secret_values_then_no_changes(
        imported: dict[str, Any], source: Emulator, workspace: PulumiWorkspace) -> None:
    stack = _stack(workspace, imported, source, "source")
    before = source.last_seq()
    up = stack.up()
    log = source.requests_log(after_seq=before)
    writes = [(e["method"], e["path"]) for e in log if e["method"] in ("POST", "PUT", "PATCH", "DELETE")
              and not is_dry_run(e)]  # preview's permission check of scorecards is a dry run: it writes nothing
    assert sorted(writes) == sorted(("PUT", f"/api/v1/secrets/{tag}") for tag in imported["secrets"].values())
    assert not [e for e in log if e["status"] >= 400], "a failed call while adopting"
    objects = counts_of(up)["create"] - 1  # the stack itself is one of the creates
    assert objects >= 110 + 1 + 16 + 8 + 22 + 5
    assert len(log) <= 1.1 * objects, f"{len(log)} API calls for {objects} objects"
    stack.preview("--expect-no-changes")


def test_editing_one_row_updates_only_that_team(
        imported: dict[str, Any], source: Emulator, workspace: PulumiWorkspace) -> None:
    program = imported["dir"] / "__main__.py"
    text = program.read_text()
    row = "'description': 'Owns area 30'"
    assert text.count(row) == 1
    program.write_text(text.replace(row, "'description': 'Owns area 30, and the payments gateway'"))
    stack = Stack(workspace, imported["dir"], "source")
    before = source.last_seq()
    assert counts_of(stack.up())["update"] == 1
    writes = source.writes_since(before)
    tag = next(t["teamTag"] for t in SEED["teams"] if t["metadata"]["description"] == "Owns area 30")
    assert [(e["method"], e["path"]) for e in writes] == [("PUT", f"/api/v1/teams/{tag}")]
    assert source.get_json(f"/api/v1/teams/{tag}")["metadata"]["description"].endswith("payments gateway")


def test_the_same_program_copies_the_tenant(
        imported: dict[str, Any], source: Emulator, workspace: PulumiWorkspace,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    target = Emulator(tmp_path_factory.mktemp("target"))
    try:
        stack = _stack(workspace, imported, target, "copy")
        stack.up()
        stack.preview("--expect-no-changes")
        done = cli("diff", "--base-url", source.base_url, "--against", target.base_url, token=source.token,
                   check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "the tenants are equal" in done.stdout
        # The comparison notices a difference: one team renamed behind the program's back.
        team = target.get_json("/api/v1/teams/dept-4")
        team["metadata"]["name"] = "Renamed in the UI"
        target.api("PUT", "/api/v1/teams/dept-4", json=team, expect=200)
        done = cli("diff", "--base-url", source.base_url, "--against", target.base_url, token=source.token,
                   check=False)
        assert done.returncode == 1 and "teams: dept-4 differs (name)" in done.stdout
    finally:
        target.stop()
