"""Turn measured benchmark points into the Markdown tables and the PNG plot under benchmarks/results/."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from benchmarks.engine import OPERATIONS

#: API calls per object each operation should need at most.
TARGET_CALLS = {"create": 1.0, "preview": 0.0, "preview-refresh": 1.0, "update": 1.0, "refresh": 1.0,
                "destroy": 1.0}


def _f(value: float | None, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def _mib(peaks: dict[str, float], role: str) -> str:
    return f"{peaks[role]:.0f}" if role in peaks else "–"


def modes_of(points: Sequence[dict[str, Any]]) -> list[str]:
    seen: list[str] = []
    for p in points:
        seen.extend(m for m in p["modes"] if m not in seen)
    return seen


def runs(points: Sequence[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(mode, point, lifecycle) in table order: mode, latency, N."""
    for mode in modes_of(points):
        for p in sorted(points, key=lambda p: (p["latency_ms"], p["n"])):
            if mode in p["modes"]:
                yield mode, p, p["modes"][mode]


def scaling(points: Sequence[dict[str, Any]], small: int = 100, large: int = 1000) -> list[dict[str, Any]]:
    """time(N=large) / time(N=small) per mode, latency and operation, where both were measured."""
    rows = []
    for mode in modes_of(points):
        by_key = {(p["latency_ms"], p["n"]): p["modes"][mode] for p in points if mode in p["modes"]}
        for latency in sorted({lat for lat, _ in by_key}):
            a, b = by_key.get((latency, small)), by_key.get((latency, large))
            if not a or not b:
                continue
            for op in OPERATIONS:
                ta, tb = a["ops"][op]["seconds"], b["ops"][op]["seconds"]
                rows.append({"mode": mode, "latency_ms": latency, "op": op, "small": ta, "large": tb,
                             "ratio": tb / ta})
    return rows


def markdown(points: Sequence[dict[str, Any]], command: str, notes: Sequence[str] = ()) -> str:
    out = ["# cortex-pulumi benchmark results", "", f"Reproduce: `{command}`", ""]
    out += [f"- {note}" for note in notes]
    if notes:
        out.append("")
    out += [
        "## Pulumi operations",
        "",
        "Mode `default` is Pulumi as installed; `skip-checkpoints` sets `PULUMI_SKIP_CHECKPOINTS=true`, which "
        "stops the file backend from rewriting the whole state after every step. Bound: the time the API alone "
        "needs for the calls made, 4 in flight at the added latency while they fit in the rate limit's 60-second "
        "window, then the window (benchmarks/bound.py; calls of the previous step still in the window count; "
        "0 at 0 ms within the window, so no ratio there). Peak RSS in MiB "
        "of the largest process of each role; CPU seconds of the engine, program and provider processes.",
        "",
        "| mode | N | latency ms | operation | time s | API calls | calls/object | target | bound s "
        "| time/bound | 429s | program MiB | provider MiB | engine MiB | CPU s engine/program/provider |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for mode, p, run in runs(points):
        for op in OPERATIONS:
            o = run["ops"][op]
            cpu = o.get("cpu_seconds", {})
            cpu_text = " / ".join(_f(cpu.get(r), 1) for r in ("engine", "program", "provider"))
            out.append(
                f"| {mode} | {p['n']} | {p['latency_ms']:g} | {op} | {_f(o['seconds'], 1)} | {o['api']['calls']} "
                f"| {_f(o['calls_per_object'], 3)} | ≤ {TARGET_CALLS[op]:g} | {_f(o['bound_seconds'], 1)} "
                f"| {_f(o['ratio_to_bound'])} | {o['api']['throttled']} | {_mib(o['peaks_mib'], 'program')} "
                f"| {_mib(o['peaks_mib'], 'provider')} | {_mib(o['peaks_mib'], 'engine')} | {cpu_text} |"
            )
    out += [
        "",
        "## Creating the stack: Pulumi versus the official CLI and the bare client",
        "",
        "`pulumi up` creates the N objects; the official CLI (`cortex … create -f`, one process per object, "
        "one after another, as a shell script runs it) and the project's bare REST client (4 threads, the "
        "provider's concurrency, its own rate limiter on) create the same objects on an emptied emulator. "
        "State: bytes of the state file per object; the providers' payload is the inputs and outputs "
        "(including the pickled `__provider`), the rest is what Pulumi records per resource (URNs, "
        "timestamps, the program's stack trace at registration...).",
        "",
        "| mode | N | latency ms | pulumi up s | bare client s | up ÷ client | official CLI s | CLI ÷ up "
        "| state B/object | payload B/object | `__provider` B/object | stack trace B/object |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for mode, p, run in runs(points):
        up = run["ops"]["create"]["seconds"]
        client = p.get("client", {}).get("seconds")
        cli = p.get("cli", {})
        cli_text = "–"
        if cli:
            cli_text = _f(cli["seconds"], 1) + (f" (est. from {cli['commands']})" if cli["extrapolated"] else "")
        s = run.get("state", {})
        n = p["n"]
        out.append(
            f"| {mode} | {n} | {p['latency_ms']:g} | {_f(up, 1)} | {_f(client, 1) if client else '–'} "
            f"| {_f(up / client) if client else '–'} | {cli_text} | {_f(cli['seconds'] / up, 1) if cli else '–'} "
            f"| {_f(s.get('bytes_per_object'), 0)} | {_f(s.get('payload_per_object'), 0)} "
            f"| {_f(s.get('provider_blob_per_object'), 0)} "
            f"| {_f(s['stack_trace_bytes'] / n if s else None, 0)} |"
        )
    rows = scaling(points)
    if rows:
        out += ["", "## Scaling: time(N = 1,000) ÷ time(N = 100)", "", "| mode | latency ms | operation | N=100 s "
                "| N=1000 s | ratio (target ≤ 11) |", "|---|---:|---|---:|---:|---:|"]
        out += [f"| {r['mode']} | {r['latency_ms']:g} | {r['op']} | {_f(r['small'], 1)} | {_f(r['large'], 1)} "
                f"| {_f(r['ratio'])} |" for r in rows]
    return "\n".join(out) + "\n"


def plot(points: Sequence[dict[str, Any]], path: Path) -> None:
    """Time versus N per operation: one panel per mode and latency, with the API bound of `create` dashed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [(mode, lat) for mode in modes_of(points)
              for lat in sorted({p["latency_ms"] for p in points if mode in p["modes"]})]
    cols = len({lat for _, lat in panels})
    rows = -(-len(panels) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(6.5 * cols, 5 * rows), squeeze=False)
    for ax, (mode, latency) in zip(axes.flat, panels, strict=False):
        series = sorted((p for p in points if p["latency_ms"] == latency and mode in p["modes"]), key=lambda p: p["n"])
        ns = [p["n"] for p in series]
        for op in OPERATIONS:
            ax.plot(ns, [p["modes"][mode]["ops"][op]["seconds"] for p in series], marker="o", label=f"pulumi {op}")
        ax.plot(ns, [p["modes"][mode]["ops"]["create"]["bound_seconds"] for p in series], "k--",
                label="API bound (create)")
        if all("client" in p for p in series):
            ax.plot(ns, [p["client"]["seconds"] for p in series], "k:", marker="x", label="bare client, 4 threads")
        if all("cli" in p for p in series):
            ax.plot(ns, [p["cli"]["seconds"] for p in series], color="grey", marker="s", label="official CLI script")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("objects in the stack (N)")
        ax.set_ylabel("wall time (s)")
        ax.set_title(f"{mode}: latency {latency:g} ms, {series[0]['rate_limit']} requests/min")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
