"""The API bound of the benchmarks: concurrency/latency while calls fit in the window, then the window."""

from __future__ import annotations

import pytest

from benchmarks.bound import api_bound


def test_calls_within_the_window_are_bound_by_concurrency_and_latency() -> None:
    assert api_bound(1000, 1000, 0) == 0.0
    assert api_bound(500, 1000, 50) == pytest.approx(500 / 4 * 0.05)


def test_calls_beyond_the_window_wait_for_it() -> None:
    assert api_bound(1001, 1000, 0) == pytest.approx(60.0)
    assert api_bound(2500, 1000, 0) == pytest.approx(120.0)
    # At 50 ms the first call is answered at 0.05 s, so call 1001 starts at 60.05 s.
    assert api_bound(1001, 1000, 50) == pytest.approx(60.1)


def test_calls_of_an_earlier_operation_still_in_the_window_hold_slots() -> None:
    prior = [-50.0] * 900 + [-70.0] * 100  # 100 left the window already
    assert api_bound(100, 1000, 0, prior) == 0.0
    assert api_bound(101, 1000, 0, prior) == pytest.approx(10.0)
