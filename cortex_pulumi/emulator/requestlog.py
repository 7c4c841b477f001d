"""The in-memory log of /api/v1 requests (never keys, bodies or secret values), read by tests and benchmarks.

Each entry: ``{"seq", "time", "method", "path", "query", "status", "keyName", "durationMs", "requestId",
"fault"}``. ``status`` is 0 for a dropped connection; ``keyName`` is None when authentication failed.
"""

from __future__ import annotations

import collections
import itertools
import threading
import time
from typing import Any


class RequestLog:
    """A bounded, thread-safe ring of request records."""

    def __init__(self, size: int = 100_000) -> None:
        self._entries: collections.deque[dict[str, Any]] = collections.deque(maxlen=size)
        self._lock = threading.Lock()
        self._seq = itertools.count(1)

    def add(
        self,
        *,
        method: str,
        path: str,
        query: str,
        status: int,
        key_name: str | None,
        duration_ms: float,
        request_id: str,
        fault: str | None,
    ) -> None:
        entry = {
            "seq": 0,
            "time": time.time(),
            "method": method,
            "path": path,
            "query": query,
            "status": status,
            "keyName": key_name,
            "durationMs": round(duration_ms, 3),
            "requestId": request_id,
            "fault": fault,
        }
        with self._lock:
            entry["seq"] = next(self._seq)
            self._entries.append(entry)

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
