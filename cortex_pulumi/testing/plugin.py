"""The pytest plugin (entry point ``pytest11``): the ``cortex_emulator`` and ``cortex_program`` fixtures."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .local import LocalCortex
from .program import ProgramStack


@pytest.fixture
def cortex_emulator() -> Iterator[LocalCortex]:
    """A fresh Cortex emulator for this test (in-process, empty, one ADMIN key): ``.url``, ``.api_key``,
    ``.client()``, ``.requests()``, ``.emulator`` (faults, entities)."""
    try:
        local = LocalCortex()
    except ModuleNotFoundError as exc:
        from ..emulator import INSTALL_HINT

        pytest.fail(f"{exc.name} is not installed; {INSTALL_HINT} (or 'cortex-pulumi[test]')", pytrace=False)
    with local:
        yield local


@pytest.fixture
def cortex_program(cortex_emulator: LocalCortex, tmp_path: Path) -> Iterator[Callable[..., ProgramStack]]:
    """``cortex_program(program_dir, config=None, secrets=None, stack_name="test")`` -> a `ProgramStack` of a
    copy of the program, pointed at ``cortex_emulator``; stacks still up at the end of the test are destroyed."""
    made: list[ProgramStack] = []

    def make(program_dir: str | os.PathLike[str], **options: Any) -> ProgramStack:
        stack = ProgramStack(program_dir, url=cortex_emulator.url, api_key=cortex_emulator.api_key,
                             work_dir=tmp_path / f"stack-{len(made)}", **options)
        made.append(stack)
        return stack

    yield make
    for stack in made:
        if stack.deployed:
            stack.destroy()
