"""Run the emulator as a subprocess (``python -m cortex_pulumi.emulator``) and the official Cortex CLI.

``EmulatorProcess(*args, token=ADMIN_TOKEN)`` starts the emulator on port 0 with ``args`` (keys default
to ADMIN_TOKEN=ADMIN and VIEWER_TOKEN=VIEWER when no ``--api-key`` is given), waits for the
``Cortex emulator listening on http://HOST:PORT`` line and exposes ``.url``, ``.process``, ``.stop()``
(SIGTERM, graceful) and ``.kill()`` (SIGKILL). It is a context manager.

``run_cortex_cli(url, *args, token=ADMIN_TOKEN)`` runs ``.venv/bin/cortex`` against ``url`` with an
isolated config path and returns the CompletedProcess (text). ``cortex_json(...)`` parses its stdout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from cortex_pulumi.emulator.process import EmulatorProcess as _EmulatorProcess
from tests.support import ADMIN_TOKEN, VIEWER_TOKEN

CORTEX_CLI = Path(sys.executable).with_name("cortex")


class EmulatorProcess(_EmulatorProcess):
    """`cortex_pulumi.emulator.process.EmulatorProcess` with the test keys unless ``--api-key`` is given."""

    def __init__(self, *args: str, timeout: float = 30.0) -> None:
        argv = list(args)
        if "--api-key" not in argv:
            argv += ["--api-key", f"{ADMIN_TOKEN}=ADMIN", "--api-key", f"{VIEWER_TOKEN}=VIEWER"]
        super().__init__(*argv, timeout=timeout)


def run_cortex_cli(url: str, *args: str, token: str = ADMIN_TOKEN, cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    if not CORTEX_CLI.exists():
        raise AssertionError(f"the official Cortex CLI is not installed at {CORTEX_CLI} (pip install cortexapps-cli)")
    env = {
        **os.environ,
        "CORTEX_API_KEY": token,
        "CORTEX_BASE_URL": url,
        # A path that does not exist, so a developer's ~/.cortex/config is never read.
        "CORTEX_CONFIG": str(Path(cwd or ".").resolve() / "no-such-cortex-config"),
        "NO_COLOR": "1",
        "TERM": "dumb",
        "COLUMNS": "200",
    }
    return subprocess.run([str(CORTEX_CLI), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120, stdin=subprocess.DEVNULL)


def cortex_json(url: str, *args: str, token: str = ADMIN_TOKEN, cwd: str | None = None) -> Any:
    result = run_cortex_cli(url, *args, token=token, cwd=cwd)
    assert result.returncode == 0, f"cortex {' '.join(args)} failed ({result.returncode}): {result.stdout}{result.stderr}"
    return json.loads(result.stdout)
