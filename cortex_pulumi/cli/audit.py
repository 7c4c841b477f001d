"""Compare a `pulumi stack export` with Cortex: missing objects, orphans, duplicates, drift, interrupted creates.

    pulumi stack export | cortex-pulumi audit --prefix payments-
    pulumi stack export > state.json && cortex-pulumi audit state.json --repair repaired.json

Exit status 0 = the state and Cortex agree, 1 = findings, 2 = could not audit. `--repair` exits 0 once it wrote
the repaired deployment; with nothing to repair it writes no file and reports and exits as the plain audit. After a killed `pulumi` left
"failed to load checkpoint" (file:// backend), run `cortex-pulumi restore-checkpoint` first; orphans it leaves
are adopted by `adopt=True` on the resources declaring them and `pulumi up`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from ..client import CortexError
from .connection import add_connection_options, client_from_args

__all__ = ["HELP", "NAME", "configure", "run", "standalone"]

NAME = "audit"
HELP = "compare a `pulumi stack export` with what Cortex holds (and repair interrupted creates)"


def configure(parser: argparse.ArgumentParser) -> None:
    """The audit's arguments and the shared connection options."""
    parser.add_argument("state", nargs="?", default="-", help="the exported stack JSON file (default: stdin)")
    parser.add_argument("--prefix", action="append", default=[],
                        help="tag prefix of objects the stack owns (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--repair", metavar="FILE", help="write a deployment adopting interrupted creates that landed")
    add_connection_options(parser)


def _read(path: str) -> object:
    if path == "-":
        return json.loads(sys.stdin.read())
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def run(args: argparse.Namespace) -> int:
    """Audit (or repair) as `args` say; returns the exit status."""
    from ..audit import audit, repair

    try:
        document = _read(args.state)
        if not isinstance(document, dict):
            raise ValueError("not a `pulumi stack export` document (not a JSON object)")
        client = client_from_args(args)
        if args.repair:
            repaired, notes = repair(document, client)
            if notes:
                with open(args.repair, "w", encoding="utf-8") as handle:
                    json.dump(repaired, handle, indent=2)
                print("\n".join(notes))
                print(f"then run: pulumi cancel --yes (only if a killed pulumi left the stack locked); "
                      f"pulumi stack import --file {args.repair}; pulumi refresh --yes; pulumi up")
                return 0
            # Nothing to import: say so, and report (and exit) exactly as the plain audit of this state would.
            print(f"nothing to repair: no interrupted creates ({args.repair} not written)")
        report = audit(document, client, args.prefix)
    except (OSError, ValueError, CortexError) as exc:
        print(f"audit failed: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report.to_json(), indent=2) if args.json else report.to_text())
    return 0 if report.ok else 1


def standalone(argv: Sequence[str] | None = None) -> int:
    """`python -m cortex_pulumi.audit`, kept for existing scripts."""
    parser = argparse.ArgumentParser(prog="python -m cortex_pulumi.audit", description=__doc__, allow_abbrev=False,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    configure(parser)
    return run(parser.parse_args(argv))
