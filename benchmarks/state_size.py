"""Where a stack's state bytes go, per resource kind: inputs, outputs, the pickled provider, stack traces, the rest.

    python -m benchmarks.state_size path/to/stack.json      # a file backend's stack file or `pulumi stack export`

The engine's file backend rewrites the whole state after every step, so each byte here is written once per step
of a deployment: the state's size times the number of steps is what `pulumi up` and `destroy` pay in
checkpoints (docs/performance.md).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

PROVIDER_KEY = "__provider"


def _size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":")))


def resources_of(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The resources of a stack file (`checkpoint.latest`) or of a `pulumi stack export` (`deployment`)."""
    deployment = data.get("checkpoint", {}).get("latest") or data.get("deployment") or {}
    return list(deployment.get("resources") or [])


def by_kind(resources: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, float]]:
    """Per type token's last part: count and mean bytes per resource of the whole entry, its inputs and outputs
    (without the provider blob), the provider blob (both copies), the stack trace and everything else."""
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r in resources:
        kind = str(r.get("type", "")).rsplit(":", 1)[-1]
        row = sums[kind]
        inputs, outputs = dict(r.get("inputs") or {}), dict(r.get("outputs") or {})
        blob = sum(_size(part.pop(PROVIDER_KEY)) for part in (inputs, outputs) if PROVIDER_KEY in part)
        total = _size(r)
        parts = {"inputs": _size(inputs), "outputs": _size(outputs), "provider_blob": blob,
                 "stack_trace": _size(r.get("stackTrace") or [])}
        row["count"] += 1
        row["total"] += total
        for key, value in parts.items():
            row[key] += value
        row["engine_other"] += total - sum(parts.values())
    return {kind: {k: (v if k == "count" else round(v / row["count"])) for k, v in row.items()}
            for kind, row in sorted(sums.items())}


def summary(path: Path) -> dict[str, Any]:
    """The file's size, its resource count and `by_kind`."""
    data = json.loads(path.read_text())
    resources = resources_of(data)
    return {"bytes": path.stat().st_size, "resources": len(resources), "by_kind": by_kind(resources)}


def markdown(figures: Mapping[str, Any]) -> str:
    """A table of `summary`'s figures (bytes per resource)."""
    lines = [f"State: {figures['bytes']:,} bytes, {figures['resources']} resources.", "",
             "| kind | count | bytes/resource | inputs | outputs | provider blob | stack trace | engine's own |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for kind, row in figures["by_kind"].items():
        lines.append(f"| {kind} | {row['count']:.0f} | {row['total']:,.0f} | {row['inputs']:,.0f} | "
                     f"{row['outputs']:,.0f} | {row['provider_blob']:,.0f} | {row['stack_trace']:,.0f} | "
                     f"{row['engine_other']:,.0f} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print(__doc__.split("\n\n")[1].strip(), file=sys.stderr)
        return 2
    print(markdown(summary(Path(args[0]))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
