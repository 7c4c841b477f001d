"""Benchmark the Cortex emulator: requests/s and latency percentiles for a mixed read/write load.

Starts ``python -m cortex_pulumi.emulator --port 0`` as a subprocess (optionally on a file database),
seeds entities, teams and secrets, then runs concurrent client processes (one ``requests.Session`` each)
for a fixed duration, twice: a read-only load and a mixed load (``--write-ratio`` of writes). Prints a
Markdown table per run. Usage::

    .venv/bin/python benchmarks/emulator_bench.py [--clients 4] [--duration 10] [--write-ratio 0.2] [--db FILE]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

from cortex_pulumi.emulator.process import EmulatorProcess

TOKEN = "bench-token"
SECRETS = 200
TEAMS = 50
SERVICES = 20


def start_emulator(db: str) -> tuple[subprocess.Popen[str], str]:
    emulator = EmulatorProcess("--db", db, "--api-key", f"{TOKEN}=ADMIN", "--rate-limit", "100000000").start()
    assert emulator.process is not None
    return emulator.process, emulator.url


def seed(url: str) -> None:
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {TOKEN}"
    requests.post(url + "/_emulator/entities", json=[{"tag": f"svc-{i}"} for i in range(SERVICES)], timeout=30).raise_for_status()
    for i in range(SECRETS):
        s.post(url + "/api/v1/secrets", json={"tag": f"secret_{i}", "name": f"S{i}", "secret": "v"}, timeout=30).raise_for_status()
    member = [{"email": "a@example.com", "name": "A", "notificationsEnabled": True, "roles": []}]
    for i in range(TEAMS):
        body = {"type": "CORTEX", "teamTag": f"team-{i}", "metadata": {"name": f"T{i}"}, "links": [], "slackChannels": [],
                "cortexTeam": {"members": member}}
        s.post(url + "/api/v1/teams", json=body, timeout=30).raise_for_status()


def reads(rng: random.Random) -> tuple[str, str, Any]:
    choice = rng.random()
    if choice < 0.4:
        return "GET", f"/api/v1/secrets/secret_{rng.randrange(SECRETS)}", None
    if choice < 0.7:
        return "GET", f"/api/v1/teams/team-{rng.randrange(TEAMS)}", None
    if choice < 0.9:
        return "GET", f"/api/v1/catalog/svc-{rng.randrange(SERVICES)}/deploys?pageSize=50", None
    return "GET", "/api/v1/secrets?pageSize=100", None


def writes(rng: random.Random) -> tuple[str, str, Any]:
    if rng.random() < 0.6:
        body = {"title": "bench", "type": "DEPLOY", "timestamp": "2024-01-01T00:00:00Z", "sha": f"{rng.getrandbits(32):08x}"}
        return "POST", f"/api/v1/catalog/svc-{rng.randrange(SERVICES)}/deploys", body
    return "PUT", f"/api/v1/secrets/secret_{rng.randrange(SECRETS)}", {"name": f"renamed {rng.random()}"}


def client(url: str, duration: float, write_ratio: float, seed_value: int, out: Any) -> None:
    rng = random.Random(seed_value)
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {TOKEN}"
    samples: dict[str, list[float]] = {"read": [], "write": []}
    errors = 0
    deadline = time.perf_counter() + duration
    while time.perf_counter() < deadline:
        kind = "write" if rng.random() < write_ratio else "read"
        method, path, body = writes(rng) if kind == "write" else reads(rng)
        started = time.perf_counter()
        r = session.request(method, url + path, json=body, timeout=30)
        samples[kind].append(time.perf_counter() - started)
        if r.status_code != 200:
            errors += 1
    out.put((samples, errors))


def run(url: str, clients: int, duration: float, write_ratio: float) -> dict[str, Any]:
    queue: Any = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=client, args=(url, duration, write_ratio, i, queue)) for i in range(clients)]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    merged: dict[str, list[float]] = {"read": [], "write": []}
    errors = 0
    for samples, errs in results:
        errors += errs
        for kind in merged:
            merged[kind].extend(samples[kind])
    return {"samples": merged, "errors": errors, "duration": duration}


def cpu_seconds(pid: int) -> float | None:
    """User+system CPU time of a process (Linux /proc); None where unavailable."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measured(proc: subprocess.Popen[str], url: str, clients: int, duration: float, write_ratio: float) -> dict[str, Any]:
    before = cpu_seconds(proc.pid)
    result = run(url, clients, duration, write_ratio)
    after = cpu_seconds(proc.pid)
    result["server_cpu"] = None if before is None or after is None else after - before
    return result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def table(title: str, result: dict[str, Any]) -> str:
    lines = [f"### {title}", "", "| kind | requests | req/s | p50 ms | p99 ms | mean ms |", "|---|---:|---:|---:|---:|---:|"]
    everything: list[float] = []
    for kind in ("read", "write"):
        values = result["samples"][kind]
        everything.extend(values)
        if values:
            lines.append(
                f"| {kind} | {len(values)} | {len(values) / result['duration']:.0f} | {percentile(values, 0.5) * 1000:.2f} "
                f"| {percentile(values, 0.99) * 1000:.2f} | {statistics.fmean(values) * 1000:.2f} |"
            )
    lines.append(
        f"| **all** | {len(everything)} | {len(everything) / result['duration']:.0f} | {percentile(everything, 0.5) * 1000:.2f} "
        f"| {percentile(everything, 0.99) * 1000:.2f} | {statistics.fmean(everything) * 1000:.2f} |"
    )
    lines.append("")
    lines.append(f"errors (non-200): {result['errors']}")
    if result.get("server_cpu"):
        per_request = result["server_cpu"] / max(1, len(everything)) * 1000
        lines.append(
            f"server CPU: {per_request:.2f} ms per request, i.e. about {1000 / per_request:.0f} requests/s "
            "per fully used core (independent of client load on the machine)"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--write-ratio", type=float, default=0.2)
    parser.add_argument("--db", help="SQLite file (default: a temporary file, so WAL and fsync are measured)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or os.path.join(tmp, "bench.db")
        proc, url = start_emulator(db)
        try:
            seed(url)
            cpus = os.cpu_count()
            print(f"## Cortex emulator benchmark ({args.clients} client processes, {args.duration:.0f} s per run, {cpus} CPUs, db={'file' if db != ':memory:' else 'memory'})\n")
            print(table("Read-only load", measured(proc, url, args.clients, args.duration, 0.0)))
            print()
            mixed = measured(proc, url, args.clients, args.duration, args.write_ratio)
            print(table(f"Mixed load ({args.write_ratio:.0%} writes)", mixed))
        finally:
            proc.terminate()
            proc.wait(15)


if __name__ == "__main__":
    main()
