"""What the provider is compared with: the official Cortex CLI run one command per object (as a shell script
would), and the project's bare REST client creating the same objects from 4 threads."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.emulator_proc import TOKEN, BenchEmulator
from cortex_pulumi.client import CortexClient
from cortex_pulumi.client.models.team import CortexTeamDetails, CortexTeamMemberDetails, TeamMetadata

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / ".venv" / "bin" / "cortex"
#: The provider process's concurrency: the bare client gets the same.
THREADS = 4


def cli_argv(entry: dict[str, Any]) -> list[str]:
    """The official CLI command creating one object of the stack from its file."""
    kind = entry["kind"]
    if kind == "team":
        return ["teams", "create", "-f", entry["cli_body"]]
    if kind == "secret":
        return ["secrets", "create", "-f", entry["cli_body"]]
    if kind == "deploy":
        return ["deploys", "add", "-t", entry["args"]["entity"], "-f", entry["cli_body"]]
    if kind == "scorecard":
        return ["scorecards", "create", "-f", entry["file"]]
    return ["workflows", "create", "-f", entry["file"]]


def run_cli_script(emulator: BenchEmulator, objects: list[dict[str, Any]]) -> float:
    """Seconds for the official CLI to create every object, one process per object, one after another."""
    if not CLI.exists():
        raise RuntimeError(f"the official Cortex CLI is missing: {CLI} (pip install cortexapps-cli)")
    env = {**os.environ, "CORTEX_API_KEY": TOKEN, "CORTEX_BASE_URL": emulator.base_url,
           "CORTEX_CONFIG": str(Path(tempfile.gettempdir()) / "cortex-bench-no-config"),
           "CORTEX_RATE_LIMIT": str(emulator.rate_limit)}
    started = time.perf_counter()
    for entry in objects:
        done = subprocess.run([str(CLI), *cli_argv(entry)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"`cortex {' '.join(cli_argv(entry))}` failed: {done.stderr[-2000:]}")
    return time.perf_counter() - started


def _create(client: CortexClient, entry: dict[str, Any]) -> None:
    kind = entry["kind"]
    if kind == "team":
        args = entry["args"]
        client.create_team(
            team_tag=args["team_tag"], metadata=TeamMetadata(name=args["name"], description=args["description"]),
            cortex_team=CortexTeamDetails(members=[CortexTeamMemberDetails(email=m["email"], name=m["name"])
                                                   for m in args["members"]]),
        )
    elif kind == "secret":
        args = entry["args"]
        client.create_secret(tag=args["tag"], name=args["name"], value=args["value"])
    elif kind == "deploy":
        args = dict(entry["args"])
        from cortex_pulumi.client.dates import parse_datetime

        client.add_deploy_for_entity(tag_or_id=args.pop("entity"), title=args["title"], type=args["type"],
                                     sha=args["sha"], environment=args["environment"],
                                     timestamp=parse_datetime(args["timestamp"]))
    elif kind == "scorecard":
        client.create_or_update_scorecard(descriptor=Path(entry["file"]).read_text())
    else:
        client.create_or_update_workflow(workflow=Path(entry["file"]).read_text())


def run_bare_client(emulator: BenchEmulator, objects: list[dict[str, Any]]) -> float:
    """Seconds for one CortexClient (its own rate limiter on) to create every object from 4 threads."""
    client = CortexClient(base_url=emulator.base_url, api_token=TOKEN, rate_limit_per_minute=emulator.rate_limit)
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            for future in [pool.submit(_create, client, entry) for entry in objects]:
                future.result()
        return time.perf_counter() - started
    finally:
        client.close()
