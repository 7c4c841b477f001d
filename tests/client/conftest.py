"""Client-test fixtures: instant sleeps (recorded), clients for the emulator and for the stub server."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from cortex_pulumi.client import CortexClient, retry as retry_module
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


def logged(
    emu: Emulator, method: str | None = None, path: str | None = None, *, at_least: int = 1
) -> list[dict]:  # type: ignore[type-arg]
    """The emulator's request log, waiting (up to 2 s) for ``at_least`` matching entries.

    The emulator records a request after its response is sent, so the newest entry can lag behind the
    client by a moment; once enough entries are there, wait another 50 ms for stragglers.
    """
    deadline = time.monotonic() + 2.0
    while True:
        entries = emu.requests(method, path)
        if len(entries) >= at_least or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    time.sleep(0.05)
    return emu.requests(method, path)


def reset_log(emu: Emulator) -> None:
    """Clear the request log once the entries of requests already answered have landed."""
    time.sleep(0.05)
    emu.clear_requests()
