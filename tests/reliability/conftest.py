"""Fixtures of the reliability layer: the `scenario` row recorder (RELIABILITY.md), the Pulumi CLI workspace
and Cortex emulator subprocesses that can be killed and restarted on the same database."""

from __future__ import annotations

import time
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.engine.harness import EngineSetupError, PulumiWorkspace, find_cli_dir
from tests.reliability.report import COLLECTOR, Scenario, plain_id, today
from tests.reliability.support import EmulatorServer


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" or (report.when == "setup" and report.failed):
        item.stash[_OUTCOME] = report.outcome


_OUTCOME = pytest.StashKey[str]()


# The report is written at the end of the session by tests/conftest.py (on the xdist controller, which loads
# no conftest of this folder).
def pytest_deselected(items: list[pytest.Item]) -> None:
    COLLECTOR.collected.update(plain_id(item) for item in items)


def pytest_collection_finish(session: pytest.Session) -> None:
    COLLECTOR.collected.update(plain_id(item) for item in session.items)


@pytest.fixture
def scenario(request: pytest.FixtureRequest) -> Iterator[Scenario]:
    """A RELIABILITY.md row for this test: set area/title/injected and the counts; the result is filled in."""
    row = Scenario(key=plain_id(request.node))
    started = time.monotonic()
    yield row
    if not row.title:
        return
    outcome = request.node.stash.get(_OUTCOME, "failed")
    row.result = "PASS" if outcome == "passed" else "FAIL"
    if row.seconds is None:  # a summary row may report the time of the whole group it sums up
        row.seconds = time.monotonic() - started
    row.date = today()
    COLLECTOR.add(row)


@pytest.fixture(scope="session")
def pulumi_cli_dir() -> Path:
    """The installed Pulumi CLI; a missing CLI fails the layer instead of skipping it."""
    try:
        return find_cli_dir()
    except EngineSetupError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def workspace(pulumi_cli_dir: Path, tmp_path: Path) -> PulumiWorkspace:
    """A private PULUMI_HOME and file:// backend for one test."""
    return PulumiWorkspace(pulumi_cli_dir, tmp_path / "pulumi")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[EmulatorServer]:
    """A Cortex emulator subprocess with an on-disk database, for one test."""
    emu = EmulatorServer(tmp_path / "emulator").start()
    try:
        yield emu
    finally:
        emu.stop()
