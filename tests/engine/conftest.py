"""Fixtures for engine tests: the real Pulumi CLI with private state, and Cortex emulators to point it at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.engine.harness import Emulator, EngineSetupError, PulumiWorkspace, find_cli_dir


@pytest.fixture(scope="session")
def pulumi_cli_dir() -> Path:
    """The installed CLI; a missing CLI fails the engine layer instead of skipping it."""
    try:
        return find_cli_dir()
    except EngineSetupError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def workspace(pulumi_cli_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PulumiWorkspace]:
    """A private PULUMI_HOME and file:// backend, shared by the tests of one module."""
    yield PulumiWorkspace(pulumi_cli_dir, tmp_path_factory.mktemp("pulumi"))


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    """A fresh Cortex emulator with its own database, shared by the tests of one module."""
    server = Emulator(tmp_path_factory.mktemp("emulator"))
    try:
        yield server
    finally:
        server.stop()
