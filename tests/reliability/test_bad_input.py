"""The bad-input corpus through the providers: called directly, and through the real dynamic-provider process.

Every case must be refused with a message naming the field and the reason: at preview (`check`), or at the
first API call for what only Cortex can know; either way the emulator must have accepted no write.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.dynamic.dynamic import serialize_provider

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider._errors import CortexResourceError
from cortex_pulumi.provider._resource import restore_pickler
from tests.provider.harness import ProviderProcess, secret, urn
from tests.reliability.corpus_cases import CASES, Case
from tests.reliability.report import Scenario
from tests.support import ADMIN_TOKEN, api

WRITES = ("POST", "PUT", "PATCH", "DELETE")
#: Cases refused as required, per path ("provider", "process"), for the summary row of RELIABILITY.md.
REFUSED: dict[str, set[str]] = {"provider": set(), "process": set()}
STARTED: list[float] = []


def seed(emu: Emulator) -> int:
    """Objects the corpus refers to (entity svc, teams a, b, c); returns the request-log position after them."""
    emu.register_entity("svc")
    for tag in ("a", "b", "c"):
        response = api(emu).post("/api/v1/teams", json={"teamTag": tag, "metadata": {"name": tag}, "type": "CORTEX",
                                                       "cortexTeam": {"members": []}, "links": [], "slackChannels": []})
        assert response.status_code == 200, response.text
    return max((e["seq"] for e in emu.requests()), default=0)


def config_for(case: Case, emu: Emulator) -> dict[str, Any]:
    values: dict[str, Any] = {"cortex:apiToken": ADMIN_TOKEN, "cortex:baseUrl": emu.url}
    for key, value in case.config.items():
        if value is None:
            values.pop(f"cortex:{key}", None)
        else:
            values[f"cortex:{key}"] = value
    return values


def accepted_writes(emu: Emulator, after: int) -> list[dict[str, Any]]:
    return [e for e in emu.requests() if e["seq"] > after and e["method"] in WRITES and e["status"] < 400]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in os.environ if k.startswith("CORTEX_")]:
        monkeypatch.delenv(key)


def _failures_text(failures: list[tuple[str, str]]) -> str:
    return "\n".join(f"{field}: {reason}" for field, reason in failures)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_refused_by_the_provider(case: Case, emu: Emulator, clean_env: None) -> None:
    STARTED.append(time.monotonic())
    after = seed(emu)
    provider = case.provider_type()
    provider.configure(ConfigureRequest(Config(config_for(case, emu), "cortex-test")))
    result = provider.check({}, {**case.props, "__provider": "blob"})
    failures = [(f.property, f.reason) for f in result.failures]
    if case.stage == "check":
        assert any(case.names_field(*f) for f in failures), (
            f"{case.name}: expected a failure naming {case.field!r} with {case.reason!r}, got:\n"
            + _failures_text(failures))
        # Check may read (the token and key checks of preview), never write.
        assert [e for e in emu.requests() if e["seq"] > after and e["method"] != "GET"] == [], "check wrote to Cortex"
    else:
        assert failures == [], f"{case.name} only Cortex can refuse, yet check failed:\n{_failures_text(failures)}"
        inputs = {k: v for k, v in result.inputs.items() if k != "__provider"}
        with pytest.raises(CortexResourceError) as raised:
            provider.create(inputs)
        message = str(raised.value)
        assert case.field in message and case.reason.lower() in message.lower(), message
    assert accepted_writes(emu, after) == []
    REFUSED["provider"].add(case.name)


@pytest.fixture(scope="module")
def provider_process(emulator: Emulator) -> Iterator[ProviderProcess]:
    """One real `python -m pulumi.dynamic` configured against the session emulator."""
    with ProviderProcess() as proc:
        proc.configure({"cortex:apiToken": secret(ADMIN_TOKEN), "cortex:baseUrl": emulator.url})
        yield proc


def blob(case: Case) -> str:
    try:
        return str(serialize_provider(case.provider_type()))
    finally:
        restore_pickler()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_refused_through_the_provider_process(case: Case, emu: Emulator, provider_process: ProviderProcess,
                                              clean_env: None) -> None:
    after = seed(emu)
    process = provider_process
    own = None
    if case.config:  # a process configures itself once: a case with its own config gets its own process
        own = process = ProviderProcess()
        config = config_for(case, emu)
        process.configure({k: secret(v) if k == "cortex:apiToken" else v for k, v in config.items()})
    try:
        target = urn(case.resource, case.id)
        inputs, failures = process.check(target, {}, {**case.props, "__provider": blob(case)})
        if case.stage == "check":
            assert any(case.names_field(*f) for f in failures), f"{case.name}:\n{_failures_text(failures)}"
        else:
            assert failures == [], _failures_text(failures)
            with pytest.raises(grpc.RpcError) as raised:
                process.create(target, inputs)
            details = raised.value.details() or ""
            assert case.field in details and case.reason.lower() in details.lower(), details
    finally:
        if own is not None:
            own.close()
    assert accepted_writes(emu, after) == []
    REFUSED["process"].add(case.name)


def test_the_corpus_is_large_and_varied(scenario: Scenario) -> None:
    """At least 60 cases over every resource and the provider configuration, with a CLI subset of at least 8.

    Runs after the cases above (same module, later in the file) and reports how many of them were refused."""
    by_source: dict[str, int] = {}
    for case in CASES:
        by_source[case.source] = by_source.get(case.source, 0) + 1
    scenario.area, scenario.title = "Bad input", "Corpus: provider check/create, in-process and over gRPC"
    scenario.injected = ", ".join(f"{k} {v}" for k, v in sorted(by_source.items())) + " invalid inputs"
    scenario.objects, scenario.leaks = len(CASES), 0
    scenario.seconds = time.monotonic() - min(STARTED) if STARTED else None
    scenario.held = (f"refused with field and reason, no write accepted: {len(REFUSED['provider'])}/{len(CASES)} "
                     f"called directly, {len(REFUSED['process'])}/{len(CASES)} through `python -m pulumi.dynamic`")
    assert len(CASES) >= 60
    assert set(by_source) >= {"team", "secret", "deploy", "team_hierarchy", "workflow", "scorecard", "config"}
    assert sum(c.cli for c in CASES) >= 8
    assert len({c.name for c in CASES}) == len(CASES)
