"""The emulator's model of a shared tenant: integration-synced hierarchy edges and IdP-synced team members
(seed file and admin endpoints), and members edited outside Pulumi."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.emulator.seed import apply_seed_file
from tests.support import api

EDGES = "/api/v1/teams/relationships"


def team(tag: str, **extra: Any) -> dict[str, Any]:
    return {"type": "CORTEX", "teamTag": tag, "metadata": {"name": tag}, "links": [], "slackChannels": [],
            "cortexTeam": {"members": []}, **extra}


def edge(parent: str, child: str, provider: str | None = None) -> dict[str, str]:
    return {"parentTeamTag": parent, "childTeamTag": child, **({"provider": provider} if provider else {})}


@pytest.fixture
def org(emu: Emulator) -> Emulator:
    for tag in ("org", "hr", "eng", "ops"):
        assert api(emu).post("/api/v1/teams", json=team(tag)).status_code == 200
    return emu


def test_sync_adds_edges_with_their_provider_and_keeps_the_others(org: Emulator) -> None:
    assert api(org).put(EDGES, params={"replace": "true"}, json={"edges": [edge("org", "eng")]}).ok
    synced = api(org).post("/_emulator/teams/relationships/sync",
                           json={"provider": "WORKDAY", "edges": [edge("org", "hr"), edge("org", "eng")]})
    assert synced.status_code == 200
    assert api(org).get(EDGES).json()["edges"] == [edge("org", "eng", "WORKDAY"), edge("org", "hr", "WORKDAY")]
    bad = api(org).post("/_emulator/teams/relationships/sync", json={"provider": "BAMBOO", "edges": []})
    assert bad.status_code == 400 and "WORKDAY" in bad.json()["message"]


def test_a_replacement_keeps_the_provider_of_edges_it_lists_again_and_drops_the_rest(org: Emulator) -> None:
    api(org).post("/_emulator/teams/relationships/sync",
                  json={"provider": "WORKDAY", "edges": [edge("org", "hr"), edge("org", "eng")]}).raise_for_status()
    body = {"edges": [edge("org", "hr"), edge("eng", "ops")]}
    assert api(org).put(EDGES, params={"replace": "true"}, json=body).status_code == 200
    assert api(org).get(EDGES).json()["edges"] == [edge("org", "hr", "WORKDAY"), edge("eng", "ops")]


def test_seed_file_holds_synced_edges_and_idp_members(emu: Emulator, tmp_path: Path) -> None:
    seed = tmp_path / "seed.yaml"
    seed.write_text("""
teams:
  - {type: CORTEX, teamTag: org, metadata: {name: Org}, links: [], slackChannels: [], cortexTeam: {members: []}}
  - type: IDP
    teamTag: people
    metadata: {name: People}
    links: []
    slackChannels: []
    idpGroup: {group: people@example.com, provider: OKTA, members: [{email: ada@example.com, name: Ada}]}
relationships:
  - {parentTeamTag: org, childTeamTag: people, provider: WORKDAY}
""")
    apply_seed_file(emu._state().store, str(seed))
    assert api(emu).get(EDGES).json()["edges"] == [edge("org", "people", "WORKDAY")]
    members = api(emu).get("/api/v1/teams/people").json()["idpGroup"]["members"]
    assert [(m["email"], m["name"]) for m in members] == [("ada@example.com", "Ada")] and members[0]["id"]


def test_idp_sync_sets_members_and_survives_team_updates(emu: Emulator) -> None:
    idp = team("people", type="IDP", idpGroup={"group": "people@example.com", "provider": "OKTA"})
    del idp["cortexTeam"]
    assert api(emu).post("/api/v1/teams", json=idp).status_code == 200
    synced = api(emu).put("/_emulator/teams/people/idp-members",
                          json={"members": [{"email": "ada@example.com", "name": "Ada"}, {"email": "bo@example.com"}]})
    assert synced.status_code == 200
    update = {"type": "IDP", "metadata": {"name": "People Ops"}, "links": [], "slackChannels": []}
    assert api(emu).put("/api/v1/teams/people", json=update).status_code == 200
    got = api(emu).get("/api/v1/teams/people").json()
    assert got["metadata"]["name"] == "People Ops"
    assert [m["email"] for m in got["idpGroup"]["members"]] == ["ada@example.com", "bo@example.com"]
    assert api(emu).put("/_emulator/teams/people/idp-members", json={"members": "x"}).status_code == 400


def test_idp_members_only_for_idp_teams(org: Emulator) -> None:
    answer = api(org).put("/_emulator/teams/org/idp-members", json={"members": []})
    assert answer.status_code == 400 and "not backed by an IdP group" in answer.json()["message"]


def test_members_edited_outside_pulumi_are_what_the_team_reads(org: Emulator) -> None:
    body = {"type": "CORTEX", "members": [{"email": "ui@example.com", "name": "Added in the UI", "notificationsEnabled": True,
                         "roleTags": []}]}
    assert api(org).put("/api/v1/teams/eng/members", json=body).status_code == 200
    assert [m["email"] for m in api(org).get("/api/v1/teams/eng").json()["cortexTeam"]["members"]] == ["ui@example.com"]
