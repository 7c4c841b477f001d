"""Helpers of the reliability layer: a killable emulator subprocess, the fleet program, audits, process cleanup."""

from __future__ import annotations

import os
import resource
import signal
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import requests

from cortex_pulumi.audit import Report, audit
from cortex_pulumi.client import CortexClient
from cortex_pulumi.emulator.process import EmulatorProcess
from tests.engine.harness import CliResult, PulumiWorkspace, Stack

HERE = Path(__file__).resolve().parent
FLEET = HERE / "programs" / "fleet"
TOKEN = "reliability-token-2b7f9c41d0"
VIEWER = "reliability-viewer-6e1a0c"
SECRET_SEED = "s3cr3t-seed-4f1d8a2c"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class EmulatorServer:
    """`EmulatorProcess` on a database file; `kill()` (SIGKILL) and `start()` again on the same port and
    database simulate a crash and restart."""

    def __init__(self, directory: Path, *, token: str = TOKEN, extra_args: tuple[str, ...] = (),
                 memory_limit: int | None = None) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.memory_limit = memory_limit
        self.directory = directory
        self.db = directory / "cortex.db"
        self.token = token
        self.extra_args = extra_args
        self.port = 0
        self.base_url = ""
        self.process: EmulatorProcess | None = None
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.starts = 0

    def start(self, timeout: float = 30) -> EmulatorServer:
        self.starts += 1
        self.process = EmulatorProcess(
            "--port", str(self.port), "--db", str(self.db),
            "--api-key", f"{self.token}=ADMIN", "--api-key", f"{VIEWER}=VIEWER", *self.extra_args,
            timeout=timeout, stderr_path=self.directory / f"stderr-{self.starts}.txt", cwd=self.directory,
            preexec_fn=self._limit,
        ).start()
        self.base_url, self.port = self.process.url, self.process.port
        return self

    def _limit(self) -> None:
        if self.memory_limit:  # a runaway emulator fails alone instead of exhausting a shared machine
            resource.setrlimit(resource.RLIMIT_AS, (self.memory_limit, self.memory_limit))

    def stderr(self) -> str:
        return "".join(p.read_text(errors="replace") for p in sorted(self.directory.glob("stderr-*.txt")))

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs (what a crash or an OOM kill does)."""
        if self.process is not None:
            self.process.kill()

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()

    # -- raw HTTP ---------------------------------------------------------------------------------------
    def api(self, method: str, path: str, *, token: str | None = None, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if token is not None:  # "" sends no key at all
            headers["Authorization"] = f"Bearer {token}" if token else None
        return self.session.request(method, self.base_url + path, headers=headers, timeout=30, **kwargs)

    def set_faults(self, **faults: Any) -> None:
        self.api("PUT", "/_emulator/faults", json=faults).raise_for_status()

    def clear_faults(self) -> None:
        self.set_faults()

    def requests_log(self, after_seq: int = 0) -> list[dict[str, Any]]:
        response = self.api("GET", "/_emulator/requests", params={"afterSeq": after_seq})
        response.raise_for_status()
        entries: list[dict[str, Any]] = response.json()["requests"]
        return entries

    def last_seq(self) -> int:
        return max((e["seq"] for e in self.requests_log()), default=0)

    def writes_since(self, seq: int = 0, *, accepted_only: bool = False) -> list[dict[str, Any]]:
        """Write requests after `seq`; with `accepted_only`, only those Cortex answered with a 2xx."""
        return [e for e in self.requests_log(seq) if e["method"] in WRITE_METHODS
                and (not accepted_only or 200 <= e["status"] < 300)]

    def client(self) -> CortexClient:
        """A client for checks and audits (no client-side rate limit; the emulator's faults must be off)."""
        return CortexClient(base_url=self.base_url, api_token=self.token, rate_limit_per_minute=None, max_retries=2)

    def configure(self, stack: Stack, *, token_in_config: bool = True) -> None:
        stack.set_config("cortex:baseUrl", self.base_url)
        if token_in_config:
            stack.set_config("cortex:apiToken", self.token, secret=True)


def fleet(workspace: PulumiWorkspace, emu: EmulatorServer, name: str, *, prefix: str,
          config: Mapping[str, Any] | None = None, token_in_config: bool = True) -> Stack:
    """A stack of the fleet program (programs/fleet) pointed at `emu`; `config` sets fleet:* keys."""
    stack = Stack(workspace, workspace.project(FLEET, name), name).init()
    emu.configure(stack, token_in_config=token_in_config)
    stack.set_config("fleet:prefix", prefix)
    stack.set_config("fleet:secretSeed", SECRET_SEED, secret=True)
    for key, value in (config or {}).items():
        stack.set_config(f"fleet:{key}", str(value).lower() if isinstance(value, bool) else str(value))
    return stack


def up(stack: Stack, *extra: str, timeout: float = 600) -> CliResult:
    """`pulumi up --yes --skip-preview --json`, success or not (the result says which)."""
    return stack.run("up", "--yes", "--skip-preview", "--json", *extra, check=None, timeout=timeout)


def audit_stack(stack: Stack, emu: EmulatorServer, *prefixes: str) -> Report:
    """`cortex_pulumi.audit` of the stack's current state against the emulator."""
    with emu.client() as client:
        return audit(stack.export(), client, prefixes)


def session_pids(sid: int) -> list[int]:
    """Processes of session `sid` (a `pulumi` started with start_new_session=True and its plugins)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getsid(int(entry.name)) == sid:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def reap_session(sid: int, grace: float = 10.0) -> list[int]:
    """Wait up to `grace` s for the plugins of a killed `pulumi` (session `sid`) to finish, then kill them by
    pid. Returns the pids that had to be killed. (Plugins outlive a SIGKILLed engine: they are orphaned.)"""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and session_pids(sid):
        time.sleep(0.2)
    left = session_pids(sid)
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            continue
    return left
