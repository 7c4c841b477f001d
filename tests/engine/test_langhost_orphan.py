"""The language host exits when the engine that started it dies without a word (SIGKILL)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_host_exits_once_its_parent_is_killed() -> None:
    # A stand-in engine: a shell that starts the host, says its pid, and is then SIGKILLed.
    engine = subprocess.Popen(
        ["bash", "-c", f'"{sys.executable}" -m cortex_pulumi.langhost 127.0.0.1:1 & echo "pid:$!"; sleep 60'],
        stdout=subprocess.PIPE, text=True,
    )
    assert engine.stdout is not None
    host_pid = 0
    deadline = time.monotonic() + 30
    while not host_pid and time.monotonic() < deadline:
        line = engine.stdout.readline()
        if line.startswith("pid:"):
            host_pid = int(line[4:])
    assert host_pid, "the stand-in engine did not start the host"
    port_line = engine.stdout.readline().strip()
    assert port_line.isdigit(), f"the host's first line is its port, got {port_line!r}"
    assert _alive(host_pid)
    engine.kill()
    engine.wait(10)
    deadline = time.monotonic() + 10
    while _alive(host_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = _alive(host_pid)
    if alive:
        os.kill(host_pid, 9)
    assert not alive, "the language host outlived the engine that started it"
