"""Retry, rate-limit and create-recovery behaviour against a scripted local server (no emulator)."""

from __future__ import annotations

import threading
import time

import pytest

from cortex_pulumi.client import (
    CortexClient,
    CortexConnectionError,
    RateLimitedError,
    ServerError,
)
from tests.client.stub import Recorded, Reply, StubServer

TOKEN = "stub-token-0123456789abcdef"
SECRET = {"id": "se0123456789abcdef", "tag": "db_pw", "name": "DB"}


def make_client(url: str, **kwargs: object) -> CortexClient:
    options: dict[str, object] = {"rate_limit_per_minute": None, "timeout": 5.0, "max_retries": 3}
    options.update(kwargs)
    return CortexClient(base_url=url, api_token=TOKEN, **options)  # type: ignore[arg-type]


def scripted(*replies: Reply, then: Reply | None = None):  # type: ignore[no-untyped-def]
    """A responder answering ``replies`` in order, then ``then`` (default 200 with SECRET) forever."""
    queue = iter(replies)
    lock = threading.Lock()

    def respond(_request: Recorded) -> Reply:
        with lock:
            return next(queue, then or Reply(200, SECRET))

    return respond


def test_429_waits_for_retry_after_then_succeeds(sleeps: list[float]) -> None:
    with StubServer(
        scripted(
            Reply(429, {"title": "Too Many Requests", "status": 429}, {"Retry-After": "2"}),
            Reply(429, {"status": 429}, {"Retry-After": "1"}),
        )
    ) as stub:
        secret = make_client(stub.url).get_secret(tag_or_id="db_pw")
    assert secret.tag == "db_pw"
    assert len(stub.calls("GET")) == 3
    # Waited what the server asked (plus at most 50 ms of jitter), in order.
    assert [round(s) for s in sleeps] == [2, 1]
    assert all(s < r + 0.06 for s, r in zip(sleeps, [2, 1], strict=True))


def test_429_is_retried_for_a_create_post_too(sleeps: list[float]) -> None:
    with StubServer(scripted(Reply(429, {"status": 429}, {"Retry-After": "1"}))) as stub:
        created = make_client(stub.url).create_secret(tag="db_pw", name="DB", value="hunter2-value")
    assert created.id == SECRET["id"]
    assert len(stub.calls("POST", "/api/v1/secrets")) == 2


def test_retry_after_beyond_the_cap_raises_rate_limited_without_waiting(sleeps: list[float]) -> None:
    with (
        StubServer(
            scripted(then=Reply(429, {"status": 429, "detail": "slow down"}, {"Retry-After": "3600"}))
        ) as stub,
        pytest.raises(RateLimitedError) as info,
    ):
        make_client(stub.url, max_retry_after=60).get_secret(tag_or_id="db_pw")
    assert len(stub.calls()) == 1
    assert sleeps == []
    assert info.value.status == 429 and info.value.retry_after == 3600
    assert "slow down" in str(info.value)


def test_persistent_429_ends_in_rate_limited_error_once_the_wait_budget_is_spent(sleeps: list[float]) -> None:
    with (
        StubServer(scripted(then=Reply(429, {"status": 429}, {"Retry-After": "2"}))) as stub,
        pytest.raises(RateLimitedError),
    ):
        make_client(stub.url, max_retries=2, max_rate_limit_wait=9).list_all_secrets()
    # 429s do not use up max_retries: four waits of 2 s fit in the 9 s budget, a fifth would not.
    assert len(stub.calls()) == 5
    assert [round(s) for s in sleeps] == [2, 2, 2, 2]


def test_a_burst_of_429s_longer_than_max_retries_is_ridden_out(sleeps: list[float]) -> None:
    burst = [Reply(429, {"status": 429}, {"Retry-After": "1"})] * 8
    with StubServer(scripted(*burst)) as stub:
        created = make_client(stub.url, max_retries=2).create_secret(tag="db_pw", name="DB", value="hunter2-value")
    assert created.id == SECRET["id"]
    assert len(stub.calls("POST", "/api/v1/secrets")) == 9


