"""Test Pulumi programs that use cortex_pulumi against a local Cortex emulator (also a pytest plugin).

With ``pip install 'cortex-pulumi[test]'`` pytest loads the plugin by itself; its fixtures:

- ``cortex_emulator``: a fresh in-process emulator per test (`LocalCortex`: ``.url``, ``.api_key``, ``.client()``,
  ``.register_entity(tag, type)`` and ``.seed(data)`` for what a program refers to, ``.emulator`` for faults and
  the request log); ``@pytest.mark.cortex_seed(data)`` seeds it before the test;
- ``cortex_program``: ``cortex_program("path/to/program")`` -> a `ProgramStack` pointed at that emulator, which
  runs ``preview()``, ``up()``, ``refresh()`` and ``destroy()`` through Pulumi's Automation API (the Pulumi CLI
  must be on PATH); stacks left up are destroyed after the test. ``preview(expect_no_changes=True)`` raises
  `UnexpectedChangesError` listing each changed resource and its changed inputs.

Outside pytest, `ProgramStack(program_dir, url=..., api_key=..., work_dir=...)` does the same.
"""

from __future__ import annotations

from .local import DEFAULT_TEST_KEY, LocalCortex
from .program import PASSPHRASE, Change, ProgramStack, ProgramStackError, UnexpectedChangesError

__all__ = ["DEFAULT_TEST_KEY", "PASSPHRASE", "Change", "LocalCortex", "ProgramStack", "ProgramStackError",
           "UnexpectedChangesError"]
