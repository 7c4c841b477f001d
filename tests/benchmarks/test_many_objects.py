"""A program of 3,000 Cortex objects previews and applies through the real engine without error.

Cheap objects (secrets) against an emulator with a high rate limit, so the test measures the program, the
provider process and the state rather than the API. Pulumi's file backend rewrites the whole state after
every step (quadratic in the stack size, see docs/performance.md); `PULUMI_SKIP_CHECKPOINTS` keeps that
Pulumi cost out of a CI-sized test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.emulator_proc import BenchEmulator
from benchmarks.engine import BenchStack, state_summary

N = 3000
#: Pages of one listing of N secrets at the largest page size (1,000), plus the page that says it is the last.
LISTING_PAGES = N // 1000 + 1
pytestmark = pytest.mark.timeout(900)


def test_three_thousand_secrets_preview_and_apply(tmp_path: Path) -> None:
    objects = [{"kind": "secret", "name": f"secret-{i:05d}",
                "args": {"tag": f"many_{i:05d}", "name": f"Secret {i}", "value": f"value-{i}"}} for i in range(N)]
    spec = tmp_path / "stack.json"
    spec.write_text(json.dumps({"objects": objects, "services": []}))
    emulator = BenchEmulator(tmp_path / "emulator", rate_limit=10_000_000)
    try:
        emulator.prepare([])
        stack = BenchStack(tmp_path / "stack", emulator, spec, extra_env={"PULUMI_SKIP_CHECKPOINTS": "true"})
        stack.init()
        preview = stack.run("preview")
        print("preview calls", preview.api["by_method"])
        assert preview.changes["create"] == N + 1
        # Preview checks read, never write: the token check and one paged listing of secrets.
        assert set(preview.api["by_method"]) == {"GET"} and preview.api["calls"] <= 1 + LISTING_PAGES
        up = stack.run("create")
        print("up calls", up.api["by_method"])
        assert up.changes["create"] == N + 1
        assert up.api["by_method"]["POST"] == N, "one write per secret"
        assert set(up.api["by_method"]) <= {"POST", "GET"} and up.api["by_method"].get("GET", 0) <= 1 + LISTING_PAGES
        assert emulator.counts()["secret"] == N
        state = state_summary(stack.state_file)
        assert state["objects"] == N
        assert state["provider_blob_bytes"] / N < 200, "the pickled provider stays a by-reference blob"
    finally:
        emulator.stop()
