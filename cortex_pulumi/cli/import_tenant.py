"""Write a ready Pulumi project declaring what an existing Cortex tenant holds.

    CORTEX_API_TOKEN=... cortex-pulumi import --base-url https://api.getcortexapp.com --out cortex-infra

Reads the tenant (paged listings, one descriptor read per scorecard, nothing written) and writes Pulumi.yaml,
requirements.txt, __main__.py (data tables plus a loop per kind, adopt=True everywhere), scorecards/<tag>.yaml
(each descriptor exactly as Cortex returns it), workflows/<tag>.yaml and a README listing what was imported,
what was left out and why (integration-synced hierarchy edges, IdP-synced members, pending exemptions), and
the commands to run next. The directory appears complete or not at all.

Every document and row is first checked with the provider's own validation, so the project's first `pulumi
preview` passes: an object Cortex holds that preview would refuse is not declared. It is named on stderr with the
exact error, listed under "Needs attention" in the README, and its document written to needs-attention/.

Exit status: 0 = written; 3 = written, but some objects need attention (not declared; see the README);
2 = nothing written (bad arguments, Cortex unreachable or refusing the token, nothing to import).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .._words import counted
from ..client import CortexError
from ..importer.snapshot import Tenant
from .connection import add_connection_options, client_from_args

__all__ = ["HELP", "NAME", "configure", "run"]

NAME = "import"
HELP = "write a Pulumi project that declares (and adopts) what an existing Cortex tenant holds"


def configure(parser: argparse.ArgumentParser) -> None:
    """The import's arguments and the shared connection options."""
    from ..importer import ALL_KINDS, DEFAULT_KINDS

    parser.add_argument("--out", required=True, type=Path, metavar="DIR",
                        help="directory to write the project to (must be absent or empty unless --force)")
    parser.add_argument("--kinds", default=",".join(DEFAULT_KINDS), metavar="KIND,...",
                        help=f"what to import, comma-separated, from: {', '.join(ALL_KINDS)} "
                             "(default: all but deploys, which are records rather than configuration)")
    parser.add_argument("--tag-prefix", action="append", default=[], metavar="PREFIX",
                        help="import only objects whose tag starts with PREFIX (repeatable)")
    parser.add_argument("--exclude", action="append", default=[], metavar="TAG",
                        help="leave the object with this tag out (repeatable)")
    parser.add_argument("--project-name", metavar="NAME", help="Pulumi project name (default: the --out directory's name)")
    parser.add_argument("--force", action="store_true", help="replace a non-empty --out directory")
    parser.add_argument("--hierarchy-ownership", choices=("declared", "all"), default="declared",
                        help="declared (default): the program owns the hierarchy edges it declares, so an edge added "
                             "in the Cortex UI later stays; all: it owns every edge, and `up` removes one added in the "
                             "UI (the summary cautions about it). A partial import (--tag-prefix, --exclude) is "
                             "always declared")
    add_connection_options(parser)


def _fail(message: str) -> int:
    print(f"cortex-pulumi import: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    """Check the arguments, read the tenant, write the project; returns the exit status."""
    from ..importer import ImportFailure, read_tenant
    from ..importer.checks import set_aside_invalid
    from ..importer.kinds import counts as count_rows, object_count
    from ..importer.project import check_out_dir, check_project_name, write_project

    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    project = args.project_name or re.sub(r"[^A-Za-z0-9_.-]+", "-", args.out.resolve().name).strip("-.") or "cortex"
    try:
        check_project_name(project)
        check_out_dir(args.out, args.force)  # before reading: a refused --out costs no API call
        client = client_from_args(args)
        tenant = read_tenant(client, kinds, tag_prefixes=args.tag_prefix, exclude=args.exclude)
        _own_hierarchy(tenant, args.hierarchy_ownership)
        set_aside_invalid(tenant)
        secret_lines = write_project(tenant, args.out, project, force=args.force)
    except (ImportFailure, ValueError, OSError, CortexError) as exc:
        return _fail(str(exc))
    counts = ", ".join(counted(n, noun) for noun, n in count_rows(tenant) if n)
    print(f"wrote {args.out}: {counts} ({counted(object_count(tenant), 'object')}); {len(tenant.skipped)} left out "
          f"(see {args.out / 'README.md'})")
    print("next:")
    for line in [f"cd {args.out}", "python -m venv venv && . venv/bin/activate && pip install -r requirements.txt",
                 "pulumi stack init <stack>", f"pulumi config set cortex:baseUrl {tenant.base_url}",
                 "pulumi config set --secret cortex:apiToken    # or export CORTEX_API_TOKEN",
                 *secret_lines, "pulumi preview",
                 # An adoption writes only secret values, so an interrupted one is simply run again (README).
                 "PULUMI_SKIP_CHECKPOINTS=true pulumi up    # the first, adopting up only: safe to rerun",
                 "pulumi preview --expect-no-changes"]:
        print(f"  {line}")
    return _report_attention(tenant, args.out)


def _own_hierarchy(tenant: Tenant, ownership: str) -> None:
    """Who owns the hierarchy; ImportFailure for `all` when the import leaves teams (and their edges) out."""
    from ..importer import ImportFailure

    if ownership == "all" and tenant.partial_hierarchy:
        raise ImportFailure("--hierarchy-ownership all needs the whole hierarchy, and this import leaves out teams "
                            "that edges join (--tag-prefix, --exclude); use declared, or import every team")
    tenant.hierarchy_ownership = ownership.upper()


#: Exit status of an import that wrote the project but left objects out because preview would refuse them.
NEEDS_ATTENTION = 3


def _report_attention(tenant: Tenant, out: Path) -> int:
    """Name each object left out (stderr) with its first error; NEEDS_ATTENTION when there is one, else 0."""
    for item in tenant.attention:
        more = f" (+{len(item.errors) - 1} more)" if len(item.errors) > 1 else ""
        print(f"cortex-pulumi import: needs attention: {item.kind} {item.name!r} is not declared: {item.errors[0]}"
              f"{more}", file=sys.stderr)
    if tenant.attention:
        print(f"cortex-pulumi import: {len(tenant.attention)} objects need attention; see {out / 'README.md'}",
              file=sys.stderr)
        return NEEDS_ATTENTION
    return 0
