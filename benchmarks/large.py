"""Large tenants against the engine's floor: every figure beside the do-nothing dynamic provider's, in the same run.

    python -m benchmarks.large scorecards --n 500            # up and destroy of N scorecards / of N trivial resources
    python -m benchmarks.large tenant --n 1000               # import, adopting up, destroy and up of an N-object tenant

Pulumi's defaults throughout (checkpoints on, the file backend); `--skip-checkpoints` runs with
`PULUMI_SKIP_CHECKPOINTS=true` instead. Each step records wall seconds, the CPU seconds of the engine, program
and provider processes, API calls and the state's size; the state is broken down per kind
(benchmarks/state_size.py). The machine is shared, so the figures that mean something are the ratios to the
trivial provider measured in the same run. `--engine-profile` adds Pulumi's Go CPU profile of the adopting up
(or of the scorecards' up). Writes benchmarks/results/large/<scenario>-n<N>.json and .md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from benchmarks import mix, state_size
from benchmarks.emulator_proc import TOKEN, BenchEmulator, summarize
from benchmarks.procmem import TreeSampler
from cortex_pulumi.audit import _SECRET_SIG
from cortex_pulumi.provider._check import ENGINE_KEYS
from tests.engine.harness import PulumiWorkspace, Stack, counts_of, find_cli_dir

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "large"
SKIP = {"PULUMI_SKIP_CHECKPOINTS": "true"}


def timed(stack: Stack, *args: str, env: Mapping[str, str] | None = None, timeout: float = 7200) -> dict[str, Any]:
    """One CLI command: wall and CPU seconds per process role (engine, program, provider), and its changes."""
    ws = stack.workspace
    argv = [str(ws.cli_dir / "pulumi"), *args, "--stack", stack.name, "--non-interactive", "--json"]
    out = stack.project_dir.parent / f"{stack.name}-{args[0]}-{time.time_ns()}.out"
    with out.open("w") as sink:
        started = time.perf_counter()
        process = subprocess.Popen(argv, cwd=stack.project_dir, env=ws.env(env), stdout=sink, stderr=subprocess.STDOUT)
        with TreeSampler(process.pid) as sampler:
            process.wait(timeout=timeout)
        seconds = time.perf_counter() - started
    text = out.read_text()
    if process.returncode != 0:
        raise RuntimeError(f"pulumi {' '.join(args)} failed; output in {out}:\n{text[-3000:]}")
    changes = counts_of(_Output(text))
    return {"seconds": round(seconds, 2), "cpu": {k: round(v, 2) for k, v in sampler.cpu_seconds.items()},
            "changes": changes}


class _Output:
    def __init__(self, text: str) -> None:
        self.stdout, self.stderr, self.args, self.output = text, "", (), text


def _state_file(stack: Stack) -> Path:
    """The stack's file in the workspace's file backend."""
    project = yaml.safe_load((stack.project_dir / "Pulumi.yaml").read_text())["name"]
    return stack.workspace.root / "state" / ".pulumi" / "stacks" / project / f"{stack.name}.json"


def state_of(stack: Stack) -> dict[str, Any]:
    """The stack file's size and its bytes per resource by kind."""
    return state_size.summary(_state_file(stack))


def trivial(root: Path, n: int, env: Mapping[str, str] | None, carry: Path | None = None) -> dict[str, Any]:
    """The floor: up and destroy of N resources of the do-nothing dynamic provider (benchmarks/trivial.py); with
    `carry` (a JSON list of input maps), resources of it declaring those inputs."""
    name = "carrying" if carry else "trivial"
    workspace = PulumiWorkspace(find_cli_dir(), root / name)
    stack = Stack(workspace, workspace.project(ROOT / "trivial_program", name), name).init()
    stack.set_config("bench:count", str(n))
    if carry:
        stack.set_config("bench:carry", str(carry))
    up = timed(stack, "up", "--yes", "--skip-preview", env=env)
    state = state_of(stack)
    down = timed(stack, "destroy", "--yes", "--skip-preview", env=env)
    return {"up": up, "destroy": down, "state": state}


