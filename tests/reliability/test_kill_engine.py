"""Crashes in the middle of an apply, with the real Pulumi CLI: the `pulumi` process SIGKILLed (its interrupted
creates are found in Cortex and adopted; a checkpoint torn by the kill is restored from the backend's backup and the
orphans it leaves adopted), and the emulator SIGKILLed and restarted on the same database (no
acknowledged write is lost). Both end with the state and Cortex agreeing: no orphans, no duplicates."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import attrs
import yaml

from cortex_pulumi.audit import Report
from cortex_pulumi.checkpoint import restore_checkpoint
from cortex_pulumi.cli import audit as audit_cli
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


def kill_mid_apply(workspace: PulumiWorkspace, stack: Stack, server: EmulatorServer, writes: int) -> tuple[int, int, int]:
    """`pulumi up` SIGKILLed once Cortex acknowledged `writes` writes; (writes at the kill, once its orphaned plugins
    finished, plugin processes that outlived pulumi)."""
    server.set_faults(latencyMs=120)  # slow enough to be killed half-way
    process = start_up(workspace, stack)
    try:
        at_kill = wait_for_writes(server, writes, process)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        settle(server)
    finally:
        leftovers = reap_session(process.pid, grace=0)
    server.clear_faults()
    return at_kill, len(server.writes_since(0, accepted_only=True)), len(leftovers)


def restore(workspace: PulumiWorkspace, stack: Stack) -> Path | None:
    """The DIY backend's recovery when the kill tore the checkpoint: the newest readable backup put back."""
    project = yaml.safe_load((stack.project_dir / "Pulumi.yaml").read_text())["name"]
    return restore_checkpoint(workspace.backend_url, project, stack.name)


@attrs.define
class Recovery:
    """What the recovery after a kill found and did."""

    pending: list[dict[str, Any]]
    before: Report
    after: Report
    resources: list[dict[str, Any]]
    adopted_orphans: bool


def recover(stack: Stack, server: EmulatorServer, tmp_path: Path, restored: Path | None) -> Recovery:
    """What a user does after the kill: unlock, refresh, audit, `audit --repair` the interrupted creates, import,
    refresh; when a restored (older) checkpoint left orphans, adopt them as their finding says; then `pulumi up`."""
    stack.run("cancel", "--yes")  # the killed run left the stack locked
    stack.refresh()
    exported = stack.export()
    pending = [op for op in exported["deployment"].get("pending_operations") or [] if op["type"] == "creating"]
    before = audit_stack(stack, server, "kl-", "kl_")
    found = [f for f in before.findings if f.problem == "pending"]
    landed = [f for f in found if "landed in Cortex" in f.detail]
    assert len(found) == len(pending), before.to_text()
    assert all("--repair" in (f.command or "") for f in landed)
    assert {f.problem for f in before.findings} <= {"pending", "orphan"}, before.to_text()
    orphans = [f for f in before.findings if f.problem == "orphan"]
    assert all("adopt=True" in (f.command or "") for f in orphans if f.kind != "TeamHierarchy"), before.to_text()

    state_file, repaired_file = tmp_path / "state.json", tmp_path / "repaired.json"
    state_file.write_text(json.dumps(exported))
    os.environ["CORTEX_API_TOKEN"] = server.token
    try:
        plain = audit_cli.standalone([str(state_file), "--base-url", server.base_url])
        code = audit_cli.standalone([str(state_file), "--base-url", server.base_url, "--repair", str(repaired_file)])
    finally:
        del os.environ["CORTEX_API_TOKEN"]
    # A repair writes the file and exits 0; with nothing to repair no file is written and the status is the
    # plain audit's of the same state (which, unlike `before`, has no prefix to look for orphans with).
    assert code == (0 if pending else plain)
    assert repaired_file.exists() == bool(pending)
    if pending:
        stack.run("stack", "import", "--file", str(repaired_file))
    stack.refresh()
    # Orphans are only explained by a checkpoint rolled back to a backup: without one they stay a failure.
    adopt = bool(orphans) and restored is not None
    if adopt:
        stack.set_config("fleet:adopt", "true")
    final_up = up(stack)
    assert final_up.returncode == 0, diagnostics_text(final_up)[-4000:]
    after = audit_stack(stack, server, "kl-", "kl_")
    resources = [r for r in stack.resources() if r["type"].startswith("pulumi-python:dynamic/cortex:")]
    return Recovery(pending, before, after, resources, adopt)


