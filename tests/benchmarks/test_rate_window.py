"""Back-to-back commands through the real engine stay inside R requests per 60 s: never a 429, in both
emulator modes (token bucket, strict sliding window). R is small so that a CI-sized stack needs the window;
`python -m benchmarks.window` runs the same scenario at N = 3,000 and R = 1,000."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.window import peak_per_window, run_scenario

# The two modes share nothing and each waits minutes for the window: xdist may run them side by side.
pytestmark = [pytest.mark.timeout(900), pytest.mark.independent]

R = 5
N = 7  # creates: 5 at once, then 2 a window later; the second `up` starts with those 2 still counted


def test_peak_per_window_counts_admitted_arrivals() -> None:
    entries = [{"time": t, "durationMs": 0.0, "status": s} for t, s in ((0, 200), (30, 200), (59.9, 429), (59.9, 200),
                                                                         (60.0, 200), (119.95, 200))]
    assert peak_per_window(entries) == 3  # 30, 59.9, 60.0 (the 429 does not count; 0 left at 60.0)


@pytest.mark.parametrize("mode", ["token-bucket", "sliding-window"])
def test_create_then_a_second_up_then_destroy_never_draw_a_429(tmp_path: Path, mode: str) -> None:
    result = run_scenario(tmp_path, N, R, mode)
    steps = result["steps"]
    assert {s: steps[s]["api"]["throttled"] for s in steps} == {"create": 0, "update": 0, "destroy": 0}
    # Besides the writes, only reads (the provider's token check and listings).
    for step, method, count in (("create", "POST", N), ("update", "PUT", 1), ("destroy", "DELETE", N)):
        by_method = steps[step]["api"]["by_method"]
        assert by_method.get(method) == count and set(by_method) <= {method, "GET"}, (step, by_method)
    assert result["peak_per_60s"] <= R
    # The limiter, not luck, kept the count: the sixth create waited for the window.
    assert steps["create"]["seconds"] > 55
