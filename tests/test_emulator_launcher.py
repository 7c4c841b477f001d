"""docs/architecture.md calls `EmulatorProcess` the one launcher of the emulator for tests and benchmarks: keep it so."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Starting the module directly is what these two are about: the launcher itself, and the tests of the
#: emulator's own start-up failures (bad flags, unreadable seed) which never get to listen.
ALLOWED = {"cortex_pulumi/emulator/process.py", "tests/emulator/test_process.py"}
LAUNCH = re.compile(r"""["']-m["'],\s*["']cortex_pulumi\.emulator["']""")


def test_only_emulator_process_starts_the_emulator_module() -> None:
    sources = [p for folder in ("cortex_pulumi", "tests", "benchmarks", "scripts") for p in (ROOT / folder).rglob("*.py")]
    launching = {str(p.relative_to(ROOT)) for p in sources if LAUNCH.search(p.read_text(encoding="utf-8"))}
    assert "cortex_pulumi/emulator/process.py" in launching
    assert launching <= ALLOWED, f"start emulators through cortex_pulumi.emulator.process.EmulatorProcess: {sorted(launching - ALLOWED)}"
    assert "the one launcher of tests and benchmarks" in (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