def test_pulumi_killed_mid_apply_converges_without_orphans(workspace: PulumiWorkspace, server: EmulatorServer,
                                                           tmp_path: Path, scenario: Scenario) -> None:
    stack = fleet(workspace, server, "killed", prefix="kl", config=SIZE)
    at_kill, acknowledged, leftovers = kill_mid_apply(workspace, stack, server, 45)
    restored = restore(workspace, stack)  # None unless the kill landed while the checkpoint was being saved
    result = recover(stack, server, tmp_path, restored)
    landed = [f for f in result.before.findings if f.problem == "pending" and "landed in Cortex" in f.detail]
    scenario.area, scenario.title = "Crashes", "`pulumi` SIGKILLed mid-apply, then refresh + audit --repair + up"
    scenario.injected = (f"SIGKILL after {at_kill} acknowledged writes ({acknowledged} once orphaned plugins "
                         f"finished; {leftovers} plugin processes outlived pulumi)")
    scenario.record_audit(len(result.resources), result.after)
    scenario.held = (f"{len(result.pending)} interrupted creates found ({len(landed)} had landed: adopted, not "
                     f"recreated){'; torn checkpoint restored from ' + restored.name if restored else ''}; "
                     f"final audit {len(result.after.findings)} findings")
    assert result.pending, result.before.to_text()  # the kill interrupted creates (a .bak keeps them too)
    assert result.after.ok, result.after.to_text()
    assert scenario.duplicates == 0 and scenario.orphans == 0
    assert len(result.resources) == OBJECTS


def tear(path: Path, keep: float) -> None:
    """Cut a file to `keep` of its size (0: empty), as a write interrupted by SIGKILL leaves it."""
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def test_torn_checkpoint_after_kill_is_restored_from_history_and_orphans_adopted(
        workspace: PulumiWorkspace, server: EmulatorServer, tmp_path: Path, scenario: Scenario) -> None:
    """The kill-during-save case forced every run: the checkpoint's metadata sidecar empty (what a real kill left:
    `failed to load checkpoint: EOF`) and the .bak cut short, so the newest readable backup is the history copy
    of the previous, finished update; everything the killed run created is then an orphan to adopt."""
    stack = fleet(workspace, server, "killed", prefix="kl", config={**SIZE, "teams": 3, "secrets": 2, "deploys": 0,
                                                                     "workflows": 0, "hierarchy": False})
    first = up(stack)
    assert first.returncode == 0, diagnostics_text(first)[-4000:]
    for key, value in SIZE.items():
        stack.set_config(f"fleet:{key}", str(value).lower())
    at_kill, acknowledged, _ = kill_mid_apply(workspace, stack, server, 30)
    folder = workspace.root / "state" / ".pulumi" / "stacks" / "reliability-fleet"
    checkpoint = folder / "killed.json"
    tear(checkpoint.with_name("killed.json.attrs"), 0)
    tear(checkpoint.with_name("killed.json.bak"), 0.5)
    locked = stack.run("cancel", "--yes", check=False)
    assert "failed to load checkpoint" in locked.output, locked.output
    restored = restore(workspace, stack)
    assert restored is not None and "history" in restored.parts, restored
    assert restore(workspace, stack) is None  # readable now: a second run changes nothing
    result = recover(stack, server, tmp_path, restored)
    orphans = [f for f in result.before.findings if f.problem == "orphan"]
    scenario.area, scenario.title = "Crashes", "Checkpoint torn by the kill: restored from a backup, orphans adopted"
    scenario.injected = (f"SIGKILL after {at_kill} acknowledged writes ({acknowledged} in all), then the checkpoint's "
                         f"sidecar emptied and its .bak cut in half")
    scenario.record_audit(len(result.resources), result.after)
    scenario.held = (f"restored from {restored.name}; {len(orphans)} orphans adopted by adopt=True, not recreated; "
                     f"final audit {len(result.after.findings)} findings")
    assert result.pending == [] and len(orphans) >= 20, result.before.to_text()
    assert result.adopted_orphans
    assert result.after.ok, result.after.to_text()
    assert scenario.duplicates == 0 and scenario.orphans == 0
    assert len(result.resources) == OBJECTS


def committed(emu: EmulatorServer, prefix: str) -> set[tuple[str, str]]:
    """Every object of the stack Cortex reports right now (what it acknowledged so far)."""
    with emu.client() as client:
        teams = [t.team_tag for t in client.list_teams(include_teams_without_members=True) if t.team_tag.startswith(prefix)]
        out = {("team", t) for t in teams}
        out |= {("secret", s.tag) for s in client.iter_secrets(page_size=1000) if s.tag.startswith(prefix)}
        out |= {("workflow", w.tag) for w in client.iter_workflows(page_size=1000) if w.tag.startswith(prefix)}
        out |= {("deploy", d.uuid) for t in teams for d in client.iter_deploys(tag_or_id=t, page_size=1000)}
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
