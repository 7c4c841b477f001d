"""Compare two Cortex tenants object by object (promoting a sandbox to production, checking a copy).

    CORTEX_API_TOKEN=... PROD_TOKEN=... cortex-pulumi diff --base-url https://sandbox.example.com \\
        --against https://prod.example.com --against-token-env PROD_TOKEN

Compares what `cortex-pulumi import` would declare: teams (members, links, Slack channels, IdP group),
the hierarchy's edges, scorecard descriptors, approved exemptions, workflow definitions and secret names
(never values: Cortex does not return them). Integration-synced edges and IdP-synced members belong to
their integrations and are not compared. Exit status 0 = equal, 1 = differences, 2 = could not compare.
"""

from __future__ import annotations

import argparse
import sys

from ..client import CortexError
from .connection import add_connection_options, client_from_args

__all__ = ["HELP", "NAME", "configure", "run"]

NAME = "diff"
HELP = "compare two Cortex tenants (teams, hierarchy, scorecards, exemptions, workflows, secret names)"


def configure(parser: argparse.ArgumentParser) -> None:
    """The tenant to compare against, what to compare, and the shared connection options."""
    from ..importer import ALL_KINDS, DEFAULT_KINDS

    parser.add_argument("--against", required=True, metavar="URL", help="API root of the other tenant")
    parser.add_argument("--against-token-env", metavar="NAME",
                        help="environment variable holding the other tenant's token (default: the same as --token-env)")
    parser.add_argument("--kinds", default=",".join(DEFAULT_KINDS), metavar="KIND,...",
                        help=f"what to compare, comma-separated, from: {', '.join(ALL_KINDS)}")
    parser.add_argument("--tag-prefix", action="append", default=[], metavar="PREFIX",
                        help="compare only objects whose tag starts with PREFIX (repeatable)")
    parser.add_argument("--exclude", action="append", default=[], metavar="TAG", help="leave this tag out (repeatable)")
    add_connection_options(parser)


def run(args: argparse.Namespace) -> int:
    """Read both tenants and print the comparison; returns the exit status."""
    from ..importer import ImportFailure, read_tenant
    from ..importer.compare import compare_tenants

    other = argparse.Namespace(base_url=args.against, token_env=args.against_token_env or args.token_env,
                               allow_insecure_http=args.allow_insecure_http)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    try:
        tenants = [read_tenant(client_from_args(ns), kinds, tag_prefixes=args.tag_prefix, exclude=args.exclude,
                               allow_empty=True) for ns in (args, other)]
    except (ImportFailure, ValueError, CortexError) as exc:
        print(f"cortex-pulumi diff: {exc}", file=sys.stderr)
        return 2
    summary, differences = compare_tenants(*tenants)
    print(f"{'kind':<12}{'first':>6}{'second':>8}  ({tenants[0].base_url} / {tenants[1].base_url})")
    print("\n".join(summary + differences))
    print("the tenants are equal" if not differences else f"{len(differences)} difference(s)")
    return 0 if not differences else 1
