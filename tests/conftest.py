"""Shared fixtures: one in-process Cortex emulator per test session (per xdist worker), reset before each test
that wants it; the end of the session, where RELIABILITY.md is written once (tests/reliability/report.py);
and how pytest-xdist shares the tests out (scripts/test runs ``-n N --dist loadgroup``):

- the tests of a module stay together on one worker (their ids end in ``@<module>``) (they share module-scoped emulators, workspaces and
  stacks, and some build on the state an earlier test left), unless the module marks them
  ``pytest.mark.independent``: then each test may run on any worker (long tests that share nothing);
- the layers that drive real processes and take most of the time (`SLOW_LAYERS`) are handed out first, so
  that no long module starts when the others are done.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest

from cortex_pulumi.emulator import Emulator
from tests.reliability.report import COLLECTOR
from tests.support import ADMIN_TOKEN, TEST_RATE_LIMIT, VIEWER_TOKEN
from tests.support.packaging import RUN_DIR_VARIABLE

#: Test folders whose modules start real processes (the Pulumi CLI, emulators, virtualenvs) for minutes.
SLOW_LAYERS = ("tests/benchmarks/", "tests/reliability/", "tests/engine/", "tests/examples/")


def pytest_configure(config: pytest.Config) -> None:
    """A directory for the whole run, shared by the xdist workers (they inherit the environment): set-up
    built once per run lives there (tests/support/packaging.py)."""
    config.addinivalue_line("markers", "independent: the module's tests share nothing; xdist may split them up")
    if RUN_DIR_VARIABLE not in os.environ:
        run_dir = tempfile.mkdtemp(prefix="cortex-pulumi-tests-")
        os.environ[RUN_DIR_VARIABLE] = run_dir
        config.add_cleanup(lambda: shutil.rmtree(run_dir, ignore_errors=True))
        config.add_cleanup(lambda: os.environ.pop(RUN_DIR_VARIABLE, None))


def _set_id(item: pytest.Item, nodeid: str) -> None:
    # pytest 9 keeps the id in `_id` (a NodeId); earlier versions, and pytest-xdist's own loadgroup suffix,
    # in `_nodeid`. Set it ourselves, whichever this pytest reads.
    try:
        from _pytest.nodeid import coerce_node_id
    except ImportError:
        item._nodeid = nodeid  # type: ignore[attr-defined]
    else:
        item._id = coerce_node_id(nodeid)  # type: ignore[attr-defined]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On an xdist worker: put the slow layers first and give every test a unique id ending in ``@<group>``
    (what ``--dist loadgroup`` shares out as one unit): its module, unless the module is ``independent``.

    xdist hands out tests by id, so items sharing one (schemathesis names each operation's test only in
    ``item.name``) would collapse into one and the others never run: they get their name as their id.
    """
    if not hasattr(config, "workerinput"):
        return
    items.sort(key=lambda item: not item.nodeid.startswith(SLOW_LAYERS))
    uses: dict[str, int] = {}
    for item in items:
        uses[item.nodeid] = uses.get(item.nodeid, 0) + 1
    for item in items:
        nodeid = item.nodeid
        if uses[nodeid] > 1 and item.parent is not None:
            nodeid = f"{item.parent.nodeid}::{item.name}"
        if not item.get_closest_marker("independent"):
            nodeid = f"{nodeid}@{nodeid.split('::', 1)[0]}"
        _set_id(item, nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """An xdist worker hands its reliability rows to the controller; the controller (or a plain run) writes
    RELIABILITY.md (nothing when no reliability scenario ran)."""
    worker_output = getattr(session.config, "workeroutput", None)
    if worker_output is not None:
        worker_output["reliability"] = COLLECTOR.to_json()
    else:
        COLLECTOR.write()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    """pytest-xdist, on the controller: a worker finished; take the rows it recorded."""
    COLLECTOR.merge(getattr(node, "workeroutput", {}).get("reliability"))


@pytest.fixture(scope="session", autouse=True)
def rate_limit_log_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Clients share rate-limit answer times through files: keep them in the test run's own directory."""
    before = os.environ.get("CORTEX_RATE_LIMIT_DIR")
    os.environ["CORTEX_RATE_LIMIT_DIR"] = str(tmp_path_factory.mktemp("ratelimit"))
    yield
    if before is None:
        os.environ.pop("CORTEX_RATE_LIMIT_DIR", None)
    else:
        os.environ["CORTEX_RATE_LIMIT_DIR"] = before


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
