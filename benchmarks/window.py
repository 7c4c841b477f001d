"""The rate-window scenario: `python -m benchmarks.window --n 3000 --modes token-bucket,sliding-window`.

N secrets against an emulator that enforces the client's own limit R (a token bucket, or a strict sliding
window), through the real engine and back to back, as a user would: `pulumi up` (N creates), a second
`pulumi up` right after it that changes every tenth secret, then `pulumi destroy`. Every step must draw no
429 at all; the table shows its time, its calls, the most requests the emulator admitted in any 60 s, and
the time the window alone imposes. Checkpoints are skipped (PULUMI_SKIP_CHECKPOINTS) so that the window,
not Pulumi's state writes, is what is measured.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.emulator_proc import BenchEmulator, summarize
from benchmarks.engine import BenchStack, StepFailed

log = logging.getLogger("benchmarks")

#: The steps, back to back: what each runs and the changes the engine must report.
STEPS = ("create", "update", "destroy")


def write_secrets(path: Path, n: int, revision: int = 0) -> Path:
    """A stack file of `n` secrets; `revision` changes the value of every tenth one."""
    objects = [{"kind": "secret", "name": f"secret-{i:05d}",
                "args": {"tag": f"window_{i:05d}", "name": f"Secret {i}",
                         "value": f"value-{i}-r{revision if i % 10 == 0 else 0}"}} for i in range(n)]
    path.write_text(json.dumps({"objects": objects, "services": []}))
    return path


def peak_per_window(entries: list[dict[str, Any]], window: float = 60.0) -> int:
    """The most admitted (non-429) requests the emulator logged within any `window` seconds."""
    # Logged when answered: the arrival is the duration earlier.
    times = sorted(e["time"] - e["durationMs"] / 1000 for e in entries if e["status"] != 429)
    best, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def expected(step: str, n: int) -> dict[str, int]:
    none = {"create": 0, "update": 0, "delete": 0}
    changed = len(range(0, n, 10))
    return {"create": {**none, "create": n + 1}, "update": {**none, "update": changed},
            "destroy": {**none, "delete": n + 1}}[step]


def run_scenario(root: Path, n: int, limit: int, mode: str) -> dict[str, Any]:
    """create, a second up right after, destroy; raises StepFailed on any 429 or unexpected change."""
    emulator = BenchEmulator(root / "emulator", rate_limit=limit, rate_limit_mode=mode)
    spec = root / "stack.json"
    out: dict[str, Any] = {"n": n, "rate_limit": limit, "mode": mode, "steps": {}}
    try:
        emulator.prepare([])
        write_secrets(spec, n)
        stack = BenchStack(root / "stack", emulator, spec, extra_env={"PULUMI_SKIP_CHECKPOINTS": "true"})
        stack.init()
        since = emulator.last_seq()
        for step in STEPS:
            if step == "update":
                write_secrets(spec, n, revision=1)
            log.info("window N=%d R=%d %s: %s", n, limit, mode, step)
            seq = emulator.last_seq()
            result = stack.run("create" if step == "update" else step)
            entries = emulator.requests_since(seq)
            got = {k: result.changes.get(k, 0) for k in expected(step, n)}
            if got != expected(step, n):
                raise StepFailed(f"{step}: expected {expected(step, n)}, the engine reported {result.changes}")
            api = summarize(entries)
            out["steps"][step] = {"seconds": result.seconds, "api": api, "peak_per_60s": peak_per_window(entries),
                                  "cpu_seconds": result.cpu_seconds}
        out["peak_per_60s"] = peak_per_window(emulator.requests_since(since))
        out["throttled"] = sum(s["api"]["throttled"] for s in out["steps"].values())
    finally:
        emulator.stop()
    return out


def markdown(results: list[dict[str, Any]], command: str, load: str) -> str:
    lines = ["# Rate-window scenario", "", f"`{command}`; load average at the start: {load}.", "",
             "| mode | N | R | step | seconds | calls | 429 | most admitted in any 60 s |",
             "|---|---:|---:|---|---:|---:|---:|---:|"]
    for r in results:
        for step, s in r["steps"].items():
            lines.append(f"| {r['mode']} | {r['n']} | {r['rate_limit']} | {step} | {s['seconds']:.1f} | "
                         f"{s['api']['calls']} | {s['api']['throttled']} | {s['peak_per_60s']} |")
    lines += ["", "Over the whole run, most admitted in any 60 s: "
              + ", ".join(f"{r['mode']} {r['peak_per_60s']}" for r in results) + "."]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.window", description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=3000, help="secrets in the stack (default 3000)")
    p.add_argument("--rate-limit", type=int, default=1000, help="R, for the emulator and cortex:rateLimit")
    p.add_argument("--modes", default="token-bucket,sliding-window", help="emulator rate-limit modes")
    p.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results" / "window")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    command = "python -m benchmarks.window " + " ".join(argv if argv is not None else sys.argv[1:])
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    work = Path(tempfile.mkdtemp(prefix="cortex-window-"))
    results = []
    args.out.mkdir(parents=True, exist_ok=True)
    for mode in [m for m in args.modes.split(",") if m]:
        started = time.time()
        results.append(run_scenario(work / mode, args.n, args.rate_limit, mode))
        results[-1]["wall_seconds"] = time.time() - started
        (args.out / "window.json").write_text(json.dumps({"command": command, "load": load, "results": results},
                                                         indent=1))
        (args.out / "window.md").write_text(markdown(results, command, load))
    print(f"wrote {args.out / 'window.md'}")
    return 0 if all(r["throttled"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
