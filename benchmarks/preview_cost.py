"""What preview's read-only checks against Cortex cost, and this package's share of a preview.

    python -m benchmarks.preview_cost --objects 1000

At N objects of the benchmark mix (benchmarks/mix.py) against an emulator whose rate limit is out of the way:

- a preview of N creates (an empty stack) with the checks on and off: the extra API calls (one token check,
  one listing per kind) and seconds;
- after `pulumi up`, a no-change preview with the checks on and off (one token check);
- in the same run, the no-change preview of N resources of a dynamic provider whose check and diff return at
  once (benchmarks/trivial.py): the ratio of the Cortex preview to it is this package's own share.

Each preview runs twice and the faster run counts (the machine is shared). Writes
benchmarks/results/preview-checks.json and preview-checks.md.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import mix
from benchmarks.emulator_proc import TOKEN, BenchEmulator, summarize
from tests.engine.harness import PulumiWorkspace, Stack, find_cli_dir

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results"
OFF = {"CORTEX_PREVIEW_CHECKS": "false"}


def _stack(root: Path, program: Path, name: str) -> Stack:
    workspace = PulumiWorkspace(find_cli_dir(), root / name)
    return Stack(workspace, workspace.project(program, name), name).init()


def _cortex_stack(root: Path, emulator: BenchEmulator, spec: Path, name: str) -> Stack:
    stack = _stack(root, ROOT / "program", name)
    for key, value in (("bench:spec", str(spec)), ("cortex:baseUrl", emulator.base_url),
                       ("cortex:rateLimit", str(emulator.rate_limit))):
        stack.set_config(key, value)
    stack.set_config("cortex:apiToken", TOKEN, secret=True)
    return stack


def _preview(stack: Stack, emulator: BenchEmulator | None, env: dict[str, str] | None = None) -> dict[str, Any]:
    """The faster of two previews: seconds, and the API calls of that run."""
    runs = []
    for _ in range(2):
        seq = emulator.last_seq() if emulator else 0
        result = stack.run("preview", "--json", env=env, timeout=3600)
        calls = summarize(emulator.requests_since(seq)) if emulator else {"calls": 0}
        runs.append({"seconds": round(result.seconds, 2), "calls": calls["calls"],
                     "by_method": calls.get("by_method", {})})
    return min(runs, key=lambda r: r["seconds"])


def measure_creates(n: int, root: Path) -> dict[str, Any]:
    """Only the preview of N creates, checks on and off (a quicker run for that figure alone)."""
    emulator = BenchEmulator(root / "emulator", rate_limit=60_000)
    try:
        spec = mix.write_stack(n, root / "spec")
        emulator.prepare(mix.service_tags(n))
        stack = _cortex_stack(root, emulator, spec, "cortex")
        creates = {"on": _preview(stack, emulator), "off": _preview(stack, emulator, OFF)}
    finally:
        emulator.stop()
    return {"objects": n, "create_preview": creates,
            "added_calls": creates["on"]["calls"] - creates["off"]["calls"],
            "added_seconds": round(creates["on"]["seconds"] - creates["off"]["seconds"], 2)}


def measure(n: int, root: Path) -> dict[str, Any]:
    emulator = BenchEmulator(root / "emulator", rate_limit=60_000)
    try:
        spec = mix.write_stack(n, root / "spec")
        emulator.prepare(mix.service_tags(n))
        stack = _cortex_stack(root, emulator, spec, "cortex")
        creates = {"on": _preview(stack, emulator), "off": _preview(stack, emulator, OFF)}
        stack.run("up", "--yes", "--skip-preview", timeout=7200)
        same = {"on": _preview(stack, emulator), "off": _preview(stack, emulator, OFF)}
        trivial = _stack(root, ROOT / "trivial_program", "trivial")
        trivial.set_config("bench:count", str(n))
        trivial.run("up", "--yes", "--skip-preview", timeout=3600)
        baseline = _preview(trivial, None)
        stack.run("destroy", "--yes", "--skip-preview", timeout=7200)
    finally:
        emulator.stop()
    return {
        "objects": n,
        "create_preview": creates,
        "no_change_preview": same,
        "baseline_no_change_preview": baseline,
        "added_calls": {k: v["on"]["calls"] - v["off"]["calls"] for k, v in
                        (("create_preview", creates), ("no_change_preview", same))},
        "added_seconds": {k: round(v["on"]["seconds"] - v["off"]["seconds"], 2) for k, v in
                          (("create_preview", creates), ("no_change_preview", same))},
        "share_ratio": round(same["on"]["seconds"] / baseline["seconds"], 2),
    }


def report(figures: dict[str, Any]) -> str:
    c, s, b = figures["create_preview"], figures["no_change_preview"], figures["baseline_no_change_preview"]
    return "\n".join([
        f"# Preview checks at N = {figures['objects']}",
        "",
        "Produced by `python -m benchmarks.preview_cost` (emulator rate limit 60,000/min; faster of two runs).",
        "",
        "| preview | checks on: s / calls | checks off: s / calls | added s | added calls |",
        "|---|---|---|---|---|",
        f"| {figures['objects']} creates (empty stack) | {c['on']['seconds']} / {c['on']['calls']} | "
        f"{c['off']['seconds']} / {c['off']['calls']} | {figures['added_seconds']['create_preview']} | "
        f"{figures['added_calls']['create_preview']} |",
        f"| no change (after `up`) | {s['on']['seconds']} / {s['on']['calls']} | {s['off']['seconds']} / "
        f"{s['off']['calls']} | {figures['added_seconds']['no_change_preview']} | "
        f"{figures['added_calls']['no_change_preview']} |",
        "",
        f"Calls with the checks on: creates {c['on']['by_method']}, no change {s['on']['by_method']}.",
        "",
        f"Baseline, same run: no-change preview of {figures['objects']} resources of a do-nothing dynamic "
        f"provider: {b['seconds']} s. Cortex no-change preview / baseline = **{figures['share_ratio']}x**.",
        "",
    ])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--creates-only", action="store_true", help="measure only the preview of N creates")
    args = parser.parse_args(argv)
    if args.creates_only:
        with tempfile.TemporaryDirectory(prefix="cortex-preview-bench-") as tmp:
            creates = measure_creates(args.objects, Path(tmp))
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "preview-checks-creates.json").write_text(json.dumps(creates, indent=2) + "\n")
        print(json.dumps(creates, indent=2))
        return 0
    with tempfile.TemporaryDirectory(prefix="cortex-preview-bench-") as tmp:
        figures = measure(args.objects, Path(tmp))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "preview-checks.json").write_text(json.dumps(figures, indent=2) + "\n")
    (args.out / "preview-checks.md").write_text(report(figures))
    print(report(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
