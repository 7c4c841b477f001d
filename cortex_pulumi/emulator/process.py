"""`EmulatorProcess`: the emulator as a subprocess (`python -m cortex_pulumi.emulator`), for tests and benchmarks.

    with EmulatorProcess("--api-key", "tok=ADMIN", "--rate-limit", "1000") as emulator:
        client = CortexClient(base_url=emulator.url, api_token="tok")

It starts on port 0 unless ``--port`` is given, waits for the ``Cortex emulator listening on http://HOST:PORT``
line and exposes ``url``, ``port``, ``pid``, ``process``, ``stderr``, ``stop()`` (SIGTERM, graceful, returns the
exit status) and ``kill()`` (SIGKILL). Its standard error goes to ``stderr_path`` when given, else it is
collected; ``cwd`` is its working directory and ``preexec_fn`` runs in the child before it starts (resource
limits). The one launcher of the emulator for tests and benchmarks: the engine and reliability harnesses
build on it too.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

__all__ = ["LISTENING", "EmulatorProcess"]

LISTENING = re.compile(r"Cortex emulator listening on (http://\S+)")


class EmulatorProcess:
    """One emulator subprocess; a context manager (killed on exit if still running)."""

    def __init__(self, *args: str, timeout: float = 30.0, python: str = sys.executable,
                 stderr_path: Path | None = None, cwd: Path | None = None,
                 preexec_fn: Callable[[], None] | None = None) -> None:
        argv = list(args)
        if "--port" not in argv:
            argv += ["--port", "0"]
        self.argv = [python, "-m", "cortex_pulumi.emulator", *argv]
        self.timeout = timeout
        self.stderr_path = stderr_path
        self.cwd = cwd
        self.preexec_fn = preexec_fn
        self.url = ""
        self.first_line = ""
        self.process: subprocess.Popen[str] | None = None
        self._stderr: list[str] = []
        self._stderr_file: IO[str] | None = None

    def start(self) -> EmulatorProcess:
        """Start it and wait until it listens; AssertionError (with its standard error) if it does not."""
        if self.stderr_path is not None:
            self._stderr_file = self.stderr_path.open("w")
        self.process = subprocess.Popen(
            self.argv, stdout=subprocess.PIPE, stderr=self._stderr_file or subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"}, cwd=self.cwd, preexec_fn=self.preexec_fn,
        )
        assert self.process.stdout is not None
        if self._stderr_file is None:
            assert self.process.stderr is not None
            threading.Thread(target=self._drain, args=(self.process.stderr,), daemon=True).start()
        first: list[str] = []
        stdout = self.process.stdout
        reader = threading.Thread(target=lambda: first.append(stdout.readline()), daemon=True)
        reader.start()
        reader.join(self.timeout)
        line = first[0] if first else ""
        match = LISTENING.search(line)
        if not match:
            self.kill()
            raise AssertionError(f"emulator did not report readiness: stdout={line!r} stderr={self.stderr[-2000:]}")
        self.first_line = line.strip()
        self.url = match.group(1)
        return self

    def _drain(self, stream: IO[str]) -> None:
        for line in stream:
            self._stderr.append(line)

    @property
    def stderr(self) -> str:
        """What it wrote to standard error so far."""
        if self.stderr_path is not None and self.stderr_path.exists():
            return self.stderr_path.read_text()
        return "".join(self._stderr)

    @property
    def port(self) -> int:
        """The port it listens on (from ``url``)."""
        return int(self.url.rsplit(":", 1)[1])

    @property
    def pid(self) -> int:
        assert self.process is not None, "not started"
        return self.process.pid

    def stop(self) -> int:
        """SIGTERM and wait (SIGKILL after 15 s); the exit status."""
        if self.process is None:
            return 0
        self.process.terminate()
        try:
            return self._closed(self.process.wait(15))
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self._closed(self.process.wait(15))

    def kill(self) -> None:
        """SIGKILL, if it still runs."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(15)
        self._closed(0)

    def _closed(self, status: int) -> int:
        if self._stderr_file is not None:
            self._stderr_file.close()
            self._stderr_file = None
        return status

    def __enter__(self) -> EmulatorProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.kill()
