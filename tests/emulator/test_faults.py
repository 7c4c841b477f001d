"""Fault injection: 5xx fractions, dropped connections, latency, forced 429 bursts, and their admin API."""

from __future__ import annotations

import collections
import time

import pytest
import requests

from cortex_pulumi.emulator import Emulator
from tests.support import api
from tests.support.openapi import validate_schema

FAULTS = "/_emulator/faults"


def test_every_request_fails_with_a_configured_status(emu: Emulator) -> None:
    emu.set_faults(errorRate=1.0, errorStatuses=[502, 503])
    statuses = collections.Counter()
    for _ in range(40):
        r = api(emu).get("/api/v1/secrets")
        statuses[r.status_code] += 1
        validate_schema("ErrorResponse", r.json())
        assert r.json()["type"] == "UNHANDLED_EXCEPTION"
    assert set(statuses) == {502, 503}


def test_error_fraction_is_close_to_the_rate(emu: Emulator) -> None:
    emu.set_faults(errorRate=0.3, seed=7)
    failures = sum(api(emu).get("/api/v1/secrets").status_code >= 500 for _ in range(300))
    assert 60 <= failures <= 120, failures
    logged = [e for e in emu.requests() if e["fault"]]
    assert len(logged) == failures and all(e["fault"].startswith("error-") for e in logged)


def test_faulted_writes_change_nothing(emu: Emulator) -> None:
    emu.set_faults(errorRate=1.0)
    assert api(emu).post("/api/v1/secrets", json={"tag": "a", "name": "A", "secret": "v"}).status_code >= 500
    emu.clear_faults()
    assert api(emu).get("/api/v1/secrets").json()["total"] == 0


def test_dropped_connection_is_a_connection_error(emu: Emulator) -> None:
    emu.set_faults(dropRate=1.0)
    with pytest.raises(requests.ConnectionError):
        api(emu).get("/api/v1/secrets")
    with pytest.raises(requests.ConnectionError):
        requests.post(emu.url + "/api/v1/secrets", json={}, timeout=5)
    assert [e["status"] for e in emu.requests()] == [0, 0]
    assert {e["fault"] for e in emu.requests()} == {"drop"}
    emu.clear_faults()
    # The server is still healthy afterwards, and a reused session recovers.
    assert api(emu).get("/api/v1/secrets").status_code == 200


def test_drop_fraction_mixed_with_successes(emu: Emulator) -> None:
    emu.set_faults(dropRate=0.5, seed=3)
    outcomes = collections.Counter()
    session = api(emu)
    for _ in range(60):
        try:
            outcomes[session.get("/api/v1/secrets").status_code] += 1
        except requests.ConnectionError:
            outcomes["dropped"] += 1
    assert outcomes["dropped"] >= 15 and outcomes[200] >= 15, outcomes


def test_latency_and_spikes(emu: Emulator) -> None:
    emu.set_faults(latencyMs=150)
    started = time.perf_counter()
    assert api(emu).get("/api/v1/secrets").status_code == 200
    assert time.perf_counter() - started >= 0.15
    emu.set_faults(spikeMs=300, spikeRate=1.0)
    started = time.perf_counter()
    api(emu).get("/api/v1/secrets")
    assert time.perf_counter() - started >= 0.3
    emu.clear_faults()
    started = time.perf_counter()
    api(emu).get("/api/v1/secrets")
    assert time.perf_counter() - started < 0.15


def test_forced_429_burst_then_recovery(emu: Emulator) -> None:
    emu.set_faults(burst429=3)
    client = api(emu)
    answers = [client.get("/api/v1/secrets") for _ in range(4)]
    assert [r.status_code for r in answers] == [429, 429, 429, 200]
    first = answers[0]
    assert first.headers["Retry-After"] == "1"
    assert first.headers["Content-Type"].startswith("application/problem+json")
    validate_schema("TooManyRequestsProblemDetail", first.json())
    assert emu.faults()["burst429"] == 0


def test_faults_never_touch_admin_endpoints(emu: Emulator) -> None:
    emu.set_faults(errorRate=0.5, dropRate=0.5, burst429=5)
    for _ in range(10):
        assert requests.get(emu.url + "/_emulator/health", timeout=5).status_code == 200
    assert requests.get(emu.url + FAULTS, timeout=5).json()["burst429"] == 5


def test_faults_admin_api(emu: Emulator) -> None:
    r = requests.put(emu.url + FAULTS, json={"errorRate": 1, "errorStatuses": [500]}, timeout=5)
    assert r.status_code == 200 and r.json()["errorRate"] == 1.0 and r.json()["dropRate"] == 0.0
    assert api(emu).get("/api/v1/secrets").status_code == 500
    assert requests.get(emu.url + FAULTS, timeout=5).json()["errorStatuses"] == [500]
    assert requests.put(emu.url + FAULTS, json={}, timeout=5).json()["errorRate"] == 0.0
    assert api(emu).get("/api/v1/secrets").status_code == 200
    for bad in ({"errorRate": 2}, {"dropRate": -0.1}, {"errorStatuses": [404]}, {"latencyMs": "x"},
                {"burst429": 1.5}, {"chaos": True}, {"errorRate": 0.7, "dropRate": 0.7}, [1]):
        r = requests.put(emu.url + FAULTS, json=bad, timeout=5)
        assert r.status_code == 400, bad
        validate_schema("ErrorResponse", r.json())
    assert api(emu).get("/api/v1/secrets").status_code == 200


def test_faults_given_at_start() -> None:
    with Emulator(faults={"burst429": 1}) as emu:
        assert api(emu, "local-admin-token").get("/api/v1/secrets").status_code == 429
        assert api(emu, "local-admin-token").get("/api/v1/secrets").status_code == 200


def test_reset_clears_faults(emu: Emulator) -> None:
    emu.set_faults(errorRate=1.0)
    emu.reset()
    assert api(emu).get("/api/v1/secrets").status_code == 200


def test_python_keyword_names_are_accepted(emu: Emulator) -> None:
    emu.set_faults(error_rate=0.1, error_statuses=[503], latency_ms=5, burst_429=1, seed=4)
    assert emu.faults() == {**emu.faults(), "errorRate": 0.1, "errorStatuses": [503], "latencyMs": 5.0,
                            "burst429": 1, "seed": 4}
    with pytest.raises(ValueError, match=r"unknown fault field\(s\): error_ratio; known: error_rate, "):
        emu.set_faults(error_ratio=0.1)
