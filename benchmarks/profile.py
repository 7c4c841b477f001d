"""Profile where a large stack spends its time, with pyinstrument (the `bench` extra).

    python -m benchmarks.profile program --n 1000 --op create   # the Pulumi program process, real engine
    python -m benchmarks.profile provider --n 1000              # the dynamic-provider servicer, in process

`program` runs the benchmark stack through the real CLI with the program process (the language host's
child) under pyinstrument; pass `--engine-profile` to also get Pulumi's own Go CPU profile (`--profiling`,
read it with `go tool pprof -top`). `provider` drives pulumi.dynamic's gRPC servicer in this process,
Check/Create/Diff/Read/Delete for every object as the engine sends them, against an emulator subprocess.
Text reports go to benchmarks/results/profiles/.
"""

from __future__ import annotations

import argparse
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import mix
from benchmarks.emulator_proc import TOKEN, BenchEmulator
from benchmarks.engine import BenchStack

OUT = Path(__file__).resolve().parent / "results" / "profiles"
_RUNNER = "cortex_pulumi.langhost.runner"


def _wrapper(directory: Path, report: Path) -> Path:
    """A PULUMI_PYTHON_CMD that runs the program process under pyinstrument and everything else as is."""
    path = directory / "python"
    path.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "-u" ] && [ "$2" = "-m" ] && [ "$3" = "{_RUNNER}" ]; then\n'
        "  shift 3\n"
        f'  exec "{sys.executable}" -u -m pyinstrument --renderer=text -o "{report}" -m {_RUNNER} "$@"\n'
        "fi\n"
        f'exec "{sys.executable}" "$@"\n'
    )
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def profile_program(n: int, op: str, out: Path, engine_profile: bool, skip_checkpoints: bool) -> list[Path]:
    work = Path(tempfile.mkdtemp(prefix="cortex-profile-"))
    emulator = BenchEmulator(work / "emulator", rate_limit=10_000_000)
    report = out / f"program-{op}-n{n}.txt"
    try:
        spec = mix.write_stack(n, work / "spec")
        emulator.prepare(mix.service_tags(n))
        env = {"PULUMI_SKIP_CHECKPOINTS": "true"} if skip_checkpoints else {}
        stack = BenchStack(work / "stack", emulator, spec, extra_env=env)
        stack.init()
        if op != "create":
            stack.run("create")
        stack.workspace.extra_env["PULUMI_PYTHON_CMD"] = str(_wrapper(work, report))
        extra = ("--profiling", str(work / "engine")) if engine_profile else ()
        step = stack.run(op, extra=extra)
        print(f"pulumi {op}, N={n}: {step.seconds:.1f} s, CPU {step.cpu_seconds}", file=sys.stderr)
        written = [report]
        for found in work.glob("engine.*.cpu") if engine_profile else ():
            target = out / f"engine-{op}-n{n}.cpu"
            shutil.copy(found, target)
            written.append(target)
            go = shutil.which("go")
            if go:  # a text summary beside the binary profile, when Go's pprof is at hand
                top = subprocess.run([go, "tool", "pprof", "-top", "-cum", "-nodecount=40",
                                      str(stack.workspace.cli_dir / "pulumi"), str(target)],
                                     capture_output=True, text=True, check=False)
                if top.returncode == 0:
                    text_path = target.with_suffix(".txt")
                    text_path.write_text(top.stdout)
                    written.append(text_path)
        return written
    finally:
        emulator.stop()
        shutil.rmtree(work, ignore_errors=True)


def _struct(values: dict[str, Any]) -> Any:
    from google.protobuf import struct_pb2

    s = struct_pb2.Struct()
    s.update(values)
    return s


class _Context:
    """The slice of a gRPC servicer context the dynamic provider uses: abort() on errors."""

    def abort(self, code: Any, details: str) -> None:
        raise RuntimeError(f"provider call failed ({code}):\n{details}")


def _servicer() -> Any:
    """pulumi.dynamic's servicer class, without the gRPC server its module starts on import (pulumi 3.272
    calls main() unconditionally at the bottom of pulumi/dynamic/__main__.py)."""
    import importlib.util

    spec = importlib.util.find_spec("pulumi.dynamic.__main__")
    assert spec is not None and spec.origin is not None
    source = Path(spec.origin).read_text()
    body, _, tail = source.rpartition("\nmain()")
    if tail.strip():
        raise RuntimeError("pulumi.dynamic.__main__ changed shape: cannot load its servicer without serving")
    namespace: dict[str, Any] = {"__name__": "pulumi.dynamic.__servicer__", "__package__": "pulumi.dynamic"}
    exec(compile(body, spec.origin, "exec"), namespace)  # noqa: S102 - the installed SDK's own source
    return namespace["DynamicResourceProviderServicer"]()