def cortex_stack(root: Path, program: Path, name: str, emulator: BenchEmulator) -> Stack:
    workspace = PulumiWorkspace(find_cli_dir(), root / name)
    stack = Stack(workspace, workspace.project(program, name), name).init()
    for key, value in (("cortex:baseUrl", emulator.base_url), ("cortex:rateLimit", str(emulator.rate_limit))):
        stack.set_config(key, value)
    stack.set_config("cortex:apiToken", TOKEN, secret=True)
    return stack


def with_calls(emulator: BenchEmulator, step: Any) -> dict[str, Any]:
    """Run `step()` (a `timed` call) and add the API calls it made."""
    seq = emulator.last_seq()
    result: dict[str, Any] = step()
    calls = summarize(emulator.requests_since(seq))
    return {**result, "calls": calls["calls"], "throttled": calls["throttled"], "errors": calls["errors"]}


def scorecards(root: Path, n: int, env: Mapping[str, str] | None, profile: bool) -> dict[str, Any]:
    """Up and destroy of N scorecards (the benchmark mix's descriptors), then the trivial provider's N."""
    spec_dir = root / "spec"
    entries = []
    for i in range(n):
        obj = mix.BenchObject("scorecard", i)
        path = spec_dir / "scorecards" / f"{obj.name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(mix.scorecard_descriptor(obj), sort_keys=False))
        entries.append({"kind": "scorecard", "name": obj.name, "tag": obj.tag, "file": str(path)})
    (spec_dir / "stack.json").write_text(json.dumps({"objects": entries, "services": []}))
    emulator = BenchEmulator(root / "emulator", rate_limit=1000)
    try:
        emulator.prepare([])
        stack = cortex_stack(root, ROOT / "program", "cortex", emulator)
        stack.set_config("bench:spec", str(spec_dir / "stack.json"))
        extra = ("--profiling", str(root / "engine")) if profile else ()
        up = with_calls(emulator, lambda: timed(stack, "up", "--yes", "--skip-preview", *extra, env=env))
        state = state_of(stack)
        carry = declared_inputs(stack, root / "carry.json")
        # The destroy starts on an empty rate-limit window, as a destroy on its own would.
        _wait_for_window(emulator, up)
        down = with_calls(emulator, lambda: timed(stack, "destroy", "--yes", "--skip-preview", env=env))
    finally:
        emulator.stop()
    base = trivial(root, n, env)
    floor = trivial(root, n, env, carry=carry)
    return {"scenario": "scorecards", "objects": n, "up": up, "destroy": down, "state": state, "trivial": base,
            "floor": floor,
            "ratios": {"up": round(up["seconds"] / base["up"]["seconds"], 2),
                       "destroy": round(down["seconds"] / base["destroy"]["seconds"], 2), **_floor_ratios(floor, base)},
            "profile": _profile_files(root) if profile else []}


def _floor_ratios(floor: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, float]:
    """The floor's up and destroy against the trivial provider's, same run."""
    return {f"floor {step}": round(floor[step]["seconds"] / base[step]["seconds"], 2) for step in ("up", "destroy")}


def declared_inputs(stack: Stack, target: Path) -> Path:
    """The inputs Pulumi recorded for the stack's Cortex objects, without what the package adds (`__provider`,
    `__derived`, ...), as a JSON list for `trivial(carry=...)`: what any provider of these objects must keep."""
    resources = state_size.resources_of(json.loads(_state_file(stack).read_text()))
    inputs = [{k: _unsealed(v) for k, v in (r.get("inputs") or {}).items() if k not in ENGINE_KEYS}
              for r in resources if r.get("custom") and r.get("id") and ":dynamic/cortex:" in str(r.get("type"))]
    target.write_text(json.dumps(inputs))
    return target


def _unsealed(value: Any) -> Any:
    """A recorded input with each secret replaced by its ciphertext (a program cannot declare a state's secret)."""
    if isinstance(value, dict):
        if _SECRET_SIG in value:
            return str(value.get("ciphertext", ""))
        return {k: _unsealed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unsealed(v) for v in value]
    return value


def _wait_for_window(emulator: BenchEmulator, step: Mapping[str, Any]) -> None:
    if step["calls"] + 10 > emulator.rate_limit:
        time.sleep(61)


