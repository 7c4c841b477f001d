"""The operations a program may need besides the resources: evaluate a scorecard for an entity, delete deploys,
replace a team's members; each one API call, nothing during a preview."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pulumi
import pytest

import cortex_pulumi as cortex
from cortex_pulumi.client import CortexClient
from cortex_pulumi.emulator import Emulator
from tests.support import ADMIN_TOKEN, api

WRITES = ("POST", "PUT", "PATCH", "DELETE")


@pytest.fixture
def client(emu: Emulator) -> Iterator[CortexClient]:
    with CortexClient(base_url=emu.url, api_token=ADMIN_TOKEN) as made:
        yield made


def _deploy(emu: Emulator, entity: str, sha: str, environment: str) -> None:
    body = {"title": f"{entity} {sha}", "type": "DEPLOY", "sha": sha, "environment": environment,
            "timestamp": "2024-05-01T10:00:00Z"}
    api(emu).post(f"/api/v1/catalog/{entity}/deploys", json=body).raise_for_status()


def _shas(emu: Emulator, entity: str) -> list[str]:
    return sorted(d["sha"] for d in api(emu).get(f"/api/v1/catalog/{entity}/deploys").json()["deployments"])


def test_delete_deploys_of_an_entity_or_by_filter(emu: Emulator, client: CortexClient) -> None:
    for tag in ("pay", "auth"):
        emu.register_entity(tag)
        _deploy(emu, tag, "a1", "prod")
        _deploy(emu, tag, "b2", "staging")
    gone = cortex.delete_deploys("pay", environment="staging", client=client)
    assert gone is not None and [d.sha for d in gone] == ["b2"] and _shas(emu, "pay") == ["a1"]
    cortex.delete_deploys(sha="a1", client=client)
    assert _shas(emu, "pay") == [] and _shas(emu, "auth") == ["b2"]
    with pytest.raises(ValueError, match="an entity or at least one of"):
        cortex.delete_deploys(client=client)


def test_replace_only_the_members(emu: Emulator, client: CortexClient) -> None:
    link = {"name": "Wiki", "type": "documentation", "url": "https://wiki.example.com"}
    api(emu).post("/api/v1/teams", json={"teamTag": "ops", "type": "CORTEX", "metadata": {"name": "Ops"},
                                         "links": [link], "slackChannels": [], "cortexTeam": {"members": []}}
                  ).raise_for_status()
    team = cortex.replace_team_members("ops", [{"email": "ada@example.com", "name": "Ada", "roles": []}],
                                       client=client)
    assert team is not None and [m.email for m in team.members] == ["ada@example.com"]
    stored = api(emu).get("/api/v1/teams/ops").json()
    assert stored["links"] == [link] and stored["metadata"]["name"] == "Ops"
    assert [r["path"] for r in emu.requests() if r["method"] in WRITES][-1] == "/api/v1/teams/ops/members"
    with pytest.raises(TypeError, match="mapping with email and name"):
        cortex.replace_team_members("ops", ["ada@example.com"], client=client)


def test_trigger_a_scorecard_evaluation(emu: Emulator, client: CortexClient) -> None:
    emu.register_entity("pay")
    card = "tag: ready\nname: Ready\nrules:\n- title: r\n  expression: 'true'\n"
    api(emu).post("/api/v1/scorecards/descriptor", data=card, headers={"Content-Type": "application/yaml"}
                  ).raise_for_status()
    emu.clear_requests()
    assert cortex.trigger_scorecard_evaluation("ready", "pay", client=client) is True
    assert [(r["method"], r["path"]) for r in emu.requests()] == [("POST", "/api/v1/scorecards/ready/entity/pay/scores")]


def test_nothing_happens_during_a_preview(emu: Emulator, client: CortexClient, monkeypatch: Any) -> None:
    monkeypatch.setattr(pulumi.runtime, "is_dry_run", lambda: True)
    assert cortex.trigger_scorecard_evaluation("ready", "pay", client=client) is None
    assert cortex.delete_deploys("pay", client=client) is None
    assert cortex.replace_team_members("ops", [{"email": "a@example.com", "name": "A"}], client=client) is None
    assert emu.requests() == []
