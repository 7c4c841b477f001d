"""The `cortex-pulumi` command line: one console script, one module per subcommand (see commands.COMMANDS)."""

from __future__ import annotations

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run `cortex-pulumi` with `argv` (default: sys.argv[1:]); returns the exit status."""
    from .commands import main as run

    return run(argv)
