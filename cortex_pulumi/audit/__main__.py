"""`python -m cortex_pulumi.audit`: the same as `cortex-pulumi audit` (exit 0 agree, 1 findings, 2 error), kept for existing scripts.

A shim of the command-line module: it imports `cortex_pulumi.cli.audit`, which imports the library in
`cortex_pulumi.audit`, and nothing imports this module back.
"""

from __future__ import annotations

from cortex_pulumi.cli.audit import standalone

if __name__ == "__main__":
    raise SystemExit(standalone())
