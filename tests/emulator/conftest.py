"""Fixtures for the emulator tests: an emulator subprocess shared per module, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.support.process import EmulatorProcess


@pytest.fixture(scope="module")
def emulator_process() -> Iterator[EmulatorProcess]:
    """``python -m cortex_pulumi.emulator --port 0`` with ADMIN_TOKEN/VIEWER_TOKEN, for the official CLI."""
    with EmulatorProcess() as proc:
        yield proc


@pytest.fixture
def cli_emu(emulator_process: EmulatorProcess, tmp_path: Path) -> EmulatorProcess:
    """The module's emulator subprocess, emptied (``POST /_emulator/reset``)."""
    assert requests.post(emulator_process.url + "/_emulator/reset", timeout=10).status_code == 200
    return emulator_process
