"""A stack whose state was written before outputs were recorded once (every output beside its equal input) upgrades in
place, with the real Pulumi CLI: it reads, previews clean, `cortex-pulumi audit` finds nothing, drift still shows,
and the next `pulumi up --refresh` shrinks it to what the current version writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cortex_pulumi.audit import audit
from cortex_pulumi.client import CortexClient
from cortex_pulumi.provider._compact import ELIDED, expand
from tests.engine.harness import Emulator, PulumiWorkspace, Stack, counts_of
from tests.engine.test_platform import PlatformLifecycle

OURS = "pulumi-python:dynamic/cortex:"


def _ours(export: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in export["deployment"]["resources"] if r["type"].startswith(OURS)]


def _as_previous_version(export: dict[str, Any]) -> dict[str, Any]:
    """The same deployment as the previous version recorded it: every output in full, whatever the inputs hold."""
    legacy = json.loads(json.dumps(export))
    for resource in _ours(legacy):
        resource["outputs"] = expand(resource["outputs"], resource["inputs"])
    return legacy


def _size(resources: list[dict[str, Any]]) -> int:
    return sum(len(json.dumps(r["outputs"])) for r in resources)


def _findings(emulator: Emulator, stack: Stack) -> list[str]:
    with CortexClient(base_url=emulator.base_url, api_token=emulator.token, rate_limit_per_minute=None) as client:
        return [f"{f.kind} {f.object}: {f.problem}" for f in audit(stack.export(), client).findings]


def test_previous_state_reads_previews_clean_and_shrinks(workspace: PulumiWorkspace, emulator: Emulator,
                                                         tmp_path: Path) -> None:
    platform = PlatformLifecycle(workspace, emulator, "upgrade")
    platform.set_up()
    platform.up_result(what="first up")
    stack = platform.stack
    current = stack.export()
    compact = _ours(current)
    # Outputs equal to the program's own inputs are recorded once (objects declared by files too: `from_file` declares
    # the fields its file stands for); those `check` derived (a team's type) stay, since the program sees only what it
    # declared.
    assert len(compact) == 13 and all(ELIDED in r["outputs"] for r in compact), "every kind records its outputs once"
    legacy = _as_previous_version(current)
    assert not any(ELIDED in r["outputs"] for r in _ours(legacy))
    assert _size(_ours(legacy)) > 1.5 * _size(compact)

    (tmp_path / "legacy.json").write_text(json.dumps(legacy))
    stack.run("stack", "import", "--file", str(tmp_path / "legacy.json"))
    assert not any(ELIDED in r["outputs"] for r in _ours(stack.export()))
    stack.preview("--expect-no-changes")
    stack.preview("--refresh", "--expect-no-changes")  # a preview's refresh is not recorded: still the old state
    assert _findings(emulator, stack) == []

    # Drift behind Pulumi's back is still seen against the old state, and repaired.
    team = emulator.get_json("/api/v1/teams/platform")
    emulator.api("PUT", "/api/v1/teams/platform", expect=200,
                 json={**team, "metadata": {**team["metadata"], "description": "Edited in the UI"}})
    assert _findings(emulator, stack) == ["Team platform: mismatch"]
    repaired = stack.up("--refresh")
    assert counts_of(repaired).get("update") == 1, repaired.output
    assert emulator.get_json("/api/v1/teams/platform")["metadata"]["description"] != "Edited in the UI"

    # That `up --refresh` read every object: the state is the current version's again.
    upgraded = _ours(stack.export())
    assert all(ELIDED in r["outputs"] for r in upgraded)
    assert _size(upgraded) == _size(compact)
    stack.preview("--expect-no-changes")
    assert _findings(emulator, stack) == []
    stack.destroy()
