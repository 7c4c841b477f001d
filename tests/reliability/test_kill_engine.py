"""Crashes in the middle of an apply, with the real Pulumi CLI: the `pulumi` process SIGKILLed (its interrupted
creates are found in Cortex and adopted), and the emulator SIGKILLed and restarted on the same database (no
acknowledged write is lost). Both end with the state and Cortex agreeing: no orphans, no duplicates."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from cortex_pulumi import audit as audit_mod
from tests.engine.harness import PulumiWorkspace, Stack, diagnostics_text
from tests.reliability.report import Scenario
from tests.reliability.support import EmulatorServer, audit_stack, fleet, reap_session, up

SIZE = {"teams": 40, "secrets": 30, "deploys": 30, "workflows": 5, "hierarchy": True}
OBJECTS = 106


def start_up(workspace: PulumiWorkspace, stack: Stack) -> subprocess.Popen[bytes]:
    """`pulumi up` in its own session, so that it and its plugins can be found (and killed) by session id."""
    return subprocess.Popen(
        [str(workspace.cli_dir / "pulumi"), "up", "--yes", "--skip-preview", "--stack", stack.name, "--non-interactive"],
        cwd=stack.project_dir, env=workspace.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_for_writes(emu: EmulatorServer, count: int, process: subprocess.Popen[bytes], timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = len(emu.writes_since(0, accepted_only=True))
        if done >= count:
            return done
        assert process.poll() is None, "pulumi finished before it could be interrupted"
        time.sleep(0.05)
    raise AssertionError(f"fewer than {count} writes after {timeout}s")


def settle(emu: EmulatorServer, quiet: float = 2.0, timeout: float = 20.0) -> None:
    """Wait until the emulator has seen no request for `quiet` seconds (orphaned plugins finishing their calls)."""
    deadline, last, since = time.monotonic() + timeout, -1, time.monotonic()
    while time.monotonic() < deadline:
        seq = emu.last_seq()
        if seq != last:
            last, since = seq, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.2)


def test_pulumi_killed_mid_apply_converges_without_orphans(workspace: PulumiWorkspace, server: EmulatorServer,
                                                           tmp_path: Path, scenario: Scenario) -> None:
    stack = fleet(workspace, server, "killed", prefix="kl", config=SIZE)
    server.set_faults(latencyMs=120)  # slow enough to be killed half-way
    process = start_up(workspace, stack)
    try:
        at_kill = wait_for_writes(server, 45, process)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        settle(server)
    finally:
        leftovers = reap_session(process.pid, grace=0)
    server.clear_faults()
    acknowledged = len(server.writes_since(0, accepted_only=True))

    stack.run("cancel", "--yes")  # the killed run left the stack locked
    stack.refresh()
    exported = stack.export()
    pending = [op for op in exported["deployment"].get("pending_operations") or [] if op["type"] == "creating"]
    before = audit_stack(stack, server, "kl-", "kl_")
    found = [f for f in before.findings if f.problem == "pending"]
    landed = [f for f in found if "landed in Cortex" in f.detail]
    assert len(found) == len(pending) and pending, before.to_text()
    assert all("--repair" in (f.command or "") for f in landed)
    assert {f.problem for f in before.findings} <= {"pending", "orphan"}, before.to_text()

    state_file, repaired_file = tmp_path / "state.json", tmp_path / "repaired.json"
    state_file.write_text(json.dumps(exported))
    os.environ["CORTEX_API_TOKEN"] = server.token
    try:
        code = audit_mod.main([str(state_file), "--base-url", server.base_url, "--repair", str(repaired_file)])
    finally:
        del os.environ["CORTEX_API_TOKEN"]
    assert code == 0
    stack.run("stack", "import", "--file", str(repaired_file))
    stack.refresh()
    final_up = up(stack)
    assert final_up.returncode == 0, diagnostics_text(final_up)[-4000:]
    after = audit_stack(stack, server, "kl-", "kl_")
    resources = [r for r in stack.resources() if r["type"].startswith("pulumi-python:dynamic/cortex:")]
    scenario.area, scenario.title = "Crashes", "`pulumi` SIGKILLed mid-apply, then refresh + audit --repair + up"
    scenario.injected = (f"SIGKILL after {at_kill} acknowledged writes ({acknowledged} once orphaned plugins "
                         f"finished; {len(leftovers)} plugin processes outlived pulumi)")
    scenario.objects = len(resources)
    scenario.duplicates = sum(f.problem == "duplicate" for f in after.findings)
    scenario.orphans = sum(f.problem == "orphan" for f in after.findings)
    scenario.held = (f"{len(pending)} interrupted creates found ({len(landed)} had landed: adopted, not recreated); "
                     f"final audit {len(after.findings)} findings")
    assert after.ok, after.to_text()
    assert len(resources) == OBJECTS


def committed(emu: EmulatorServer, prefix: str) -> set[tuple[str, str]]:
    """Every object of the stack Cortex reports right now (what it acknowledged so far)."""
    with emu.client() as client:
        teams = [t.team_tag for t in client.list_teams(include_teams_without_members=True) if t.team_tag.startswith(prefix)]
        out = {("team", t) for t in teams}
        out |= {("secret", s.tag) for s in client.iter_secrets(page_size=1000) if s.tag.startswith(prefix)}
        out |= {("workflow", w.tag) for w in client.iter_workflows(page_size=1000) if w.tag.startswith(prefix)}
        out |= {("deploy", d.uuid) for t in teams for d in client.iter_deploys(t, page_size=1000)}
        out |= {("edge", f"{e.parent_team_tag}>{e.child_team_tag}") for e in client.get_team_hierarchy_relationships()}
    return out


def test_emulator_killed_and_restarted_loses_no_acknowledged_write(workspace: PulumiWorkspace, server: EmulatorServer,
                                                                    scenario: Scenario) -> None:
    stack = fleet(workspace, server, "restart", prefix="rs", config=SIZE)
    server.set_faults(latencyMs=60)
    process = start_up(workspace, stack)
    try:
        wait_for_writes(server, 40, process)
        server.clear_faults()
        acknowledged = committed(server, "rs")
        server.kill()
        killed_at = time.monotonic()
        time.sleep(1.0)
        server.start()  # same port, same database
        down = time.monotonic() - killed_at
        process.wait(600)
    finally:
        reap_session(process.pid, grace=0)
    first_code = process.returncode
    lost = acknowledged - committed(server, "rs")
    after_first = audit_stack(stack, server, "rs-", "rs_")
    missing = [f for f in after_first.findings if f.problem == "missing"]
    if first_code != 0:
        stack.run("cancel", "--yes", check=None)
    second = up(stack)
    final = audit_stack(stack, server, "rs-", "rs_")
    resources = [r for r in stack.resources() if r["type"].startswith("pulumi-python:dynamic/cortex:")]
    scenario.area, scenario.title = "Crashes", "Emulator SIGKILLed and restarted on the same database mid-apply"
    scenario.injected = f"SIGKILL with {len(acknowledged)} objects acknowledged, {down:.1f} s down, restart"
    scenario.objects = len(resources)
    scenario.duplicates = sum(f.problem == "duplicate" for f in final.findings)
    scenario.orphans = sum(f.problem == "orphan" for f in final.findings)
    scenario.held = (f"{len(lost)} acknowledged objects lost, {len(missing)} state objects missing; first up "
                     f"{'rode out the restart' if first_code == 0 else 'failed cleanly'}, the next one converged; "
                     f"final audit {len(final.findings)} findings")
    assert lost == set(), f"acknowledged writes lost in the crash: {sorted(lost)}"
    assert missing == [], after_first.to_text()
    assert second.returncode == 0, diagnostics_text(second)[-4000:]
    assert final.ok, final.to_text()
    assert len(resources) == OBJECTS