def _profile_files(root: Path) -> list[str]:
    return [str(p) for p in root.glob("engine*.cpu")]


def _header(result: Mapping[str, Any], command: str) -> list[str]:
    load = result["load_average"]
    return [f"# {result['scenario']}, N = {result['objects']}", "", f"`{command}`", "",
            f"Checkpoints: {'skipped' if result['skip_checkpoints'] else 'on (Pulumi defaults)'}. Load average "
            f"{load['start']:.1f} -> {load['end']:.1f} on {load['cores']} cores (a shared machine: compare the "
            "ratios to the trivial provider, measured in the same run).", ""]


def _row(name: str, step: Mapping[str, Any], base: float | None, objects: int) -> str:
    cpu = step.get("cpu", {})
    ratio = f"{step['seconds'] / base:.2f}" if base else ""
    return (f"| {name} | {step['seconds']:.1f} | {1000 * step['seconds'] / objects:.1f} | {ratio} | "
            f"{cpu.get('engine', 0):.1f} / {cpu.get('program', 0):.1f} / {cpu.get('provider', 0):.1f} | "
            f"{step.get('calls', '')} |")


def markdown(result: Mapping[str, Any], command: str) -> str:
    n, base = result["objects"], result["trivial"]
    lines = [*_header(result, command),
             "| step | s | ms/object | × trivial | CPU s engine / program / provider | API calls |",
             "|---|---:|---:|---:|---|---:|"]
    for name in ("import", "adopt", "up", "destroy", "create"):
        step = result.get(name)
        if not step or "seconds" not in step or name == "import" and "cpu" not in step:
            continue
        compared = base["destroy"]["seconds"] if name == "destroy" else base["up"]["seconds"]
        lines.append(_row(name, step, compared, n))
    lines += [_row("trivial up", base["up"], None, n), _row("trivial destroy", base["destroy"], None, n)]
    floor = result.get("floor")
    if floor:
        lines += [_row("floor up", floor["up"], base["up"]["seconds"], n),
                  _row("floor destroy", floor["destroy"], base["destroy"]["seconds"], n)]
    lines += ["", "Cortex stack after its first up:", "", state_size.markdown(result["state"]),
              "Trivial stack after its up:", "", state_size.markdown(base["state"])]
    if floor:
        lines += ["Floor (`Carrying`: the trivial provider declaring the Cortex objects' recorded inputs, recording "
                  "no output but its key) after its up:", "", state_size.markdown(floor["state"])]
    return "\n".join(lines)


def tenant(root: Path, n: int, env: Mapping[str, str] | None, profile: bool, create: bool) -> dict[str, Any]:
    """Import an N-object tenant, adopt it, destroy it and (`create`) create it again with the same program."""
    from benchmarks.adoption import _import, shares
    from tests.engine.harness import Emulator
    from tests.support.tenant import exemption_targets, request_exemptions, tenant_seed

    split = shares(n)
    seed = tenant_seed(teams=split["teams"], scorecards=split["scorecards"], workflows=split["workflows"],
                       secrets=split["secrets"])
    (root / "seed.yaml").write_text(yaml.safe_dump(seed))
    server = Emulator(root / "emulator", seed=root / "seed.yaml", startup_timeout=900)
    emulator = _LogView(server)
    try:
        request_exemptions(lambda method, path, **kw: server.api(method, path, expect=(200, 201), **kw),
                           exemption_targets(seed, split["exemptions"]))
        import_seconds, secret_keys, _log = _import(server, root / "project")
        (root / "project" / "venv").symlink_to(Path(sys.prefix), target_is_directory=True)
        workspace = PulumiWorkspace(find_cli_dir(), root / "pulumi")
        stack = Stack(workspace, root / "project", "adopt").init()
        server.configure_stack(stack)
        for key, tag in secret_keys.items():
            stack.set_config(key, f"value-of-{tag}", secret=True)
        extra = ("--profiling", str(root / "engine")) if profile else ()
        adopt = with_calls(emulator, lambda: timed(stack, "up", "--yes", "--skip-preview", *extra, env=env))
        state = state_of(stack)
        carry = declared_inputs(stack, root / "carry.json")
        down = with_calls(emulator, lambda: timed(stack, "destroy", "--yes", "--skip-preview", env=env))
        again = with_calls(emulator, lambda: timed(stack, "up", "--yes", "--skip-preview", env=env)) if create else {}
    finally:
        server.stop()
    base = trivial(root, n, env)
    floor = trivial(root, n, env, carry=carry)
    objects = adopt["changes"].get("create", 1) - 1
    result = {"scenario": "tenant", "objects": objects, "split": split, "import": {"seconds": round(import_seconds, 2)},
              "adopt": adopt, "destroy": down, "state": state, "trivial": base, "floor": floor,
              "ratios": {"adopt": round(adopt["seconds"] / base["up"]["seconds"], 2),
                         "destroy": round(down["seconds"] / base["destroy"]["seconds"], 2),
                         **_floor_ratios(floor, base)},
              "profile": _profile_files(root) if profile else []}
    if again:
        result["create"] = again
        result["ratios"]["create"] = round(again["seconds"] / base["up"]["seconds"], 2)
    return result


