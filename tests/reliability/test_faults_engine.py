"""200 Cortex objects applied with the real Pulumi CLI while the network misbehaves: 429 bursts, 10% 5xx, 5%
dropped connections, latency spikes, and answers lost after the write happened. The first `pulumi up` may
fail, but cleanly; the next one converges; state and Cortex then agree object for object."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from tests.engine.harness import PulumiWorkspace, counts_of, diagnostics_text
from tests.reliability.faultproxy import LostAckProxy
from tests.reliability.report import Scenario
from tests.reliability.support import EmulatorServer, audit_stack, fleet, up

#: 70 teams, 60 secrets, 59 deploys, 10 workflows and the hierarchy: 200 Cortex objects.
SIZE = {"teams": 70, "secrets": 60, "deploys": 59, "workflows": 10, "hierarchy": True}
OBJECTS = 200
STORM = {"errorRate": 0.10, "errorStatuses": [500, 502, 503], "dropRate": 0.05, "latencyMs": 2, "spikeMs": 700,
         "spikeRate": 0.03, "burst429": 6, "seed": 7}


class Bursts:
    """Re-arms a burst of 429s every `every` seconds (the emulator's burst429 counts down once)."""

    def __init__(self, emu: EmulatorServer, faults: dict[str, Any], every: float = 6.0) -> None:
        self.emu, self.faults, self.every = emu, faults, every
        self.stopped = threading.Event()
        self.armed = 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stopped.wait(self.every):
            self.emu.set_faults(**{**self.faults, "seed": self.armed})
            self.armed += 1

    def __enter__(self) -> Bursts:
        self.emu.set_faults(**self.faults)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join(10)
        self.emu.clear_faults()


@pytest.fixture
def proxy(server: EmulatorServer) -> Iterator[LostAckProxy]:
    lossy = LostAckProxy(server.port, seed=11).start()
    try:
        yield lossy
    finally:
        lossy.stop()


def cortex_counts(emu: EmulatorServer, prefix: str) -> dict[str, int]:
    with emu.client() as client:
        teams = [t.team_tag for t in client.list_teams(include_teams_without_members=True) if t.team_tag.startswith(prefix)]
        return {
            "teams": len(teams),
            "secrets": sum(s.tag.startswith(prefix) for s in client.iter_secrets(page_size=1000)),
            "deploys": sum(len(list(client.iter_deploys(tag_or_id=t, page_size=1000))) for t in teams),
            "workflows": sum(w.tag.startswith(prefix) for w in client.iter_workflows(page_size=1000)),
            "edges": len(client.get_team_hierarchy_relationships()),
        }


def test_200_objects_through_a_network_storm(workspace: PulumiWorkspace, server: EmulatorServer, proxy: LostAckProxy,
                                             scenario: Scenario) -> None:
    stack = fleet(workspace, server, "storm", prefix="st", config=SIZE)
    stack.set_config("cortex:baseUrl", proxy.url)  # every API call goes through the lossy proxy
    stack.set_config("cortex:timeout", "20")
    proxy.loss_rate, proxy.cut_rate = 0.03, 0.02
    with Bursts(server, STORM):
        first = up(stack, "--continue-on-error")
    storm_log = server.requests_log()
    faults = {f: sum(e.get("fault") == f or (f == "error" and str(e.get("fault", "")).startswith("error"))
                     for e in storm_log) for f in ("burst429", "error", "drop")}
    lost_first, cut_first = proxy.lost, proxy.cut
    # Clean failure: whatever the first run did is recorded; nothing half-made, nothing doubled.
    after_first = audit_stack(stack, server, "st-", "st_")
    deployment = stack.export()["deployment"]
    assert not deployment.get("pending_operations"), "a failed run must not leave operations pending"
    assert after_first.ok, after_first.to_text()  # no orphan, duplicate, missing, drifted or pending object
    if first.returncode != 0:
        text = diagnostics_text(first)
        assert "Unable to create Cortex" in text or "Unable to update Cortex" in text, text[-3000:]
    # The storm calms down to what is always survivable (429 bursts, spikes, lost answers): the next up converges.
    with Bursts(server, {"latencyMs": 2, "spikeMs": 700, "spikeRate": 0.03, "burst429": 6}):
        second = up(stack)
    assert second.returncode == 0, diagnostics_text(second)[-4000:]
    proxy.loss_rate = proxy.cut_rate = 0.0
    final = audit_stack(stack, server, "st-", "st_")
    counts = cortex_counts(server, "st")
    resources = [r for r in stack.resources() if r["type"].startswith("pulumi-python:dynamic/cortex:")]
    scenario.area, scenario.title = "Faults", "200 objects through a network storm (real CLI)"
    scenario.injected = (f"first up: {faults['burst429']} x 429, {faults['error']} x 5xx, {faults['drop']} dropped "
                         f"connections, 3% spikes of 0.7 s, {lost_first} answers lost and {cut_first} cut after the status line; "
                         "second up: 429 bursts, spikes, lost answers")
    scenario.record_audit(len(resources), final)
    scenario.held = (f"first up {'succeeded' if first.returncode == 0 else 'failed cleanly'} "
                     f"({len(after_first.findings)} findings), second up succeeded; audit: "
                     f"{len(final.findings)} findings; Cortex holds {counts}")
    assert final.ok, final.to_text()
    assert len(resources) == OBJECTS
    assert counts == {"teams": 70, "secrets": 60, "deploys": 59, "workflows": 10, "edges": 69}
    assert faults["error"] > 0 and faults["drop"] > 0 and faults["burst429"] > 0 and lost_first > 0 and cut_first > 0
    assert counts_of(stack.preview())["same"] == OBJECTS + 1  # and the program agrees: nothing left to do