def profile_provider(n: int, out: Path) -> list[Path]:
    """Every object through Check, Create, Diff, Read and Delete of the in-process servicer."""
    from google.protobuf import json_format
    from pulumi.dynamic.dynamic import serialize_provider
    from pulumi.runtime.proto import provider_pb2
    from pyinstrument import Profiler

    from cortex_pulumi.provider.deploy import _DeployProvider
    from cortex_pulumi.provider.scorecard import _ScorecardProvider
    from cortex_pulumi.provider.secret import _SecretProvider
    from cortex_pulumi.provider.team import _TeamProvider
    from cortex_pulumi.provider.workflow import _WorkflowProvider

    blobs = {kind: serialize_provider(cls()) for kind, cls in (
        ("team", _TeamProvider), ("secret", _SecretProvider), ("deploy", _DeployProvider),
        ("scorecard", _ScorecardProvider), ("workflow", _WorkflowProvider))}
    work = Path(tempfile.mkdtemp(prefix="cortex-profile-"))
    emulator = BenchEmulator(work / "emulator", rate_limit=10_000_000)
    os.environ["PULUMI_PROJECT"] = "cortex-bench"
    try:
        stack = mix.load_stack(mix.write_stack(n, work / "spec"))
        emulator.prepare(stack["services"])
        servicer = _servicer()
        servicer.Configure(provider_pb2.ConfigureRequest(args=_struct(
            {"cortex:baseUrl": emulator.base_url, "cortex:apiToken": TOKEN, "cortex:rateLimit": "10000000"})), _Context())
        inputs = []
        for entry in stack["objects"]:
            args = dict(entry.get("args") or {})
            if entry["kind"] == "scorecard":
                args = {"descriptor": Path(entry["file"]).read_text()}
            elif entry["kind"] == "workflow":
                args = {"definition": Path(entry["file"]).read_text()}
            inputs.append((entry["kind"], entry["name"], {**args, "__provider": blobs[entry["kind"]]}))
        profiler = Profiler()
        profiler.start()
        states = []
        for kind, name, news in inputs:
            urn = f"urn:pulumi:bench::cortex-bench::pulumi-python:dynamic/cortex:{kind}::{name}"
            checked = servicer.Check(provider_pb2.CheckRequest(urn=urn, olds=_struct({}), news=_struct(news)), _Context())
            made = servicer.Create(provider_pb2.CreateRequest(urn=urn, properties=checked.inputs), _Context())
            states.append((urn, made.id, checked.inputs, made.properties))
        for urn, id_, ins, outs in states:
            servicer.Diff(provider_pb2.DiffRequest(id=id_, urn=urn, olds=outs, news=ins), _Context())
        for urn, id_, ins, outs in states:
            read = servicer.Read(provider_pb2.ReadRequest(id=id_, urn=urn, properties=outs, inputs=ins), _Context())
            assert read.id == id_, json_format.MessageToDict(read)
        for urn, id_, _, outs in reversed(states):
            servicer.Delete(provider_pb2.DeleteRequest(id=id_, urn=urn, properties=outs), _Context())
        session = profiler.stop()
        report = out / f"provider-n{n}.txt"
        report.write_text(profiler.output_text(show_all=False))
        print(f"provider servicer, N={n}: {session.duration:.1f} s, CPU {session.cpu_time:.1f} s", file=sys.stderr)
        return [report]
    finally:
        emulator.stop()
        shutil.rmtree(work, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="what", required=True)
    prog = sub.add_parser("program", help="the Pulumi program process under the real engine")
    prog.add_argument("--n", type=int, default=1000)
    prog.add_argument("--op", choices=("create", "preview", "update", "refresh", "destroy"), default="preview")
    prog.add_argument("--engine-profile", action="store_true", help="also write Pulumi's Go CPU profile")
    prog.add_argument("--skip-checkpoints", action="store_true", help="run with PULUMI_SKIP_CHECKPOINTS=true")
    prov = sub.add_parser("provider", help="the dynamic-provider servicer, in process")
    prov.add_argument("--n", type=int, default=1000)
    p.add_argument("--out", type=Path, default=OUT)
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.what == "program":
        written = profile_program(args.n, args.op, args.out, args.engine_profile, args.skip_checkpoints)
    else:
        written = profile_provider(args.n, args.out)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