class _LogView:
    """The engine-test emulator seen through BenchEmulator's request-log calls."""

    def __init__(self, server: Any) -> None:
        self.server = server

    def last_seq(self) -> int:
        return int(self.server.last_seq())

    def requests_since(self, seq: int) -> list[dict[str, Any]]:
        return list(self.server.requests_log(after_seq=seq))


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.large", description=__doc__.split("\n\n")[0])
    p.add_argument("scenario", choices=("scorecards", "tenant"))
    p.add_argument("--n", type=int, default=500, help="objects (default 500)")
    p.add_argument("--skip-checkpoints", action="store_true", help="PULUMI_SKIP_CHECKPOINTS=true for every step")
    p.add_argument("--engine-profile", action="store_true", help="Pulumi's Go CPU profile of the first up")
    p.add_argument("--no-create", action="store_true", help="tenant: skip the up that recreates it after the destroy")
    p.add_argument("--out", type=Path, default=RESULTS)
    args = p.parse_args(argv)
    command = "python -m benchmarks.large " + " ".join(sys.argv[1:] if argv is None else argv)
    env = SKIP if args.skip_checkpoints else None
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="cortex-large-") as work:
        root = Path(work)
        if args.scenario == "scorecards":
            result = scorecards(root, args.n, env, args.engine_profile)
        else:
            result = tenant(root, args.n, env, args.engine_profile, not args.no_create)
        profiles = [str(p) for p in result["profile"]]
        args.out.mkdir(parents=True, exist_ok=True)
        kept = [args.out / f"engine-{args.scenario}-n{args.n}{'-' + str(i) if i else ''}.cpu" for i in range(len(profiles))]
        for found, target in zip(profiles, kept, strict=True):  # out of the scratch directory before it goes
            shutil.copy(found, target)
        result["profile"] = [str(target) for target in kept]
    result["skip_checkpoints"] = args.skip_checkpoints
    result["load_average"] = {"start": load, "end": os.getloadavg()[0], "cores": os.cpu_count()}
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "-skip" if args.skip_checkpoints else ""
    name = f"{args.scenario}-n{args.n}{suffix}"
    (args.out / f"{name}.json").write_text(json.dumps(result, indent=1) + "\n")
    (args.out / f"{name}.md").write_text(markdown(result, command.strip()))
    print(markdown(result, command.strip()), flush=True)
    for i, found in enumerate(result["profile"]):
        _pprof_top(Path(found), args.out / f"engine-{name}{'-' + str(i) if i else ''}.txt")
    return 0


def _pprof_top(profile: Path, target: Path) -> None:
    """`go tool pprof -top -cum` of a Go CPU profile into `target`, when Go is at hand."""
    go = shutil.which("go")
    if not go:
        return
    top = subprocess.run([go, "tool", "pprof", "-top", "-cum", "-nodecount=40", str(find_cli_dir() / "pulumi"),
                          str(profile)], capture_output=True, text=True, check=False, timeout=600)
    if top.returncode == 0:
        target.write_text(top.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
