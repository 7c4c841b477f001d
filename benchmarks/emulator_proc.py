"""A Cortex emulator subprocess for the benchmarks: rate limit, added latency, catalog services, request log."""

from __future__ import annotations

import collections
import time
from pathlib import Path
from typing import Any

import requests

from cortex_pulumi.emulator.process import EmulatorProcess

TOKEN = "bench-api-token-7f3a"


class BenchEmulator:
    """`python -m cortex_pulumi.emulator` with a given rate limit and mode; latency is set through the faults API."""

    def __init__(self, directory: Path, *, rate_limit: int, latency_ms: float = 0.0,
                 rate_limit_mode: str = "token-bucket") -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.rate_limit = rate_limit
        self.rate_limit_mode = rate_limit_mode
        self.latency_ms = latency_ms
        self._emulator = EmulatorProcess(
            "--db", str(directory / "cortex.db"), "--api-key", f"{TOKEN}=ADMIN", "--rate-limit", str(rate_limit),
            "--rate-limit-mode", rate_limit_mode,
            stderr_path=directory / "emulator.log",
        ).start()
        assert self._emulator.process is not None
        self.process = self._emulator.process
        self.base_url = self._emulator.url
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {TOKEN}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def _admin(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.session.request(method, f"{self.base_url}/_emulator{path}", timeout=60, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def prepare(self, services: list[str]) -> None:
        """Empty everything, register the catalog services deploys go to, and set the latency."""
        self._admin("POST", "/reset")
        self._admin("POST", "/entities", json=[{"tag": s, "type": "service", "name": s} for s in services])
        self._admin("PUT", "/faults", json={"latencyMs": self.latency_ms})

    def last_seq(self) -> int:
        """Number of the last logged /api/v1 request (0 when none was made)."""
        self.requests_since(self._last)
        return self._last

    _last = 0

    def requests_since(self, seq: int) -> list[dict[str, Any]]:
        """Requests logged after request number `seq`."""
        entries: list[dict[str, Any]] = self._admin("GET", "/requests", params={"afterSeq": seq})["requests"]
        if entries:
            self._last = max(self._last, max(e["seq"] for e in entries))
        return entries

    def counts(self) -> dict[str, int]:
        """Objects the emulator holds, per listing (to check a run really created and destroyed them)."""
        out = {}
        for key, path, field in (("secret", "/api/v1/secrets?pageSize=1000", "secrets"),
                                 ("workflow", "/api/v1/workflows?pageSize=1000", "workflows"),
                                 ("scorecard", "/api/v1/scorecards?pageSize=1000&showDrafts=true", "scorecards"),
                                 ("team", "/api/v1/teams?includeTeamsWithoutMembers=true", "teams")):
            total, page = 0, 0
            while True:
                r = self.session.get(f"{self.base_url}{path}&page={page}", timeout=60)
                r.raise_for_status()
                body = r.json()
                total += len(body.get(field) or [])
                if field == "teams" or page + 1 >= int(body.get("totalPages") or 1):
                    break
                page += 1
            out[key] = total
        return out

    def stop(self) -> None:
        self._emulator.stop()


def summarize(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """API calls of one step: total, by method, throttled (429) and failed (5xx, dropped) answers."""
    by_method = collections.Counter(e["method"] for e in entries)
    return {
        "calls": len(entries),
        "by_method": dict(by_method),
        "throttled": sum(1 for e in entries if e["status"] == 429),
        "errors": sum(1 for e in entries if e["status"] >= 500 or e["status"] == 0),
    }


def wait_until(predicate: Any, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False