def test_429s_and_failures_are_counted_apart(sleeps: list[float]) -> None:
    replies = [Reply(429, {"status": 429}, {"Retry-After": "1"}), Reply(503, {"message": "busy"})] * 3
    with StubServer(scripted(*replies)) as stub:
        # Three 503s need max_retries >= 3; the three 429s between them use none of it.
        assert make_client(stub.url, max_retries=3).get_secret(tag_or_id="db_pw").tag == "db_pw"
    assert len(stub.calls("GET")) == 7
    with StubServer(scripted(*replies)) as stub, pytest.raises(ServerError):
        make_client(stub.url, max_retries=2).get_secret(tag_or_id="db_pw")
    assert len(stub.calls("GET")) == 6  # the third 503 is one failure too many


def test_429_without_retry_after_waits_a_second(sleeps: list[float]) -> None:
    with StubServer(scripted(Reply(429, {"status": 429}), Reply(429, {"status": 429}))) as stub:
        assert make_client(stub.url).get_secret(tag_or_id="db_pw").tag == "db_pw"
    assert [round(s) for s in sleeps] == [1, 1]


def test_no_retries_means_a_429_fails_at_once(sleeps: list[float]) -> None:
    with (
        StubServer(scripted(then=Reply(429, {"status": 429}, {"Retry-After": "1"}))) as stub,
        pytest.raises(RateLimitedError),
    ):
        make_client(stub.url, max_retries=0).get_secret(tag_or_id="db_pw")
    assert len(stub.calls()) == 1 and sleeps == []


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_on_get_is_retried_with_growing_backoff(sleeps: list[float], status: int) -> None:
    replies = [Reply(status, {"type": "UNHANDLED_EXCEPTION", "message": "boom"})] * 3
    with StubServer(scripted(*replies)) as stub:
        assert make_client(stub.url, backoff_factor=0.5).get_secret(tag_or_id="db_pw").tag == "db_pw"
    assert len(stub.calls("GET")) == 4
    # urllib3 skips the wait before the first retry; then exponential with up to backoff_factor jitter.
    waits = [s for s in sleeps if s > 0]
    assert len(waits) == 2
    assert 1.0 <= waits[0] <= 1.5 and 2.0 <= waits[1] <= 2.5


def test_5xx_on_put_is_retried(sleeps: list[float]) -> None:
    with StubServer(scripted(Reply(503, {"message": "busy"}))) as stub:
        make_client(stub.url).update_secret(tag_or_id="db_pw", name="DB")
    assert len(stub.calls("PUT")) == 2


def test_5xx_exhausted_raises_server_error(sleeps: list[float]) -> None:
    with (
        StubServer(
            scripted(
                then=Reply(502, {"type": "UNHANDLED_EXCEPTION", "message": "bad gateway", "requestId": "r-1"})
            )
        ) as stub,
        pytest.raises(ServerError) as info,
    ):
        make_client(stub.url, max_retries=1).delete_scorecard(tag="x")
    assert len(stub.calls()) == 2
    assert str(info.value) == "502 Bad Gateway on DELETE /api/v1/scorecards/x: bad gateway (request id r-1)"


def test_tag_keyed_upserts_are_retried_on_5xx(sleeps: list[float]) -> None:
    wf = {
        "tag": "wf",
        "name": "WF",
        "isDraft": False,
        "filter": {"type": "GLOBAL"},
        "actions": [],
        "variables": [],
    }
    sc = {"scorecard": {"tag": "sc", "name": "SC", "isDraft": False, "rules": []}}

    def respond(request: Recorded) -> Reply:
        posts = stub.calls("POST", request.path)
        if len(posts) == 1:
            return Reply(500, {"message": "transient"})
        return Reply(200, wf if request.path == "/api/v1/workflows" else sc)

    with StubServer(respond) as stub:
        client = make_client(stub.url)
        client.create_or_update_workflow(workflow="tag: wf\nname: WF\n")
        client.create_or_update_scorecard(descriptor="tag: sc\nname: SC\n")
    assert len(stub.calls("POST", "/api/v1/workflows")) == 2
    assert len(stub.calls("POST", "/api/v1/scorecards/descriptor")) == 2


def test_create_after_5xx_checks_then_retries_once_when_absent(sleeps: list[float]) -> None:
    def respond(request: Recorded) -> Reply:
        if request.method == "GET":
            return Reply(404, {"type": "NOT_FOUND", "message": "Secret not found"})
        if len(stub.calls("POST")) == 1:
            return Reply(500, {"message": "lost"})
        return Reply(200, SECRET)

    with StubServer(respond) as stub:
        created = make_client(stub.url).create_secret(tag="db_pw", name="DB", value="value-1")
    assert created.tag == "db_pw"
    assert [r.method for r in stub.calls()] == ["POST", "GET", "POST"]
    assert stub.calls("GET")[0].path == "/api/v1/secrets/db_pw"


