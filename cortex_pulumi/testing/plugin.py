"""The pytest plugin (entry point ``pytest11``): the ``cortex_emulator`` and ``cortex_program`` fixtures."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .local import LocalCortex
from .program import ProgramStack

SEED_MARKER = "cortex_seed"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{SEED_MARKER}(data): load seed data (a mapping of sections, or a seed file) "
                                       "into the test's cortex_emulator before the test runs")


@pytest.fixture
def cortex_emulator(request: pytest.FixtureRequest) -> Iterator[LocalCortex]:
    """A fresh Cortex emulator for this test (in-process, empty, one ADMIN key): ``.url``, ``.api_key``,
    ``.client()``, ``.requests()``, ``.register_entity(tag, type)``, ``.seed(data)``, ``.emulator`` (faults).
    ``@pytest.mark.cortex_seed({...})`` (or a seed file's path) loads seed data before the test."""
    try:
        local = LocalCortex()
    except ModuleNotFoundError as exc:
        from ..emulator import INSTALL_HINT

        pytest.fail(f"{exc.name} is not installed; {INSTALL_HINT} (or 'cortex-pulumi[test]')", pytrace=False)
    with local:
        for marker in reversed(list(request.node.iter_markers(SEED_MARKER))):  # the closest one applied last
            for data in marker.args:
                local.seed(data)
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
