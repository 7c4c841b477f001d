"""Restore an unreadable DIY-backend checkpoint ("failed to load checkpoint") from its newest readable backup.

A `pulumi` killed while saving can leave the file:// backend's checkpoint empty or cut short. This puts back
the newest readable copy (``<stack>.json.bak`` or ``.pulumi/history``), keeping the broken files with an
``.unreadable`` suffix. Exit status 0 = the checkpoint is readable now, 2 = no readable backup exists.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

__all__ = ["HELP", "NAME", "configure", "run", "standalone"]

NAME = "restore-checkpoint"
HELP = "put back the newest readable backup of a file:// backend checkpoint a killed pulumi left unreadable"


def configure(parser: argparse.ArgumentParser) -> None:
    """Which backend and stack to restore."""
    parser.add_argument("--backend", default=os.environ.get("PULUMI_BACKEND_URL") or str(Path.home()),
                        help="file:// backend URL or directory (default: PULUMI_BACKEND_URL, else ~, i.e. ~/.pulumi)")
    parser.add_argument("--project", required=True, help="the project name (Pulumi.yaml `name`)")
    parser.add_argument("--stack", required=True, help="the stack name (without organization/project)")


def run(args: argparse.Namespace) -> int:
    """Restore when needed; returns the exit status."""
    import sys

    from ..checkpoint import CheckpointError, restore_checkpoint

    try:
        source = restore_checkpoint(args.backend, args.project, args.stack)
    except (CheckpointError, OSError) as exc:
        print(f"restore failed: {exc}", file=sys.stderr)
        return 2
    print(f"restored from {source}; then run: pulumi cancel --yes; pulumi refresh --yes; cortex-pulumi audit "
          "(orphans: set adopt=True on the resources declaring them, then pulumi up)"
          if source else "the checkpoint is readable: nothing to restore")
    return 0


def standalone(argv: Sequence[str] | None = None) -> int:
    """`python -m cortex_pulumi.checkpoint`, kept for existing scripts."""
    parser = argparse.ArgumentParser(prog="python -m cortex_pulumi.checkpoint", description=__doc__,
                                     allow_abbrev=False, formatter_class=argparse.RawDescriptionHelpFormatter)
    configure(parser)
    return run(parser.parse_args(argv))
