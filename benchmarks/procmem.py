"""Peak memory of a process tree, sampled from /proc (Linux): each process's VmHWM, grouped by role."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

#: role name -> predicate on a process's command line (argv).
Classifier = Callable[[list[str]], str | None]


def pulumi_role(argv: list[str]) -> str | None:
    """The benchmark's roles: the Pulumi engine, the dynamic-provider process, the program process."""
    joined = " ".join(argv)
    if "pulumi.dynamic" in joined:
        return "provider"
    if "cortex_pulumi.langhost.runner" in joined or "patched_runner" in joined:
        return "program"
    if argv and Path(argv[0]).name == "pulumi":
        return "engine"
    return None


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            text = Path(f"/proc/{pid}/task/{tid}/children").read_text()
            out.extend(int(c) for c in text.split())
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return out


def _argv(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return []
    return [p.decode(errors="replace") for p in raw.split(b"\0") if p]


def _hwm_kib(pid: int) -> int:
    """Peak resident set size (VmHWM) of one process so far, in KiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
        pass
    return 0


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError, IndexError):
        return 0.0


class TreeSampler:
    """Samples the tree under `root_pid` every `interval` seconds on a thread; `peaks` is MiB per role.

    VmHWM is the kernel's own high-water mark, so a short spike between two samples is still seen as long as
    the process is sampled once before it exits.
    """

    def __init__(self, root_pid: int, classify: Classifier = pulumi_role, interval: float = 0.1) -> None:
        self.root_pid = root_pid
        self.classify = classify
        self.interval = interval
        self._per_pid: dict[int, tuple[str, int]] = {}
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        pending = [self.root_pid]
        while pending:
            pid = pending.pop()
            pending.extend(_children(pid))
            role = self._per_pid.get(pid, (None, 0))[0] or self.classify(_argv(pid))
            if role is None:
                continue
            hwm = _hwm_kib(pid)
            previous = self._per_pid.get(pid, (role, 0))[1]
            self._per_pid[pid] = (role, max(previous, hwm))
            self._cpu[pid] = max(self._cpu.get(pid, 0.0), _cpu_seconds(pid))

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    @property
    def peaks(self) -> dict[str, float]:
        """Largest peak RSS of any one process of each role, in MiB."""
        out: dict[str, float] = {}
        for role, kib in self._per_pid.values():
            out[role] = max(out.get(role, 0.0), kib / 1024.0)
        return out

    @property
    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds used per role (summed over its processes), as last sampled."""
        out: dict[str, float] = {}
        for pid, (role, _) in self._per_pid.items():
            out[role] = out.get(role, 0.0) + self._cpu.get(pid, 0.0)
        return out
