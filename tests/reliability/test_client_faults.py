"""The client against answers cut off mid-body (after the status line went out): idempotent calls are repeated,
creates are checked before being repeated, and nothing is written twice."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cortex_pulumi.client import CortexClient, CortexConnectionError, ServerError
from cortex_pulumi.client.models.team import CortexTeamDetails, TeamMetadata
from cortex_pulumi.client.models.workflow import WorkflowDefinition
from cortex_pulumi.emulator import Emulator
from tests.reliability.faultproxy import LostAckProxy
from tests.reliability.report import Scenario
from tests.support import ADMIN_TOKEN, api


@pytest.fixture
def proxy(emu: Emulator) -> Iterator[LostAckProxy]:
    lossy = LostAckProxy(emu.port, seed=3).start()
    try:
        yield lossy
    finally:
        lossy.stop()


def test_answers_cut_off_mid_body_are_survived(emu: Emulator, proxy: LostAckProxy, scenario: Scenario) -> None:
    for i in range(40):  # a teams list large enough to span several TCP writes
        api(emu).post("/api/v1/teams", json={"teamTag": f"cut-{i:02d}", "metadata": {"name": "x" * 200},
                                             "type": "CORTEX", "links": [], "slackChannels": [],
                                             "cortexTeam": {"members": []}}).raise_for_status()
    client = CortexClient(base_url=proxy.url, api_token=ADMIN_TOKEN, rate_limit_per_minute=None, max_retries=6,
                          backoff_factor=0.01)
    proxy.loss_rate, proxy.cut_rate = 0.1, 0.15
    for i in range(15):
        assert len(client.list_teams(include_teams_without_members=True)) == 40
        assert client.get_team_details(tag_or_id=f"cut-{i:02d}").team_tag == f"cut-{i:02d}"
        workflow = WorkflowDefinition.from_dict({"tag": f"wf-{i}", "name": "W", "actions": [
            {"name": "a", "slug": "a", "schema": {"type": "SLACK", "channel": "c", "message": "m"}}]})
        assert client.create_or_update_workflow(workflow=workflow).tag == f"wf-{i}"  # an idempotent upsert
    created = []
    for i in range(15):
        created.append(client.create_team(team_tag=f"new-{i:02d}", metadata=TeamMetadata(name="New"),
                                          cortex_team=CortexTeamDetails(members=[])).team_tag)
    proxy.loss_rate = proxy.cut_rate = 0.0
    tags = [t["teamTag"] for t in api(emu).get("/api/v1/teams", params={"includeTeamsWithoutMembers": "true"}).json()["teams"]]
    posts = [e for e in emu.requests("POST", "/api/v1/teams") if e["status"] == 200]
    scenario.area, scenario.title = "Faults", "Client: answers cut off after the write"
    scenario.injected = (f"a proxy dropping 10% of answers whole ({proxy.lost}) and 15% after the status line "
                         f"({proxy.cut}); 45 idempotent calls and 15 creates")
    scenario.objects = len([t for t in tags if t.startswith("new-")])
    scenario.duplicates = len(posts) - 40 - len(created)
    scenario.held = "every idempotent call succeeded (repeated); every create landed exactly once"
    assert proxy.lost > 0 and proxy.cut > 0
    assert sorted(t for t in tags if t.startswith("new-")) == sorted(created)
    assert len(posts) == 40 + 15, "a create was sent again after it had landed"


def test_a_create_whose_last_attempt_lands_unacknowledged_is_found(emu: Emulator, scenario: Scenario,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """First attempt: a 5xx before anything was stored. Second attempt: stored, but the answer is lost. The
    client must find the object instead of failing (which would leave an orphan the state does not know)."""
    client = CortexClient(base_url=emu.url, api_token=ADMIN_TOKEN, rate_limit_per_minute=None)
    transport = client._transport
    real = transport.request
    posts = {"n": 0}

    def flaky(method: str, path: str, **kwargs: Any) -> Any:
        if method == "POST" and path == "/api/v1/teams":
            posts["n"] += 1
            if posts["n"] == 1:
                raise ServerError(status=503, method=method, path=path, message="Service Unavailable")
            real(method, path, **kwargs)
            raise CortexConnectionError("connection dropped", method=method, path=path, sent=True)
        return real(method, path, **kwargs)

    monkeypatch.setattr(transport, "request", flaky)
    monkeypatch.setattr("cortex_pulumi.client.retry.sleep", lambda seconds: None)
    team = client.create_team(team_tag="unacked", metadata=TeamMetadata(name="U"), cortex_team=CortexTeamDetails(members=[]))
    assert team.team_tag == "unacked" and posts["n"] == 2
    assert len([e for e in emu.requests("POST", "/api/v1/teams") if e["status"] == 200]) == 1
    scenario.area, scenario.title = "Faults", "Client: the last create attempt lands unacknowledged"
    scenario.injected = "create 1: 503 before storing; create 2: stored, answer lost"
    scenario.objects, scenario.duplicates, scenario.orphans = 1, 0, 0
    scenario.held = "the object is found and returned; no orphan, no third create"
