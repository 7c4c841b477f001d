"""Fuzz the emulator with schemathesis from the official OpenAPI document (the repository's structural copy):
valid and invalid data for all 45 operations, bounded per operation; zero 5xx answers, zero crashes."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig

from cortex_pulumi.emulator import Emulator
from tests.reliability.report import Scenario
from tests.support import ADMIN_TOKEN, TEST_RATE_LIMIT, VIEWER_TOKEN, api
from tests.support.openapi import OPENAPI_PATH, document

#: Examples per operation and generation mode (valid and invalid data): bounded so the layer stays fast.
MAX_EXAMPLES = 30
document()  # a missing OpenAPI document fails collection with its path, instead of fuzzing nothing
SCHEMA = schemathesis.openapi.from_path(
    OPENAPI_PATH.resolve(),
    # The coverage phase (boundary values of every field, unexpected methods) sends ~5,000 requests and takes
    # minutes on 2 cores; random generation of valid and invalid data keeps the run to about a minute.
    config=SchemathesisConfig.from_dict({"generation": {"mode": "all", "max-examples": MAX_EXAMPLES},
                                         "phases": {"coverage": {"enabled": False}}, "seed": 20261128}),
)
STATUSES: Counter[int] = Counter()
SERVER_ERRORS: list[str] = []
STARTED: list[float] = []


@pytest.fixture(scope="module")
def target() -> Iterator[Emulator]:
    """A dedicated emulator with one object of each kind, so generated paths sometimes hit real objects."""
    emu = Emulator(api_keys={ADMIN_TOKEN: "ADMIN", VIEWER_TOKEN: "VIEWER"}, rate_limit=TEST_RATE_LIMIT).start()
    try:
        admin = api(emu)
        emu.register_entity("svc")
        admin.post("/api/v1/teams", json={"teamTag": "fuzz-team", "metadata": {"name": "F"}, "type": "CORTEX",
                                          "links": [], "slackChannels": [], "cortexTeam": {"members": []}})
        admin.post("/api/v1/secrets", json={"tag": "fuzz_secret", "name": "S", "secret": "v"})
        admin.post("/api/v1/scorecards/descriptor", headers={"Content-Type": "application/yaml"},
                   data="tag: fuzz-card\nname: F\nrules:\n  - title: T\n    expression: 'true'\n")
        yield emu
    finally:
        emu.stop()


@SCHEMA.parametrize()
def test_no_server_error(case: Any, target: Emulator) -> None:
    STARTED.append(time.monotonic())
    response = case.call(base_url=target.url, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=30)
    STATUSES[response.status_code] += 1
    if response.status_code >= 500:
        SERVER_ERRORS.append(f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:200]}")
    assert response.status_code < 500, SERVER_ERRORS[-1]


def test_the_fuzzed_emulator_is_still_healthy(target: Emulator, scenario: Scenario) -> None:
    """Runs after the fuzzing above (same module, later in the file)."""
    calls = sum(STATUSES.values())
    logged_5xx = [e for e in target.requests() if e["status"] >= 500]
    health = api(target).get("/_emulator/health")
    scenario.area, scenario.title = "Fuzzing", "schemathesis on all 45 operations of the official OpenAPI document"
    scenario.injected = (f"{calls} generated requests (valid and invalid data, <= {MAX_EXAMPLES} examples per "
                         "operation and mode)")
    scenario.held = (f"answers {dict(sorted(STATUSES.items()))}; {len(SERVER_ERRORS) + len(logged_5xx)} 5xx; "
                     f"emulator healthy: {health.status_code == 200}")
    scenario.seconds = time.monotonic() - min(STARTED) if STARTED else None
    assert calls >= 45, "the fuzzing did not run"
    assert SERVER_ERRORS == [] and logged_5xx == []
    assert health.status_code == 200
