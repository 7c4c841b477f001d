"""One benchmark point: a stack of N objects at one latency, through Pulumi and the two baselines."""

from __future__ import annotations

import logging
import math
import shutil
import time
from pathlib import Path
from typing import Any

from benchmarks import mix
from benchmarks.baselines import run_bare_client, run_cli_script
from benchmarks.bound import PROVIDER_THREADS, WINDOW, api_bound
from benchmarks.emulator_proc import BenchEmulator, summarize
from benchmarks.engine import OPERATIONS, BenchStack, StepFailed, state_summary

log = logging.getLogger("benchmarks")

#: Engine settings compared: Pulumi as installed, and with its per-step state checkpoints turned off.
MODES: dict[str, dict[str, str]] = {
    "default": {},
    "skip-checkpoints": {"PULUMI_SKIP_CHECKPOINTS": "true"},
}


def effective_rate(rate_limit: int, latency_ms: float) -> float:
    """Calls per second the API allows us in the long run: min(rate limit, 4 in flight / latency)."""
    per_second = rate_limit / 60.0
    if latency_ms > 0:
        per_second = min(per_second, PROVIDER_THREADS / (latency_ms / 1000.0))
    return per_second


def arrivals_before(entries: list[dict[str, Any]], started: float) -> list[float]:
    """Arrival times (relative to `started`) of the admitted calls of the window before an operation."""
    out = []
    for e in entries:
        at = e["time"] - e["durationMs"] / 1000.0 - started
        if -WINDOW < at < 0 and e["status"] != 429:
            out.append(at)
    return out


def expected_changes(op: str, n: int, changed: int) -> dict[str, int]:
    """What the engine must report for each step (the stack's resources plus the Stack itself)."""
    none = {"create": 0, "update": 0, "replace": 0, "delete": 0}
    return {
        "create": {**none, "create": n + 1},
        "preview": none,
        "preview-refresh": none,
        "update": {**none, "update": changed},
        "refresh": none,
        "destroy": {**none, "delete": n + 1},
    }[op]


def run_lifecycle(root: Path, emulator: BenchEmulator, n: int, mode: str,
                  fresh_destroy: bool = False) -> dict[str, Any]:
    """create, no-change preview, 10% update, refresh, destroy of a fresh stack; each step checked.

    `fresh_destroy`: wait a whole rate-limit window before the destroy, so that it is measured on its own
    rather than behind the earlier steps' calls (which otherwise make it wait for the window)."""
    changed = sum(1 for o in mix.kinds(n) if mix.changed(o.index))
    spec_dir = root / "spec"
    spec = mix.write_stack(n, spec_dir)
    emulator.prepare(mix.service_tags(n))
    stack = BenchStack(root / "stack", emulator, spec, extra_env=dict(MODES[mode]))
    stack.init()
    out: dict[str, Any] = {"ops": {}}
    first = emulator.last_seq()
    for op in OPERATIONS:
        if op == "update":
            mix.write_stack(n, spec_dir, revision_changed=1)
        if op == "destroy" and fresh_destroy:
            log.info("N=%d: waiting %d s for the rate-limit window to empty before destroy", n, WINDOW)
            time.sleep(WINDOW + 1)
        log.info("N=%d latency=%gms %s: pulumi %s", n, emulator.latency_ms, mode, op)
        started = time.time()
        step = stack.run(op)
        prior = arrivals_before(emulator.requests_since(first), started)
        wanted = expected_changes(op, n, changed)
        got = {k: step.changes.get(k, 0) for k in wanted}
        if got != wanted:
            raise StepFailed(f"N={n} {op}: expected {wanted}, the engine reported {step.changes}")
        objects = changed if op == "update" else n
        calls = step.api["calls"]
        bound = api_bound(calls, emulator.rate_limit, emulator.latency_ms, prior)
        out["ops"][op] = {
            "seconds": step.seconds, "api": step.api, "objects": objects,
            "calls_per_object": calls / objects if objects else 0.0,
            "bound_seconds": bound, "ratio_to_bound": step.seconds / bound if bound else math.nan,
            "peaks_mib": step.peaks_mib, "cpu_seconds": step.cpu_seconds, "changes": step.changes,
            "state_bytes": step.state_bytes, "calls_in_window_at_start": len(prior),
        }
        if op == "create":
            state = state_summary(stack.state_file)
            out["state"] = {**state, "bytes_per_object": state["bytes"] / n,
                            "payload_per_object": state["payload_bytes"] / n,
                            "provider_blob_per_object": state["provider_blob_bytes"] / n}
    return out


def run_point(root: Path, n: int, latency_ms: float, *, rate_limit: int, cli_max: int,
              rate_limit_mode: str = "token-bucket", modes: tuple[str, ...] = ("default",), baselines: bool = True,
              fresh_destroy: bool = False) -> dict[str, Any]:
    """Measure one (N, latency) point; every directory it uses lives under `root` (removed on success)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    emulator = BenchEmulator(root / "emulator", rate_limit=rate_limit, latency_ms=latency_ms,
                             rate_limit_mode=rate_limit_mode)
    rate = effective_rate(rate_limit, latency_ms)
    point: dict[str, Any] = {"n": n, "latency_ms": latency_ms, "rate_limit": rate_limit,
                             "rate_limit_mode": rate_limit_mode, "effective_rate": rate,
                             "changed": sum(1 for o in mix.kinds(n) if mix.changed(o.index)), "modes": {}}
    try:
        for mode in modes:
            point["modes"][mode] = run_lifecycle(root / mode, emulator, n, mode, fresh_destroy)
        if baselines:
            spec = mix.write_stack(n, root / "baseline-spec")
            objects = mix.load_stack(spec)["objects"]
            sample = objects[: min(n, cli_max)]
            emulator.prepare(mix.service_tags(n))
            seq = emulator.last_seq()
            log.info("N=%d latency=%gms: official CLI, %d commands", n, latency_ms, len(sample))
            cli_seconds = run_cli_script(emulator, sample)
            point["cli"] = {"seconds_measured": cli_seconds, "commands": len(sample),
                            "seconds": cli_seconds * n / len(sample), "extrapolated": len(sample) < n,
                            "api": summarize(emulator.requests_since(seq))}
            emulator.prepare(mix.service_tags(n))
            seq = emulator.last_seq()
            log.info("N=%d latency=%gms: bare client, 4 threads", n, latency_ms)
            client_seconds = run_bare_client(emulator, objects)
            calls = summarize(emulator.requests_since(seq))
            point["client"] = {"seconds": client_seconds, "api": calls,
                               "bound_seconds": api_bound(calls["calls"], rate_limit, latency_ms)}
    finally:
        emulator.stop()
    shutil.rmtree(root, ignore_errors=True)
    return point
