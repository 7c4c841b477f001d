"""Summarize `pulumi preview --json` in Cortex's terms, as Markdown for a pull-request comment or text for a log.

    pulumi preview --json > preview.json && cortex-pulumi summarize preview.json > summary.md
    pulumi preview --json | cortex-pulumi summarize --format text --fail-on-delete

A create with `adopt=True` takes over an object Cortex already holds: it is counted and listed as an adoption,
apart from real creates. Given --base-url (and the token in CORTEX_API_TOKEN, or the variable --token-env names),
each adoption is also compared, read-only, with what Cortex holds, by the kind's own equality: "25 to adopt: 22
match Cortex, 3 will be updated (name, members)".

Exit status, whatever the format: 0 = summarized, 1 = summarized, and the preview failed (its errors lead the
summary) or --fail-on-delete was given and the preview deletes or replaces something, 2 = could not read the
preview.
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["HELP", "NAME", "configure", "run"]

NAME = "summarize"
HELP = "turn `pulumi preview --json` into a pull-request summary in Cortex's terms"


def configure(parser: argparse.ArgumentParser) -> None:
    from ..summary import FORMATS

    parser.add_argument("preview", nargs="?", default="-", help="the preview JSON file (default: stdin)")
    parser.add_argument("--format", choices=FORMATS, default="markdown",
                        help="markdown for a pull-request comment (default), text for a CI log")
    parser.add_argument("--title", default="Cortex preview", help="heading of the summary (e.g. the stack name)")
    parser.add_argument("--output", metavar="FILE", help="write the summary to FILE instead of stdout")
    parser.add_argument("--drift", action="store_true", default=None,
                        help="word each change as drift (what changed in Cortex, what the next `up` does about it); "
                             "the default for a `--refresh` preview of a program that did not change")
    parser.add_argument("--fail-on-delete", action="store_true",
                        help="exit 1 when the preview deletes or replaces anything")
    from .connection import add_connection_options

    add_connection_options(parser, what="Cortex, to compare each adoption with what it holds (read-only; only "
                                        "with --base-url)")


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def run(args: argparse.Namespace) -> int:
    """Summarize as `args` say; returns the exit status."""
    from ..client import CortexError
    from ..summary import PreviewFormatError, summarize_text

    source = "stdin" if args.preview == "-" else args.preview
    try:
        client = None
        if args.base_url:
            from .connection import client_from_args

            client = client_from_args(args)
        text, summary = summarize_text(_read(args.preview), args.format, title=args.title, drift=args.drift,
                                        client=client)
    except (ValueError, CortexError) as exc:
        if isinstance(exc, PreviewFormatError):
            print(f"summarize: {source}: {exc}", file=sys.stderr)
        else:
            print(f"summarize: cannot compare the adoptions with Cortex: {exc}", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as exc:
        print(f"summarize: cannot read {source}: {exc}", file=sys.stderr)
        return 2
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    if summary.errors:
        print(f"summarize: the preview failed ({len(summary.errors)} error(s), shown first in the summary)",
              file=sys.stderr)
        return 1
    if args.fail_on_delete and summary.deletes_or_replaces:
        print(f"summarize: the preview deletes {summary.total('delete')} and replaces {summary.total('replace')} "
              "objects (--fail-on-delete)", file=sys.stderr)
        return 1
    return 0
