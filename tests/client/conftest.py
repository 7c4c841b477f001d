"""Client-test fixtures: instant sleeps (recorded), clients for the emulator and for the stub server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cortex_pulumi.client import CortexClient
from cortex_pulumi.client import retry as retry_module
from cortex_pulumi.emulator import Emulator
from tests.support import ADMIN_TOKEN, VIEWER_TOKEN


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Make every client wait instant; the list records each requested wait in seconds."""
    recorded: list[float] = []
    monkeypatch.setattr(retry_module, "sleep", recorded.append)
    return recorded


@pytest.fixture
def client(emu: Emulator, sleeps: list[float]) -> Iterator[CortexClient]:
    """An ADMIN client for the (emptied) emulator, without client-side rate limiting."""
    with CortexClient(base_url=emu.url, api_token=ADMIN_TOKEN, rate_limit_per_minute=None, timeout=10) as c:
        yield c


@pytest.fixture
def viewer(emu: Emulator, sleeps: list[float]) -> Iterator[CortexClient]:
    """A VIEWER client for the emulator."""
    with CortexClient(base_url=emu.url, api_token=VIEWER_TOKEN, rate_limit_per_minute=None, timeout=10) as c:
        yield c
