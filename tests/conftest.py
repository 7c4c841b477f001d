"""Shared fixtures: one in-process Cortex emulator per test session, reset before each test that wants it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cortex_pulumi.emulator import Emulator
from tests.support import ADMIN_TOKEN, TEST_RATE_LIMIT, VIEWER_TOKEN


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    """An emulator with keys ADMIN_TOKEN (ADMIN) and VIEWER_TOKEN (VIEWER), effectively no rate limit."""
    emu = Emulator(api_keys={ADMIN_TOKEN: "ADMIN", VIEWER_TOKEN: "VIEWER"}, rate_limit=TEST_RATE_LIMIT)
    emu.start()
    try:
        yield emu
    finally:
        emu.stop()


@pytest.fixture
def emu(emulator: Emulator) -> Emulator:
    """The session emulator, emptied: no data, no faults, an empty request log."""
    emulator.reset()
    return emulator
