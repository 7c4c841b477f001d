"""Bringing an existing tenant under Pulumi: `cortex-pulumi import` and the adopting `pulumi up` of N objects.

    python -m benchmarks.adoption --objects 1000

Seeds an emulator (default rate limit, 1,000 requests/minute) with a realistic tenant of about N objects
(teams in a 4-level hierarchy, scorecards, approved exemptions, workflows, secrets), then measures:

- the import: wall time, API calls, and the listing bound (the time the emulator spent answering those
  calls, i.e. what the reads cost with no client overhead at all);
- the adopting `pulumi up`: wall time against the API bound (calls / rate limit), calls per object (target
  <= 1.1), failed calls (target 0: no create that fails because the object exists) and writes (target: one
  secret-value update per secret, nothing else);
- the `pulumi preview --expect-no-changes` that follows.

Writes benchmarks/results/adoption.json and adoption.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from tests.engine.harness import Emulator, PulumiWorkspace, Stack, counts_of, find_cli_dir
from tests.support.tenant import exemption_targets, request_exemptions, tenant_seed

RESULTS = Path(__file__).resolve().parent / "results"
RATE_PER_MINUTE = 1000
WRITES = ("POST", "PUT", "PATCH", "DELETE")


def shares(objects: int) -> dict[str, int]:
    """How N objects split across kinds (teams dominate, as in real tenants)."""
    scorecards, workflows, secrets, exemptions = objects // 16, objects // 4, objects // 16, objects // 32
    return {"teams": objects - scorecards - workflows - secrets - exemptions - 1, "scorecards": scorecards,
            "workflows": workflows, "secrets": secrets, "exemptions": exemptions}


def _calls(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"calls": len(entries), "failed": sum(1 for e in entries if e["status"] >= 400 or e["status"] == 0),
            # A dry run (preview's permission check of scorecards) writes nothing.
            "writes": sorted(f"{e['method']} {e['path']}" for e in entries if e["method"] in WRITES
                             and "dryrun=true" not in str(e.get("query") or "").lower()),
            "server_seconds": sum(e.get("durationMs") or 0 for e in entries) / 1000}


def _import(server: Emulator, out: Path) -> tuple[float, dict[str, str], list[dict[str, Any]]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CORTEX_", "PULUMI_"))}
    seq = server.last_seq()
    started = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).parent / "cortex-pulumi"), "import", "--out", str(out),
                           "--base-url", server.base_url, "--project-name", "adopted"],
                          env={**env, "CORTEX_API_TOKEN": server.token}, capture_output=True, text=True,
                          timeout=1800, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"cortex-pulumi import failed:\n{done.stdout}{done.stderr}")
    keys = {}
    for line in done.stdout.splitlines():
        if "pulumi config set --secret" in line and "# value of Cortex secret" in line:
            keys[line.split()[4]] = line.split("'")[1]
    return seconds, keys, server.requests_log(after_seq=seq)


def measure(objects: int, work: Path) -> dict[str, Any]:
    """One full run at N objects; returns the figures."""
    split = shares(objects)
    load_before = os.getloadavg()[0]
    seed = tenant_seed(teams=split["teams"], scorecards=split["scorecards"], workflows=split["workflows"],
                       secrets=split["secrets"])
    (work / "seed.yaml").write_text(yaml.safe_dump(seed))
    server = Emulator(work / "emulator", seed=work / "seed.yaml", startup_timeout=600)
    try:
        request_exemptions(lambda method, path, **kw: server.api(method, path, expect=(200, 201), **kw),
                           exemption_targets(seed, split["exemptions"]))
        import_seconds, secret_keys, import_log = _import(server, work / "project")
        # The virtualenv the project's Pulumi.yaml names: this environment, holding the package and Pulumi.
        (work / "project" / "venv").symlink_to(Path(sys.prefix), target_is_directory=True)
        stack = Stack(PulumiWorkspace(find_cli_dir(), work / "pulumi"), work / "project", "adopt").init()
        server.configure_stack(stack)
        for key, tag in secret_keys.items():
            stack.set_config(key, f"value-of-{tag}", secret=True)
        seq = server.last_seq()
        started = time.perf_counter()
        up = stack.run("up", "--yes", "--skip-preview", "--json", timeout=3600)
        up_seconds = time.perf_counter() - started
        up_log = server.requests_log(after_seq=seq)
        adopted = counts_of(up)["create"] - 1  # the stack itself is one of the creates
        preview = stack.run("preview", "--json", "--expect-no-changes", timeout=3600)
    finally:
        server.stop()
    up_calls = _calls(up_log)
    imported = _calls(import_log)
    return {
        "objects": adopted, "split": split, "rate_limit_per_minute": RATE_PER_MINUTE,
        "import": {"seconds": import_seconds, **imported, "listing_bound_seconds": imported["server_seconds"],
                   "ratio_to_listing_bound": import_seconds / max(imported["server_seconds"], 1e-9)},
        "up": {"seconds": up_seconds, **{k: v for k, v in up_calls.items() if k != "writes"},
               "writes": len(up_calls["writes"]), "secret_writes": len(secret_keys),
               "other_writes": [w for w in up_calls["writes"] if not w.startswith("PUT /api/v1/secrets/")],
               "calls_per_object": up_calls["calls"] / adopted,
               "bound_seconds": up_calls["calls"] * 60 / RATE_PER_MINUTE,
               "ratio_to_bound": up_seconds * RATE_PER_MINUTE / 60 / max(up_calls["calls"], 1)},
        "preview_no_changes_seconds": preview.seconds,
        # The machine is shared: a load above its core count stretches every wall time above.
        "load_average": {"start": load_before, "end": os.getloadavg()[0], "cores": os.cpu_count()},
    }


def markdown(result: dict[str, Any], command: str) -> str:
    i, u = result["import"], result["up"]
    return "\n".join([
        f"# Adoption benchmark ({result['objects']} objects)", "", f"`{command}`", "",
        f"Tenant: {', '.join(f'{n} {k}' for k, n in result['split'].items())}, plus one hierarchy; "
        f"emulator and client at {result['rate_limit_per_minute']} requests/minute. Load average "
        f"{result['load_average']['start']:.1f} -> {result['load_average']['end']:.1f} on "
        f"{result['load_average']['cores']} cores (wall times grow with it; calls and writes do not).", "",
        "| step | time s | API calls | calls/object | bound s | time/bound | failed calls | writes |",
        "|---|---|---|---|---|---|---|---|",
        f"| `cortex-pulumi import` | {i['seconds']:.1f} | {i['calls']} | {i['calls'] / result['objects']:.3f} "
        f"| {i['listing_bound_seconds']:.1f} (listing) | {i['ratio_to_listing_bound']:.1f} | {i['failed']} | "
        f"{len(i['writes'])} |",
        f"| adopting `pulumi up` | {u['seconds']:.1f} | {u['calls']} | {u['calls_per_object']:.3f} (target ≤ 1.1) "
        f"| {u['bound_seconds']:.1f} (API) | {u['ratio_to_bound']:.1f} | {u['failed']} | {u['writes']} "
        f"({u['secret_writes']} secret values, {len(u['other_writes'])} other) |",
        f"| `pulumi preview --expect-no-changes` | {result['preview_no_changes_seconds']:.1f} | | | | | | |", "",
        "The listing bound is the time the emulator itself spent answering the import's reads; the API bound is "
        "the adopting up's calls at the rate limit. The up's time is the engine's own per-resource work (about "
        "1,000 steps and checkpoints), not API calls.", "",
    ])


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.adoption", description=__doc__.split("\n\n")[0])
    p.add_argument("--objects", type=int, default=1000, help="tenant size N (default 1000)")
    p.add_argument("--out", type=Path, default=RESULTS, help="output directory (default benchmarks/results)")
    args = p.parse_args(argv)
    command = "python -m benchmarks.adoption " + " ".join(argv if argv is not None else sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="cortex-adopt-") as work:
        result = measure(args.objects, Path(work))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "adoption.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.out / "adoption.md").write_text(markdown(result, command.strip()))
    print(markdown(result, command.strip()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