def test_create_that_landed_despite_5xx_is_not_repeated(sleeps: list[float]) -> None:
    def respond(request: Recorded) -> Reply:
        if request.method == "POST":
            return Reply(502, {"message": "answer lost after commit"})
        return Reply(200, SECRET)

    with StubServer(respond) as stub:
        created = make_client(stub.url).create_secret(tag="db_pw", name="DB", value="value-1")
    assert created.id == SECRET["id"]
    assert len(stub.calls("POST")) == 1


def test_create_is_not_repeated_when_the_check_fails(sleeps: list[float]) -> None:
    with (
        StubServer(scripted(then=Reply(503, {"message": "down"}))) as stub,
        pytest.raises(ServerError) as info,
    ):
        make_client(stub.url).create_secret(tag="db_pw", name="DB", value="value-1")
    assert len(stub.calls("POST")) == 1
    assert info.value.method == "POST"


def test_dropped_connection_on_get_is_retried(sleeps: list[float]) -> None:
    with StubServer(scripted(Reply(drop=True), Reply(drop=True))) as stub:
        assert make_client(stub.url).get_secret(tag_or_id="db_pw").tag == "db_pw"
    assert len(stub.calls("GET")) == 3


def test_dropped_connection_on_create_checks_before_repeating(sleeps: list[float]) -> None:
    def respond(request: Recorded) -> Reply:
        if request.method == "POST":
            return Reply(drop=True)
        return Reply(200, SECRET)  # it did land

    with StubServer(respond) as stub:
        created = make_client(stub.url).create_secret(tag="db_pw", name="DB", value="value-1")
    assert created.tag == "db_pw"
    assert len(stub.calls("POST")) == 1


def test_read_timeout_is_retried_for_get_then_raises(sleeps: list[float]) -> None:
    with StubServer(scripted(then=Reply(200, SECRET, delay=0.6))) as stub:
        client = make_client(stub.url, timeout=(2.0, 0.2), max_retries=2)
        started = time.monotonic()
        with pytest.raises(CortexConnectionError) as info:
            client.get_secret(tag_or_id="db_pw")
    assert len(stub.calls("GET")) == 3
    assert time.monotonic() - started < 3
    assert info.value.sent and "no response within 0.2 s" in str(info.value)


def test_read_timeout_on_create_is_not_blindly_repeated(sleeps: list[float]) -> None:
    def respond(request: Recorded) -> Reply:
        if request.method == "POST":
            return Reply(200, SECRET, delay=0.6)
        return Reply(200, SECRET)

    with StubServer(respond) as stub:
        created = make_client(stub.url, timeout=(2.0, 0.2)).create_secret(tag="db_pw", name="DB", value="v")
    assert created.tag == "db_pw"
    assert len(stub.calls("POST")) == 1


def test_connection_refused_is_a_connection_error(sleeps: list[float]) -> None:
    with StubServer(scripted()) as stub:
        url = stub.url
    client = make_client(url, max_retries=1)
    with pytest.raises(CortexConnectionError) as info:
        client.get_secret(tag_or_id="db_pw")
    assert info.value.sent is False
    assert TOKEN not in str(info.value)


def test_connection_refused_says_so_and_is_tried_twice_at_most(sleeps: list[float]) -> None:
    with StubServer(scripted()) as stub:
        url = stub.url
    client = make_client(url, max_retries=4)
    with pytest.raises(CortexConnectionError) as info:
        client.get_secret(tag_or_id="db_pw")
    port = url.rsplit(":", 1)[1]
    assert str(info.value) == (f"connection refused by 127.0.0.1:{port} on GET /api/v1/secrets/db_pw: "
                               f"is Cortex (or the emulator) running at {url}?")
    assert len(sleeps) == 1, sleeps  # one repeat (a restarting server), not four backoffs


def test_unknown_host_says_so_and_is_not_retried(sleeps: list[float]) -> None:
    client = make_client("https://no-such-host.invalid", max_retries=4)
    with pytest.raises(CortexConnectionError) as info:
        client.list_teams()
    assert str(info.value).startswith("unknown host 'no-such-host.invalid' (DNS lookup failed) on GET /api/v1/teams")
    assert "timed out" not in str(info.value)
    assert sleeps == []

