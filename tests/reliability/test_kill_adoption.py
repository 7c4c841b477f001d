"""The first adopting `up` after `cortex-pulumi import`, SIGKILLed at any point, with Pulumi's checkpoints skipped
(`PULUMI_SKIP_CHECKPOINTS=true`, the fast path the generated README offers) and with them on: after unlocking the
stack, running `pulumi up` again converges. Cortex holds exactly the objects it held before (no duplicate, none
lost), the only writes of both runs are the secret values, every secret holds the configured value, the state
records each object once, the next preview is empty and `cortex-pulumi audit` agrees.

Why it holds: every resource of the generated program has `adopt=True`, so a create finds its object (by tag, or
a deploy by its fields) and takes it over; an adoption writes nothing but a secret's value, which Cortex never
returns and the rerun writes again. A killed run without checkpoints records nothing, so the rerun adopts
everything again; with checkpoints, the rerun adopts what the state does not hold yet."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cortex_pulumi.audit import audit
from cortex_pulumi.checkpoint import restore_checkpoint
from cortex_pulumi.client import CortexClient
from tests.engine.harness import Emulator, PulumiWorkspace, Stack, counts_of, is_dry_run
from tests.reliability.report import Scenario
from tests.reliability.support import reap_session
from tests.support.tenant import seeded_emulator, tenant_seed

SEED = tenant_seed(teams=16, scorecards=3, workflows=5, secrets=3)
SECRET_LINE = re.compile(r"pulumi config set --secret (\S+)\s+# value of Cortex secret '([^']+)'")
WRITES = ("POST", "PUT", "PATCH", "DELETE")
SKIP = {"PULUMI_SKIP_CHECKPOINTS": "true"}


@pytest.fixture(scope="module")
def tenant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    with seeded_emulator(tmp_path_factory.mktemp("tenant"), SEED, exemptions=2) as server:
        yield server


@pytest.fixture(scope="module")
def imported(tenant: Emulator, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("import") / "tenant"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CORTEX_", "PULUMI_"))}
    done = subprocess.run([str(Path(sys.executable).parent / "cortex-pulumi"), "import", "--out", str(out),
                           "--base-url", tenant.base_url, "--project-name", "tenant"], capture_output=True, text=True,
                          env={**env, "CORTEX_API_TOKEN": tenant.token}, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    (out / "venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return {"dir": out, "secrets": dict(SECRET_LINE.findall(done.stdout))}


def _held(server: Emulator) -> set[tuple[str, str]]:
    """Every object the emulator holds, by kind and key (read from its database)."""
    with sqlite3.connect(f"file:{server.db}?mode=ro", uri=True) as db:
        return {(kind, key) for kind, key in db.execute("SELECT kind, key FROM docs")}


def _secret_values(server: Emulator) -> dict[str, str]:
    with sqlite3.connect(f"file:{server.db}?mode=ro", uri=True) as db:
        return {key: json.loads(doc)["secret"] for key, doc in db.execute("SELECT key, doc FROM docs WHERE kind = 'secret'")}


def _first_secret_write(server: Emulator, seq: int) -> bool:
    return any(e["method"] == "PUT" and "/secrets/" in e["path"] and e["status"] < 300
               for e in server.requests_log(after_seq=seq))


def _every_secret_write(server: Emulator, seq: int) -> bool:
    """Every secret value written: the run is past its last write, about to record the state."""
    return sum(1 for e in server.requests_log(after_seq=seq)
               if e["method"] == "PUT" and "/secrets/" in e["path"] and e["status"] < 300) >= len(SEED["secrets"])


def _some_reads(server: Emulator, seq: int) -> bool:
    return len(server.requests_log(after_seq=seq)) >= 3


def _kill_when(workspace: PulumiWorkspace, stack: Stack, env: dict[str, str], ready: Callable[[], bool]) -> None:
    """`pulumi up` in its own session, SIGKILLed (with its plugins) as soon as `ready()`."""
    process = subprocess.Popen(
        [str(workspace.cli_dir / "pulumi"), "up", "--yes", "--skip-preview", "--stack", stack.name, "--non-interactive"],
        cwd=stack.project_dir, env=workspace.env(env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while not ready():
            assert process.poll() is None, "the adopting up finished before it could be killed"
            assert time.monotonic() < deadline, "the kill point never came"
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    finally:
        reap_session(process.pid, grace=5)


@pytest.mark.parametrize(("checkpoints", "point"), [("skipped", "reads"), ("skipped", "secret-write"),
                                                     ("skipped", "last-write"), ("on", "secret-write")])
def test_adopting_up_killed_converges_on_rerun(tenant: Emulator, imported: dict[str, Any], workspace: PulumiWorkspace,
                                              checkpoints: str, point: str, scenario: Scenario) -> None:
    env = SKIP if checkpoints == "skipped" else {}
    stack = Stack(workspace, imported["dir"], f"kill-{checkpoints}-{point}").init()
    tenant.configure_stack(stack)
    values = {tag: f"value-of-{tag}-{checkpoints}-{point}" for tag in imported["secrets"].values()}
    for key, tag in imported["secrets"].items():
        stack.set_config(key, values[tag], secret=True)
    before, seq = _held(tenant), tenant.last_seq()

    tenant.api("PUT", "/_emulator/faults", json={"latencyMs": 250}, expect=(200, 204))  # slow enough to be killed half-way
    try:
        ready = {"reads": _some_reads, "secret-write": _first_secret_write, "last-write": _every_secret_write}[point]
        _kill_when(workspace, stack, env, lambda: ready(tenant, seq))
    finally:
        tenant.api("PUT", "/_emulator/faults", json={}, expect=(200, 204))
    # A kill while the state was being written tears it: the file backend's recovery puts the newest readable copy back.
    restored = restore_checkpoint(workspace.backend_url, "tenant", stack.name)
    recorded = [r for r in stack.resources() if r["type"].startswith("pulumi-python:dynamic/cortex:")]
    if checkpoints == "skipped" and restored is None:
        assert recorded == [], "a run without checkpoints records nothing until it ends"

    stack.run("cancel", "--yes")  # the killed run left the stack locked
    rerun = stack.run("up", "--yes", "--skip-preview", "--json", env=env, timeout=600)
    assert counts_of(rerun).get("delete", 0) == 0
    # With checkpoints on, the creates the kill interrupted (if any were in flight) stay recorded as pending even
    # though the rerun adopted their objects (Pulumi keeps them; the audit reports them) until a refresh clears
    # them: one more command than the fast path needs.
    pending = stack.export()["deployment"].get("pending_operations") or []
    if pending:
        assert checkpoints == "on", pending
        stack.run("refresh", "--yes", "--skip-preview", "--clear-pending-creates")
    assert _held(tenant) == before, "an object was duplicated or lost"
    writes = [(e["method"], e["path"]) for e in tenant.requests_log(after_seq=seq)
              if e["method"] in WRITES and not is_dry_run(e) and e["status"] < 300]
    assert {w for w in writes if w[0] != "PUT" or "/api/v1/secrets/" not in w[1]} == set(), writes
    assert {k: v for k, v in _secret_values(tenant).items() if k in values} == values, "a secret value was lost"
    resources = [r for r in stack.resources() if r["type"].startswith("pulumi-python:dynamic/cortex:")]
    assert len({(r["type"], r["id"]) for r in resources}) == len(resources) >= len(SEED["teams"]) + 3 + 5 + 3 + 2
    stack.preview("--expect-no-changes")
    with CortexClient(base_url=tenant.base_url, api_token=tenant.token, rate_limit_per_minute=None) as client:
        report = audit(stack.export(), client)
    scenario.area = "Crashes"
    scenario.title = f"First adopting `up` after an import SIGKILLed, checkpoints {checkpoints}, then rerun"
    scenario.injected = "SIGKILL after the " + {"reads": "first reads", "secret-write": "first secret write",
                                                "last-write": "last secret write"}[point]
    scenario.record_audit(len(resources), report)
    scenario.held = (("torn state restored from a backup, then " if restored else "") + "`pulumi cancel` + the same `up`" + (f" + `refresh --clear-pending-creates` ({len(pending)} pending)"
                                                           if pending else "")
                     + ": the same objects in Cortex, only secret values written, each value as configured")
    assert report.ok, report.to_text()
