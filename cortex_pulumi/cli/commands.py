"""The `cortex-pulumi` parser: subcommands registered by module name, dispatched to each module's `run`.

A subcommand module defines ``NAME`` (the word on the command line), ``HELP`` (one line for the overview),
``configure(parser)`` (its arguments) and ``run(args) -> int`` (the exit status); its module docstring is
the subcommand's ``--help`` description. Adding one is a new module plus one line in ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

__all__ = ["COMMANDS", "build_parser", "main"]

#: Subcommand modules of this package, in the order `--help` lists them (one line per subcommand).
COMMANDS: tuple[str, ...] = (
    "import_tenant",
    "diff",
    "audit",
    "restore_checkpoint",
    "summarize",
)


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every registered subcommand."""
    # allow_abbrev=False: `--token X` must not be read as `--token-env X` (a token would become a "name").
    parser = argparse.ArgumentParser(
        prog="cortex-pulumi", allow_abbrev=False,
        description="Tools for Cortex managed with Pulumi. `cortex-pulumi COMMAND --help` describes each command.")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"{__package__}.{name}")
        sub = subparsers.add_parser(
            module.NAME, help=module.HELP, description=module.__doc__, allow_abbrev=False,
            formatter_class=argparse.RawDescriptionHelpFormatter)
        module.configure(sub)
        sub.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse `argv` and run the chosen subcommand; usage errors exit with status 2 (argparse's convention)."""
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args))
    except KeyboardInterrupt:
        print("cortex-pulumi: interrupted", file=sys.stderr)
        return 130
