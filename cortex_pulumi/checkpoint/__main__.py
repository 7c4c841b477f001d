"""`python -m cortex_pulumi.checkpoint`: the same as `cortex-pulumi restore-checkpoint`, kept for existing scripts.

A shim of the command-line module: it imports `cortex_pulumi.cli.restore_checkpoint`, which imports the library in
`cortex_pulumi.checkpoint`, and nothing imports this module back.
"""

from __future__ import annotations

from cortex_pulumi.cli.restore_checkpoint import standalone

if __name__ == "__main__":
    raise SystemExit(standalone())
