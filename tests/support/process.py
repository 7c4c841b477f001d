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
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

from tests.support import ADMIN_TOKEN, VIEWER_TOKEN

LISTENING = re.compile(r"Cortex emulator listening on (http://\S+)")
CORTEX_CLI = Path(sys.executable).with_name("cortex")


class EmulatorProcess:
    def __init__(self, *args: str, timeout: float = 30.0) -> None:
        argv = list(args)
        if "--api-key" not in argv:
            argv += ["--api-key", f"{ADMIN_TOKEN}=ADMIN", "--api-key", f"{VIEWER_TOKEN}=VIEWER"]
        if "--port" not in argv:
            argv += ["--port", "0"]
        self.argv = [sys.executable, "-m", "cortex_pulumi.emulator", *argv]
        self.timeout = timeout
        self.url = ""
        self.first_line = ""
        self.process: subprocess.Popen[str] | None = None
        self._stderr: list[str] = []

    def start(self) -> EmulatorProcess:
        self.process = subprocess.Popen(
            self.argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}
        )
        assert self.process.stdout is not None and self.process.stderr is not None
        threading.Thread(target=self._drain, args=(self.process.stderr,), daemon=True).start()
        line_holder: list[str] = []
        reader = threading.Thread(target=lambda: line_holder.append(self.process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(self.timeout)
        line = line_holder[0] if line_holder else ""
        match = LISTENING.search(line)
        if not match:
            self.kill()
            raise AssertionError(f"emulator did not report readiness: stdout={line!r} stderr={''.join(self._stderr)[-2000:]}")
        self.first_line = line.strip()
        self.url = match.group(1)
        return self

    def _drain(self, stream: IO[str]) -> None:
        for line in stream:
            self._stderr.append(line)

    @property
    def stderr(self) -> str:
        return "".join(self._stderr)

    def stop(self) -> int:
        if self.process is None:
            return 0
        self.process.terminate()
        try:
            return self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(15)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(15)

    def __enter__(self) -> EmulatorProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.kill() if self.process is not None and self.process.poll() is None else None


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
