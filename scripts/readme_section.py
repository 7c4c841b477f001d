"""One generated section of README.md between two markers: `--write` rewrites it, `--check` fails when stale."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def splice(readme: str, begin: str, end: str, body: str) -> str:
    """The README with the text between the markers replaced by `body`."""
    start, stop = readme.find(begin), readme.find(end)
    if start < 0 or stop < start:
        raise SystemExit(f"README.md lacks the markers {begin!r} ... {end!r}")
    return readme[: start + len(begin)] + "\n\n" + body + "\n" + readme[stop:]


def main(argv: list[str] | None, *, description: str, begin: str, end: str, render: Callable[[], str],
         what: str, script: str) -> int:
    """The command line both generators share; `what` names the section in the stale message."""
    parser = argparse.ArgumentParser(description=description)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="rewrite the README section")
    mode.add_argument("--check", action="store_true", help="exit 1 when the README section is stale")
    options = parser.parse_args(argv)
    readme = README.read_text()
    wanted = splice(readme, begin, end, render())
    if options.write:
        README.write_text(wanted)
        return 0
    if wanted != readme:
        print(f"README.md's {what} is stale: run {script} --write", file=sys.stderr)
        return 1
    return 0
