"""The emulator's two rate-limit modes: token bucket (default) and the strict sliding window; fake clocks."""

from __future__ import annotations

import pytest

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.emulator.ratelimit import RateLimiter, SlidingWindowLimiter, make_limiter
from cortex_pulumi.emulator.settings import Settings
from tests.support import api


class Clock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def test_sliding_window_admits_n_then_refuses_until_the_oldest_leaves_the_window() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(3, clock=clock)
    assert [limiter.acquire("k") for _ in range(3)] == [0, 0, 0]
    clock.now += 20.2
    assert limiter.acquire("k") == 40  # whole seconds until 560
    clock.now = 559.9
    assert limiter.acquire("k") == 1
    clock.now = 560.0
    assert [limiter.acquire("k") for _ in range(4)] == [0, 0, 0, 60]
    assert limiter.acquire("other") == 0  # per key


def test_sliding_window_is_stricter_than_the_bucket_half_a_minute_later() -> None:
    clock = Clock()
    window, bucket = SlidingWindowLimiter(10, clock=clock), RateLimiter(10, clock=clock)
    for limiter in (window, bucket):
        assert [limiter.acquire("k") for _ in range(10)] == [0] * 10
    clock.now += 30
    # The bucket has refilled half its tokens; the window still holds all ten requests.
    assert [bucket.acquire("k") for _ in range(5)] == [0] * 5
    assert window.acquire("k") == 30


def test_refused_requests_do_not_count() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(1, clock=clock)
    assert limiter.acquire("k") == 0
    for _ in range(5):
        clock.now += 10
        assert limiter.acquire("k") > 0
    clock.now = 560.0
    assert limiter.acquire("k") == 0


def test_reset_forgets_the_window() -> None:
    limiter = SlidingWindowLimiter(1)
    limiter.acquire("k")
    assert limiter.acquire("k") > 0
    limiter.reset()
    assert limiter.acquire("k") == 0


def test_unknown_mode_is_refused_naming_the_field() -> None:
    with pytest.raises(ValueError, match="rate_limit_mode must be one of token-bucket, sliding-window"):
        Settings(rate_limit_mode="leaky")
    with pytest.raises(ValueError, match="rate_limit_mode"):
        make_limiter("fixed", 5)


def test_emulator_in_sliding_window_mode_answers_429_with_the_window_wait() -> None:
    with Emulator(api_keys={"a": "ADMIN"}, rate_limit=3, rate_limit_mode="sliding-window") as emu:
        client = api(emu, "a")
        assert [client.get("/api/v1/secrets").status_code for _ in range(4)] == [200, 200, 200, 429]
        refused = client.get("/api/v1/secrets")
        assert refused.status_code == 429
        # A bucket of 3 per minute would come back in 20 s; the window frees only when the first leaves it.
        assert 55 <= int(refused.headers["Retry-After"]) <= 60
        emu.reset()
        assert client.get("/api/v1/secrets").status_code == 200
