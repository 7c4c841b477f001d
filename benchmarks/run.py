"""Run the benchmark suite: `python -m benchmarks.run --sizes 10,100,500,1000 --latency 0,50`.

For every latency and stack size, against a fresh Cortex emulator: `pulumi up` (create), `pulumi preview`
(no change), `pulumi up` after changing 10% of the objects, `pulumi refresh` and `pulumi destroy`, timed,
with API calls counted from the emulator's request log and peak memory sampled; then the official Cortex
CLI and the bare client create the same objects. Writes results.json, results.md and results.png.
"""

from __future__ import annotations

import argparse
import json
import logging
import shlex
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.measure import MODES, run_point
from benchmarks.report import markdown, plot

RESULTS = Path(__file__).resolve().parent / "results"


def _numbers(text: str, kind: type) -> list:
    try:
        return [kind(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a comma list of numbers, got {text!r}") from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=lambda t: _numbers(t, int), default=[10, 100, 500, 1000],
                   help="stack sizes N (default 10,100,500,1000)")
    p.add_argument("--latency", type=lambda t: _numbers(t, float), default=[0.0, 50.0],
                   help="added latency per API request in ms (default 0,50)")
    p.add_argument("--rate-limit", type=int, default=1000,
                   help="API requests per minute, for the emulator and the provider's client (default 1000, Cortex's)")
    p.add_argument("--rate-limit-mode", default="token-bucket", choices=("token-bucket", "sliding-window"),
                   help="how the emulator counts the rate limit (default token-bucket)")
    p.add_argument("--cli-max", type=int, default=100,
                   help="run at most this many official-CLI commands per point and extrapolate linearly beyond "
                   "(one process per object makes the CLI slow; default 100)")
    p.add_argument("--modes", type=lambda t: [m for m in t.split(",") if m], default=list(MODES),
                   help=f"engine settings to run the lifecycle under (default {','.join(MODES)})")
    p.add_argument("--no-baselines", action="store_true", help="skip the official CLI and the bare client")
    p.add_argument("--fresh-destroy", action="store_true",
                   help="wait one rate-limit window before each destroy, so it is not measured behind the "
                        "earlier steps' calls")
    p.add_argument("--out", type=Path, default=RESULTS, help="output directory (default benchmarks/results)")
    p.add_argument("--work", type=Path, help="scratch directory (default: a temporary one)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    unknown = [m for m in args.modes if m not in MODES]
    if unknown:
        parser().error(f"unknown mode(s) {', '.join(unknown)}; known: {', '.join(MODES)}")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    command = "python -m benchmarks.run " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    work = args.work or Path(tempfile.mkdtemp(prefix="cortex-bench-"))
    points = []
    started = time.time()
    for latency in args.latency:
        for n in args.sizes:
            points.append(run_point(work / f"n{n}-l{latency:g}", n, latency, rate_limit=args.rate_limit,
                                    rate_limit_mode=args.rate_limit_mode, cli_max=args.cli_max, modes=tuple(args.modes), baselines=not args.no_baselines,
                                    fresh_destroy=args.fresh_destroy))
            _write(args.out, points, command, started)
    print(f"wrote {args.out / 'results.md'} and {args.out / 'results.png'}")
    return 0


def _write(out: Path, points: list, command: str, started: float) -> None:
    out.mkdir(parents=True, exist_ok=True)
    notes = [f"Run started {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(started))}; "
             f"{sum(1 for _ in points)} points. Absolute times are for orientation (shared 2-core machine); "
             "compare ratios measured in the same run."]
    (out / "results.json").write_text(json.dumps({"command": command, "points": points}, indent=1))
    (out / "results.md").write_text(markdown(points, command, notes))
    plot(points, out / "results.png")


if __name__ == "__main__":
    sys.exit(main())
