"""Resilience against the emulator's fault injection: 429 bursts, 5xx, dropped connections, latency."""

from __future__ import annotations

import pytest

from cortex_pulumi.client import (
    CortexClient,
    CortexConnectionError,
    CortexError,
    RateLimitedError,
    ServerError,
)
from cortex_pulumi.emulator import Emulator
from tests.client.conftest import logged
from tests.support import ADMIN_TOKEN


def make_client(emu: Emulator, **kwargs: object) -> CortexClient:
    options: dict[str, object] = {"rate_limit_per_minute": None, "timeout": 5.0, "max_retries": 4}
    options.update(kwargs)
    return CortexClient(base_url=emu.url, api_token=ADMIN_TOKEN, **options)  # type: ignore[arg-type]


def test_429_burst_waits_then_succeeds(emu: Emulator, sleeps: list[float]) -> None:
    client = make_client(emu)
    emu.set_faults(burst429=3)
    created = client.create_secret(tag="after_burst", name="n", value="v")
    assert created.tag == "after_burst"
    posts = logged(emu, "POST", "/api/v1/secrets", at_least=4)
    assert [p["status"] for p in posts] == [429, 429, 429, 200]
    assert len(sleeps) == 3 and all(1.0 <= s < 1.1 for s in sleeps)  # the emulator's Retry-After: 1
    assert [s.tag for s in client.iter_secrets()] == ["after_burst"]


def test_429_burst_longer_than_the_retries_is_waited_out(emu: Emulator, sleeps: list[float]) -> None:
    client = make_client(emu, max_retries=2)
    emu.set_faults(burst429=10)
    assert client.list_all_secrets().items == ()
    assert len(logged(emu, at_least=11)) == 11  # ten 429s, then the answer
    assert [round(s) for s in sleeps] == [1] * 10


def test_429s_beyond_the_wait_budget_raise_rate_limited(emu: Emulator, sleeps: list[float]) -> None:
    client = make_client(emu, max_retries=2, max_rate_limit_wait=3)
    emu.set_faults(burst429=10)
    with pytest.raises(RateLimitedError) as info:
        client.list_all_secrets()
    assert info.value.retry_after == 1
    assert len(logged(emu, at_least=4)) == 4  # three 1 s waits fit in the 3 s budget


def test_5xx_on_get_and_put_is_retried(emu: Emulator, sleeps: list[float]) -> None:
    client = make_client(emu, max_retries=8)
    client.create_secret(tag="flaky", name="n", value="v")
    emu.set_faults(errorRate=0.4, seed=1)
    for i in range(10):
        assert client.get_secret(tag_or_id="flaky").tag == "flaky"
        assert client.update_secret(tag_or_id="flaky", name=f"n{i}").name == f"n{i}"
    emu.clear_faults()
    log = logged(emu, at_least=21)
    injected = [e for e in log if (e["fault"] or "").startswith("error-")]
    assert injected, "the seed should have produced some injected errors"
    assert client.get_secret(tag_or_id="flaky").name == "n9"


def test_5xx_on_create_post_is_not_blindly_repeated(emu: Emulator, sleeps: list[float]) -> None:
    client = make_client(emu)
    emu.set_faults(errorRate=1.0, errorStatuses=[503])
    with pytest.raises(ServerError):
        client.add_deploy_for_entity(tag_or_id="nowhere", title="t")
    with pytest.raises(ServerError):
        client.create_secret(tag="never", name="n", value="v")
    posts = logged(emu, "POST", "/api/v1/secrets")
    assert len(posts) == 1  # the check (a GET) failed too, so the create was not sent again
    emu.clear_faults()
    assert list(client.iter_secrets()) == []


def test_flaky_creates_never_duplicate(emu: Emulator, sleeps: list[float]) -> None:
    """Deploys have no natural key, so a blind retry would duplicate: every success is exactly one record."""
    emu.register_entity("checkout")
    client = make_client(emu)
    emu.set_faults(errorRate=0.3, dropRate=0.15, errorStatuses=[500, 502, 504], seed=11)
    succeeded, failed = [], 0
    for i in range(40):
        try:
            succeeded.append(client.add_deploy_for_entity(tag_or_id="checkout", title=f"release {i}").title)
        except CortexError:
            failed += 1
    emu.clear_faults()
    stored = [d.title for d in client.iter_deploys(tag_or_id="checkout", page_size=1000)]
    assert sorted(stored) == sorted(succeeded)
    assert len(stored) == len(set(stored))
    assert succeeded and len(succeeded) + failed == 40
    posts = logged(emu, "POST", "/api/v1/catalog/checkout/deploys")
    assert len(posts) <= 80  # at most one repeat per create


def test_dropped_connections_on_reads_are_retried(emu: Emulator, sleeps: list[float]) -> None:
    client = make_client(emu, max_retries=8)
    emu.set_faults(dropRate=0.5, seed=3)
    for _ in range(10):
        assert client.get_team_hierarchy_relationships() == ()
    emu.clear_faults()
    assert any(e["fault"] == "drop" for e in logged(emu, at_least=10))


def test_dropped_connection_on_create_checks_first(emu: Emulator, sleeps: list[float]) -> None:
    client = make_client(emu)
    emu.set_faults(dropRate=1.0)
    with pytest.raises(CortexConnectionError) as info:
        client.create_secret(tag="dropped", name="n", value="v")
    assert info.value.sent is True
    assert len(logged(emu, "POST")) == 1
    emu.clear_faults()
    assert list(client.iter_secrets()) == []


def test_latency_past_the_read_timeout(emu: Emulator, sleeps: list[float]) -> None:
    client = make_client(emu, timeout=(2.0, 0.25), max_retries=1)
    emu.set_faults(latencyMs=600)
    with pytest.raises(CortexConnectionError) as info:
        client.list_all_secrets()
    assert "no response within 0.25 s" in str(info.value)
    emu.clear_faults()
    assert len(logged(emu, "GET", at_least=2)) == 2  # the first try and one retry
    patient = make_client(emu, timeout=5.0)
    emu.set_faults(latencyMs=300)
    assert patient.list_all_secrets().total == 0
