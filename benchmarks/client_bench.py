"""Benchmark the Cortex client against an emulator subprocess.

(a) Calls per second of ``CortexClient.get_secret`` versus the same GET through raw ``requests`` on one
    ``requests.Session`` (JSON decoded in both), sequentially and with 4 threads; the client's overhead
    (typed models, error mapping, retry adapter, per-thread sessions) is the relative slowdown.
(b) The same N secret creates through the official Cortex CLI (``.venv/bin/cortex secrets create``), one
    process per command as a shell script would run it, versus through one client.

Prints Markdown tables. Usage::

    .venv/bin/python benchmarks/client_bench.py [--calls 2000] [--rounds 5] [--creates 200] [--threads 4]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import requests

from cortex_pulumi.client import CortexClient
from cortex_pulumi.emulator.process import EmulatorProcess

TOKEN = "bench-client-token"
ROOT = Path(__file__).resolve().parents[1]


def start_emulator() -> tuple[subprocess.Popen[str], str]:
    emulator = EmulatorProcess("--api-key", f"{TOKEN}=ADMIN", "--rate-limit", "100000000").start()
    assert emulator.process is not None
    return emulator.process, emulator.url


def timed(calls: int, threads: int, one_call: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for ``calls`` calls spread over ``threads`` threads."""
    per_thread = calls // threads
    barrier = threading.Barrier(threads + 1)
    errors: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            for _ in range(per_thread):
                one_call()
        except BaseException as exc:  # reported below; a benchmark must not hide failures
            errors.append(exc)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    barrier.wait()
    started, cpu_started = time.perf_counter(), time.process_time()
    for t in pool:
        t.join()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if errors:
        raise errors[0]
    return elapsed, cpu


def throughput(
    url: str, calls: int, rounds: int, threads: int, batch: int = 100
) -> list[tuple[str, float, float, float, float, float]]:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {TOKEN}"
    secret_url = f"{url}/api/v1/secrets/bench_secret"
    client = CortexClient(base_url=url, api_token=TOKEN, rate_limit_per_minute=None, timeout=30)
    client.create_secret(tag="bench_secret", name="Bench", value="value")

    def raw() -> object:
        response = session.get(secret_url, timeout=30)
        response.raise_for_status()
        return response.json()

    def typed() -> object:
        return client.get_secret(tag_or_id="bench_secret")

    rows = []
    for label, n_threads in (("sequential", 1), (f"{threads} threads", threads)):
        timed(200, n_threads, raw)
        timed(200, n_threads, typed)
        # Many short alternating batches (order swapped each time): load from other processes on a shared
        # machine then hits both sides alike, instead of whichever ran during a spike.
        totals = {"raw": [0.0, 0.0], "client": [0.0, 0.0]}
        for i in range(rounds * calls // batch):
            order = (("raw", raw), ("client", typed)) if i % 2 == 0 else (("client", typed), ("raw", raw))
            for name, fn in order:
                wall, cpu = timed(batch, n_threads, fn)
                totals[name][0] += wall
                totals[name][1] += cpu
        done = rounds * calls // batch * batch
        raw_rate, client_rate = done / totals["raw"][0], done / totals["client"][0]
        raw_cpu, client_cpu = totals["raw"][1] / done * 1e6, totals["client"][1] / done * 1e6
        rows.append((label, raw_rate, client_rate, raw_rate / client_rate - 1, raw_cpu, client_cpu))
    client.close()
    return rows


def creates(url: str, count: int) -> tuple[float, float]:
    cli = ROOT / ".venv" / "bin" / "cortex"
    if not cli.exists():
        raise SystemExit(f"the official Cortex CLI is missing: {cli} (pip install cortexapps-cli)")
    env = {
        **os.environ,
        "CORTEX_API_KEY": TOKEN,
        "CORTEX_BASE_URL": url,
        "CORTEX_CONFIG": str(Path(tempfile.gettempdir()) / "cortex-bench-no-config"),
    }
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i in range(count):
            path = Path(tmp) / f"secret-{i}.json"
            path.write_text(json.dumps({"tag": f"cli_{i}", "name": f"CLI {i}", "secret": "value"}))
            files.append(path)
        started = time.perf_counter()
        for path in files:
            subprocess.run(
                [str(cli), "secrets", "create", "-f", str(path)],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        cli_seconds = time.perf_counter() - started
    client = CortexClient(base_url=url, api_token=TOKEN, rate_limit_per_minute=None, timeout=30)
    started = time.perf_counter()
    for i in range(count):
        client.create_secret(tag=f"client_{i}", name=f"Client {i}", value="value")
    client_seconds = time.perf_counter() - started
    made = sum(1 for s in client.iter_secrets(page_size=1000) if s.tag.startswith(("cli_", "client_")))
    if made != 2 * count:
        raise SystemExit(f"expected {2 * count} secrets, found {made}")
    client.close()
    return cli_seconds, client_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000, help="calls per measurement (default 2000)")
    parser.add_argument("--rounds", type=int, default=5, help="repetitions of --calls per side (default 5)")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--creates", type=int, default=200, help="creates for the CLI comparison (0 skips it)"
    )
    args = parser.parse_args()

    proc, url = start_emulator()
    try:
        rows = throughput(url, args.calls, args.rounds, args.threads)
        print(
            f"## Client overhead: GET secret, {args.rounds} x {args.calls} calls each, alternating batches of 100\n"
        )
        print(
            "| mode | raw requests (calls/s) | CortexClient (calls/s) | client overhead (wall) "
            "| raw CPU/call (µs) | client CPU/call (µs) |"
        )
        print("|---|---:|---:|---:|---:|---:|")
        for label, raw_rate, client_rate, overhead, raw_cpu, client_cpu in rows:
            print(
                f"| {label} | {raw_rate:,.0f} | {client_rate:,.0f} | {overhead:+.1%} "
                f"| {raw_cpu:,.0f} | {client_cpu:,.0f} |"
            )
        print(
            "\nWall-clock rates include the emulator (another process on the same cores); CPU/call is this "
            "process only, i.e. what the client itself costs per call."
        )
        if args.creates:
            cli_seconds, client_seconds = creates(url, args.creates)
            print(
                f"\n## {args.creates} secret creates: official CLI (one process per command) vs CortexClient\n"
            )
            print("| tool | total (s) | per create (ms) | creates/s |")
            print("|---|---:|---:|---:|")
            for label, seconds in (("cortex CLI 1.52.0", cli_seconds), ("CortexClient", client_seconds)):
                print(
                    f"| {label} | {seconds:.2f} | {seconds / args.creates * 1000:.1f} | {args.creates / seconds:,.1f} |"
                )
            print(
                f"\nThe client is {cli_seconds / client_seconds:,.0f}x faster than one CLI process per create."
            )
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
