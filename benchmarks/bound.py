"""The time the API alone needs for an operation's calls: 4 in flight at the added latency, R per 60 s.

While the calls fit in the window the bound is the concurrency/latency bound (calls × latency ÷ 4, nothing
at 0 ms); beyond R, call R + 1 waits until a slot frees a window after an earlier call. Calls that an
earlier operation made within the last 60 s hold slots too (`prior`: their arrival times, in seconds
relative to this operation's start, all negative).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

#: Concurrent calls of the dynamic-provider process (its gRPC server has 4 worker threads).
PROVIDER_THREADS = 4
WINDOW = 60.0


def api_bound(calls: int, rate_limit: int, latency_ms: float, prior: Sequence[float] = (),
              threads: int = PROVIDER_THREADS) -> float:
    """Seconds from the operation's start until its last call is answered, at best."""
    latency = latency_ms / 1000.0
    held = sorted(t + WINDOW for t in prior if t + WINDOW > 0)[:rate_limit]
    slots = held + [0.0] * (rate_limit - len(held))  # when each slot is next free
    heapq.heapify(slots)
    workers = [0.0] * threads
    finished = 0.0
    for _ in range(calls):
        start = max(heapq.heappop(slots), heapq.heappop(workers))
        end = start + latency
        heapq.heappush(workers, end)
        heapq.heappush(slots, end + WINDOW)
        finished = max(finished, end)
    return finished
