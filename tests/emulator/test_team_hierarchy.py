"""Contract tests of the emulator's team hierarchy endpoints (read all edges, replace all edges)."""

from __future__ import annotations

import json

import pytest

from cortex_pulumi.emulator import Emulator
from tests.support import VIEWER_TOKEN, api
from tests.support.openapi import validate_response

PATH = "/api/v1/teams/relationships"


@pytest.fixture
def teams(emu: Emulator) -> Emulator:
    for tag in ("org", "platform", "payments", "infra"):
        body = {
            "type": "CORTEX",
            "teamTag": tag,
            "metadata": {"name": tag},
            "links": [],
            "slackChannels": [],
            "cortexTeam": {"members": []},
        }
        assert api(emu).post("/api/v1/teams", json=body).status_code == 200
    return emu


def edge(parent: str, child: str) -> dict[str, str]:
    return {"parentTeamTag": parent, "childTeamTag": child}


def put(emu: Emulator, edges: list, replace: str | None = "true", token: str | None = None):  # type: ignore[no-untyped-def]
    client = api(emu) if token is None else api(emu, token)
    params = {} if replace is None else {"replace": replace}
    return client.put(PATH, params=params, json={"edges": edges})


def test_empty_hierarchy(teams: Emulator) -> None:
    r = api(teams).get(PATH)
    assert r.status_code == 200
    validate_response("get", PATH, 200, r.json())
    assert r.json() == {"edges": []}


def test_replace_and_read_back_in_order(teams: Emulator) -> None:
    edges = [edge("org", "platform"), edge("org", "payments"), edge("platform", "infra")]
    r = put(teams, edges)
    assert r.status_code == 200, r.text
    validate_response("put", PATH, 200, r.json())
    assert r.json() == {"edges": edges}
    got = api(teams).get(f"{PATH}/")
    validate_response("get", PATH, 200, got.json())
    assert got.json() == {"edges": edges}
    smaller = put(teams, [edge("org", "infra")], replace="True")
    assert smaller.status_code == 200
    assert api(teams).get(PATH).json() == {"edges": [edge("org", "infra")]}
    assert put(teams, []).json() == {"edges": []}
    assert api(teams).get(PATH).json() == {"edges": []}


def test_a_team_may_have_several_parents(teams: Emulator) -> None:
    edges = [edge("org", "infra"), edge("platform", "infra"), edge("org", "platform")]
    assert put(teams, edges).status_code == 200


@pytest.mark.parametrize(
    ("edges", "bad", "word"),
    [
        ([edge("org", "platform"), edge("org", "ghost")], edge("org", "ghost"), "ghost"),
        ([edge("ghost", "org")], edge("ghost", "org"), "ghost"),
        ([edge("org", "org")], edge("org", "org"), "own parent"),
        ([edge("org", "platform"), edge("org", "platform")], edge("org", "platform"), "Duplicate"),
        ([edge("org", "platform"), edge("platform", "infra"), edge("infra", "org")], edge("infra", "org"), "cycle"),
        ([edge("payments", "infra"), edge("infra", "payments")], edge("infra", "payments"), "cycle"),
    ],
)
def test_invalid_edges_are_400_with_the_edge_and_change_nothing(teams: Emulator, edges: list, bad: dict, word: str) -> None:
    before = [edge("org", "payments")]
    assert put(teams, before).status_code == 200
    r = put(teams, edges)
    assert r.status_code == 400, r.text
    validate_response("put", PATH, 400, r.json())
    assert word in r.json()["message"]
    assert json.loads(r.json()["details"]) == bad
    assert api(teams).get(PATH).json() == {"edges": before}


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ({}, "edges"),
        ({"edges": {"parentTeamTag": "org"}}, "edges"),
        ({"edges": [{"parentTeamTag": "org"}]}, "edges[0].childTeamTag"),
        ({"edges": [{"parentTeamTag": 1, "childTeamTag": "org"}]}, "edges[0].parentTeamTag"),
        ({"edges": ["org>platform"]}, "edges[0]"),
    ],
)
def test_malformed_bodies_are_400_naming_the_field(teams: Emulator, body: dict, word: str) -> None:
    r = api(teams).put(PATH, params={"replace": "true"}, json=body)
    assert r.status_code == 400
    validate_response("put", PATH, 400, r.json())
    assert word in r.json()["message"]


@pytest.mark.parametrize("replace", [None, "false", "False"])
def test_replace_must_be_true(teams: Emulator, replace: str | None) -> None:
    r = put(teams, [edge("org", "platform")], replace=replace)
    assert r.status_code == 400 and "replace" in r.json()["message"]
    assert api(teams).get(PATH).json() == {"edges": []}


def test_viewer_gets_403(teams: Emulator) -> None:
    assert api(teams, VIEWER_TOKEN).get(PATH).status_code == 403
    assert put(teams, [edge("org", "platform")], token=VIEWER_TOKEN).status_code == 403
    assert api(teams).get(PATH).json() == {"edges": []}


def test_relationships_is_not_read_as_a_team_tag(teams: Emulator) -> None:
    # /teams/relationships must be routed before /teams/{tagOrId}, even with a team of that name.
    body = {"type": "CORTEX", "teamTag": "relationships", "metadata": {"name": "r"}, "links": [], "slackChannels": [], "cortexTeam": {"members": []}}
    assert api(teams).post("/api/v1/teams", json=body).status_code == 200
    assert api(teams).get(PATH).json() == {"edges": []}
