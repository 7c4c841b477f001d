"""Run the benchmark stack through the real Pulumi CLI: each operation timed, its API calls counted from the
emulator's request log, and the peak memory of the engine, program and provider processes sampled."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from benchmarks.emulator_proc import TOKEN, BenchEmulator, summarize
from benchmarks.procmem import TreeSampler
from tests.engine.harness import PulumiWorkspace, counts_of, find_cli_dir

PROGRAM = Path(__file__).resolve().parent / "program"
PROJECT = "cortex-bench"
#: The operations, in the order a stack goes through them.
OPERATIONS = ("create", "preview", "preview-refresh", "update", "refresh", "destroy")
_ARGS = {
    "create": ("up", "--yes", "--skip-preview", "--json"),
    "preview": ("preview", "--json"),
    "preview-refresh": ("preview", "--refresh", "--json"),
    "update": ("up", "--yes", "--skip-preview", "--json"),
    "refresh": ("refresh", "--yes", "--skip-preview", "--json"),
    "destroy": ("destroy", "--yes", "--skip-preview", "--json"),
}


class StepFailed(RuntimeError):
    """A Pulumi command failed or did not do what the step expects."""


@attrs.frozen
class Step:
    """One measured operation."""

    op: str
    seconds: float
    api: dict[str, Any]
    peaks_mib: dict[str, float]
    cpu_seconds: dict[str, float]
    changes: dict[str, int]
    state_bytes: int


@attrs.define
class BenchStack:
    """One stack of the benchmark program in a private Pulumi workspace, pointed at one emulator."""

    root: Path
    emulator: BenchEmulator
    spec: Path
    name: str = "bench"
    extra_env: dict[str, str] = attrs.Factory(dict)
    workspace: PulumiWorkspace = attrs.field(init=False)
    project_dir: Path = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.workspace = PulumiWorkspace(find_cli_dir(), self.root / "pulumi", extra_env=dict(self.extra_env))
        self.project_dir = self.root / "project"
        if self.project_dir.exists():
            shutil.rmtree(self.project_dir)
        shutil.copytree(PROGRAM, self.project_dir, ignore=shutil.ignore_patterns("__pycache__", "Pulumi.*.yaml"))

    def _cli(self, *args: str, stdin: str | None = None) -> None:
        done = subprocess.run([str(self.workspace.cli_dir / "pulumi"), *args, "--non-interactive"],
                              cwd=self.project_dir, env=self.workspace.env(), input=stdin, capture_output=True,
                              text=True, timeout=600, check=False)
        if done.returncode != 0:
            raise StepFailed(f"pulumi {' '.join(args)} failed:\n{done.stdout}{done.stderr}")

    def init(self) -> None:
        self._cli("stack", "init", self.name, "--secrets-provider", "passphrase")
        for key, value, secret in (("bench:spec", str(self.spec), False),
                                   ("cortex:baseUrl", self.emulator.base_url, False),
                                   ("cortex:rateLimit", str(self.emulator.rate_limit), False),
                                   ("cortex:apiToken", TOKEN, True)):
            self._cli("config", "set", "--stack", self.name, key, "--secret" if secret else "--plaintext",
                      stdin=value)

    @property
    def state_file(self) -> Path:
        return self.root / "pulumi" / "state" / ".pulumi" / "stacks" / PROJECT / f"{self.name}.json"

    def run(self, op: str, *, timeout: float = 3600, extra: tuple[str, ...] = ()) -> Step:
        """Run one operation (`extra`: more CLI flags, e.g. --profiling); raise StepFailed when it fails."""
        out_path = self.root / f"{op}.out"
        seq = self.emulator.last_seq()
        argv = [str(self.workspace.cli_dir / "pulumi"), *_ARGS[op], "--stack", self.name, "--non-interactive",
                *extra]
        with out_path.open("w") as out, (self.root / f"{op}.err").open("w") as err:
            started = time.perf_counter()
            process = subprocess.Popen(argv, cwd=self.project_dir, env=self.workspace.env(), stdout=out, stderr=err)
            with TreeSampler(process.pid) as sampler:
                try:
                    process.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            seconds = time.perf_counter() - started
        text = out_path.read_text()
        if process.returncode != 0:
            raise StepFailed(f"pulumi {op} failed ({process.returncode}); output in {out_path}:\n{text[-4000:]}"
                             + (self.root / f"{op}.err").read_text()[-2000:])
        api = summarize(self.emulator.requests_since(seq))
        changes = counts_of(_Result(text))
        state = self.state_file.stat().st_size if self.state_file.exists() else 0
        return Step(op, seconds, api, sampler.peaks, sampler.cpu_seconds, changes, state)


@attrs.frozen
class _Result:
    """The slice of the harness's CliResult that `counts_of` reads."""

    stdout: str
    stderr: str = ""
    args: tuple[str, ...] = ()

    @property
    def output(self) -> str:
        return self.stdout


def expect(step: Step, wanted: Mapping[str, int]) -> None:
    """Fail loudly when an operation did not do what the benchmark measures (a fast wrong run is no result)."""
    got = {k: step.changes.get(k, 0) for k in wanted}
    if got != dict(wanted):
        raise StepFailed(f"{step.op}: expected changes {dict(wanted)}, the engine reported {step.changes}")
    if step.api["throttled"]:
        # Retried 429s are fine for the user but show the client's bucket did not keep under the limit.
        pass


def _size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":")))


def state_summary(path: Path) -> dict[str, Any]:
    """Bytes of the state file, split into the providers' payload (inputs and outputs, of which the pickled
    `__provider` blobs) and what Pulumi records per resource besides (URNs, timestamps, stack traces...)."""
    data = json.loads(path.read_text())
    resources = data.get("checkpoint", {}).get("latest", {}).get("resources") or []
    ours = [r for r in resources if str(r.get("type", "")).startswith("pulumi-python:dynamic")]
    blob = sum(_size(r[s]["__provider"]) for r in ours for s in ("inputs", "outputs") if "__provider" in (r.get(s) or {}))
    payload = sum(_size(r.get("inputs") or {}) + _size(r.get("outputs") or {}) for r in ours)
    traces = sum(_size(r.get("stackTrace") or []) for r in ours)
    return {"bytes": path.stat().st_size, "resources": len(resources), "objects": len(ours),
            "provider_blob_bytes": blob, "payload_bytes": payload, "stack_trace_bytes": traces}
