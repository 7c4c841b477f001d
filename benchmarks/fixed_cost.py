"""What the package adds to every command: `python -m benchmarks.fixed_cost --repeat 5`.

End to end: `pulumi preview` and `pulumi up` (then `pulumi destroy`) of a program with one Cortex `Secret`
against the same program with one trivial dynamic resource (a provider that answers locally), run in
alternation, medians. Parts, each in a fresh interpreter: the program's import of the package (beyond
`pulumi` and `pulumi.dynamic`, which both programs pay; the provider process unpickles the same module), the HTTP
client the provider process loads for `up`, the language host's import, and the first client request (making
the client and its connection) against the second.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.emulator_proc import TOKEN, BenchEmulator
from tests.engine.harness import PulumiWorkspace, Stack, find_cli_dir

CORTEX_PROGRAM = '''import pulumi
from cortex_pulumi import Secret

Secret("one", tag="fixed_cost_one", name="One", value=pulumi.Output.secret("v"))
'''
TRIVIAL_PROGRAM = '''import pulumi
from pulumi.dynamic import CreateResult, Resource, ResourceProvider


class Local(ResourceProvider):
    def create(self, props):
        return CreateResult("local-1", props)


class Thing(Resource):
    def __init__(self, name, opts=None):
        super().__init__(Local(), name, {"value": "v"}, opts)


Thing("one")
'''
#: Statements timed in a fresh interpreter: (what, baseline statement, statement measured after it).
IMPORTS = (
    ("program: the package's import", "import pulumi, pulumi.dynamic", "import cortex_pulumi.provider.secret"),
    ("provider process, up: the HTTP client's import (preview does not load it)",
     "import pulumi, pulumi.dynamic, grpc, cortex_pulumi.provider.secret", "import cortex_pulumi.client.client"),
    ("language host: its import", "pass", "import cortex_pulumi.langhost.server"),
)
FIRST_REQUEST = '''import sys, time
from cortex_pulumi.client import CortexClient, Settings
t0 = time.perf_counter()
client = CortexClient(settings=Settings(base_url=sys.argv[1], api_token=sys.argv[2], rate_limit_per_minute=1000))
client.list_all_secrets(page_size=1)
t1 = time.perf_counter()
client.list_all_secrets(page_size=1)
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
'''


def _python(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                          check=True)
    return done.stdout.strip()


def import_seconds(before: str, statement: str) -> float:
    code = f"import time\n{before}\nt = time.perf_counter()\n{statement}\nprint(time.perf_counter() - t)"
    return float(_python(code))


def _project(root: Path, name: str, program: str) -> Path:
    root.mkdir(parents=True)
    (root / "Pulumi.yaml").write_text(f"name: {name}\nruntime: python\n")
    (root / "__main__.py").write_text(program)
    return root


def _commands(stack: Stack) -> dict[str, float]:
    preview = stack.preview().seconds
    up = stack.up().seconds
    stack.destroy()
    return {"preview": preview, "up": up}


def measure(work: Path, repeat: int) -> dict[str, Any]:
    emulator = BenchEmulator(work / "emulator", rate_limit=1000)
    try:
        emulator.prepare([])
        stacks = {}
        for name, program in (("cortex", CORTEX_PROGRAM), ("trivial", TRIVIAL_PROGRAM)):
            workspace = PulumiWorkspace(find_cli_dir(), work / f"{name}-pulumi")
            stack = Stack(workspace, _project(work / name, f"fixed-{name}", program)).init()
            stack.set_config("cortex:baseUrl", emulator.base_url)
            stack.set_config("cortex:apiToken", TOKEN, secret=True)
            stacks[name] = stack
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in stacks}
        for _ in range(repeat):
            for name, stack in stacks.items():
                runs[name].append(_commands(stack))
        parts: dict[str, list[float]] = {what: [] for what, _, _ in IMPORTS}
        first: list[tuple[float, float]] = []
        for _ in range(repeat):
            for what, before, statement in IMPORTS:
                parts[what].append(import_seconds(before, statement))
            a, b = (float(x) for x in _python(FIRST_REQUEST, emulator.base_url, TOKEN).split())
            first.append((a, b))
    finally:
        emulator.stop()
    med = statistics.median
    return {
        "commands": {name: {op: med(r[op] for r in rs) for op in ("preview", "up")} for name, rs in runs.items()},
        "commands_all": runs,
        "parts": {what: med(values) for what, values in parts.items()},
        "first_request": {"first": med(a for a, _ in first), "second": med(b for _, b in first)},
    }


def markdown(result: dict[str, Any], command: str, load: str) -> str:
    c, t = result["commands"]["cortex"], result["commands"]["trivial"]
    lines = ["# Fixed cost per command", "", f"`{command}`; load average at the start: {load}. Medians.", "",
             "| command | one Cortex Secret s | one trivial dynamic resource s | difference s |",
             "|---|---:|---:|---:|"]
    lines += [f"| pulumi {op} | {c[op]:.2f} | {t[op]:.2f} | {c[op] - t[op]:+.2f} |" for op in ("preview", "up")]
    lines += ["", "| part (fresh interpreter) | seconds |", "|---|---:|"]
    lines += [f"| {what} | {seconds:.3f} |" for what, seconds in result["parts"].items()]
    first = result["first_request"]
    lines += [f"| first client request (client made, connection opened) | {first['first']:.3f} |",
              f"| second request | {first['second']:.3f} |"]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.fixed_cost", description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=5, help="runs of each command and part (default 5)")
    p.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results" / "fixed-cost")
    args = p.parse_args(argv)
    command = "python -m benchmarks.fixed_cost " + " ".join(argv if argv is not None else sys.argv[1:])
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    started = time.time()
    result = measure(Path(tempfile.mkdtemp(prefix="cortex-fixed-")), args.repeat)
    result["wall_seconds"] = time.time() - started
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "fixed-cost.json").write_text(json.dumps({"command": command, "load": load, **result}, indent=1))
    (args.out / "fixed-cost.md").write_text(markdown(result, command, load))
    print((args.out / "fixed-cost.md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
