"""Lookups against the emulator: every function, configured from the environment or the stack config."""

from __future__ import annotations

from collections.abc import Iterator

import pulumi
import pytest
from pulumi.runtime import config as runtime_config

import cortex_pulumi as cortex
from cortex_pulumi import lookups
from cortex_pulumi.client import NotFoundError
from cortex_pulumi.client.models import ScorecardResponse, TeamResponse
from cortex_pulumi.emulator import Emulator
from tests.support import ADMIN_TOKEN, api

DESCRIPTOR = "tag: ready\nname: Ready\nrules:\n- title: Has docs\n  expression: custom(\"docs\") != null\n"
WORKFLOW = {"tag": "hello", "name": "Hello", "isDraft": False, "filter": {"type": "GLOBAL"},
            "actions": [{"name": "a", "slug": "a", "schema": {"type": "JQ", "expression": "."},
                         "isRootAction": True, "outgoingActions": []}]}


@pytest.fixture
def seeded(emu: Emulator) -> Emulator:
    a = api(emu)
    for tag in ("org", "platform"):
        body = {"teamTag": tag, "type": "CORTEX", "metadata": {"name": tag.title()}, "links": [], "slackChannels": [],
                "cortexTeam": {"members": [{"email": f"{tag}@example.com", "name": "M", "notificationsEnabled": True}]}}
        assert a.post("/api/v1/teams", json=body).status_code == 200
    a.put("/api/v1/teams/relationships?replace=true", json={"edges": [{"parentTeamTag": "org", "childTeamTag": "platform"}]})
    a.post("/api/v1/secrets", json={"tag": "db", "name": "DB", "secret": "s3cr3t-lookup"})
    a.post("/api/v1/scorecards/descriptor", data=DESCRIPTOR, headers={"Content-Type": "application/yaml"})
    a.post("/api/v1/workflows", json=WORKFLOW)
    emu.register_entity("svc")
    a.post("/api/v1/catalog/svc/deploys", json={"title": "v1", "type": "DEPLOY", "timestamp": "2024-01-01T00:00:00Z"})
    return emu


@pytest.fixture
def env_config(seeded: Emulator, monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    lookups._cached_client.cache_clear()
    monkeypatch.setenv("CORTEX_API_TOKEN", ADMIN_TOKEN)
    monkeypatch.setenv("CORTEX_BASE_URL", seeded.url)
    yield seeded
    lookups._cached_client.cache_clear()


def test_every_lookup(env_config: Emulator) -> None:
    card = cortex.get_scorecard("ready")
    assert isinstance(card, ScorecardResponse) and list(card.rule_identifiers) == ["Has docs"]
    assert [s.tag for s in cortex.list_scorecards()] == ["ready"]
    scores = cortex.get_scorecard_scores("ready")
    assert {s.service.tag for s in scores} >= {"svc"}
    assert [s.service.tag for s in cortex.get_scorecard_scores("ready", entity="svc")] == ["svc"]
    assert [s.scorecard_name for s in cortex.get_entity_scorecard_scores("svc")] == ["Ready"]
    steps = cortex.get_scorecard_next_steps("ready", "svc")
    assert isinstance(steps, list)
    assert "img.shields.io" in cortex.get_scorecard_badge("ready", "svc").value

    team = cortex.get_team("platform")
    assert isinstance(team, TeamResponse) and [m.email for m in team.members] == ["platform@example.com"]
    assert {t.team_tag for t in cortex.list_teams()} == {"org", "platform"}
    assert [(e.parent_team_tag, e.child_team_tag) for e in cortex.get_team_hierarchy()] == [("org", "platform")]

    secret = cortex.get_secret("db")
    assert secret.name == "DB" and "s3cr3t-lookup" not in repr(secret)
    assert [s.tag for s in cortex.list_secrets()] == ["db"]

    assert cortex.get_workflow("hello").actions[0].slug == "a"
    listed = cortex.list_workflows()
    assert [w.tag for w in listed] == ["hello"] and listed[0].actions == ()
    assert cortex.list_workflows(include_actions=True)[0].actions[0].slug == "a"
    assert cortex.validate_workflow(cortex.get_workflow("hello")).ok is True
    assert cortex.validate_workflow("tag: x\nname: y\nactions: 3\n").ok is False

    assert [d.title for d in cortex.list_deploys("svc")] == ["v1"]
    with pytest.raises(NotFoundError, match="404 Not Found on GET /api/v1/teams/ghost"):
        cortex.get_team("ghost")


def test_stack_config_wins_over_environment(seeded: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    lookups._cached_client.cache_clear()
    monkeypatch.setenv("CORTEX_API_TOKEN", "wrong-token-from-env")
    monkeypatch.setenv("CORTEX_BASE_URL", "http://127.0.0.1:9")
    runtime_config.set_config("cortex:apiToken", ADMIN_TOKEN)
    runtime_config.set_config("cortex:baseUrl", seeded.url)
    try:
        assert pulumi.Config("cortex").get("baseUrl") == seeded.url
        assert cortex.get_secret("db").tag == "db"
    finally:
        config = runtime_config.CONFIG.get()
        config.pop("cortex:apiToken", None)
        config.pop("cortex:baseUrl", None)
        lookups._cached_client.cache_clear()


def test_explicit_client(seeded: Emulator) -> None:
    from cortex_pulumi.client import CortexClient

    with CortexClient(base_url=seeded.url, api_token=ADMIN_TOKEN) as client:
        assert cortex.get_team("org", client=client).metadata.name == "Org"
