"""A request body is validated in one pass: one 400 names every missing or wrong field (a team written by hand
is fixed in one round trip, not four), in Cortex's ErrorResponse shape, and nothing is written."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cortex_pulumi.emulator import Emulator
from tests.support import ADMIN_TOKEN, api
from tests.support.openapi import validate_schema


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(api_keys={ADMIN_TOKEN: "ADMIN"}) as server:
        api(server).post("/api/v1/teams", json={"type": "CORTEX", "teamTag": "platform", "metadata": {"name": "P"},
                                                "links": [], "slackChannels": [], "cortexTeam": {"members": []}})
        yield server


def _problems(response: Any, *fields: str) -> dict[str, Any]:
    assert response.status_code == 400, response.text
    body: dict[str, Any] = response.json()
    validate_schema("ErrorResponse", body)
    assert body["type"] == "BAD_REQUEST" and body["httpStatus"] == 400 and body["requestId"]
    assert body["message"].startswith(f"{len(fields)} problems in the request body: "), body["message"]
    for field in fields:
        assert field in body["details"], (field, body["details"])
    assert body["details"].count("field: ") == len(fields), body["details"]
    return body


def test_a_team_missing_four_fields_is_named_in_one_answer(emu: Emulator) -> None:
    client = api(emu)
    body = {"teamTag": "payments", "metadata": {"name": "Payments"},
            "cortexTeam": {"members": [{"email": "ada@example.com", "name": "Ada", "roles": [{"tag": "lead"}]}]}}
    _problems(client.post("/api/v1/teams", json=body), "missing field: type", "missing field: links",
              "missing field: slackChannels", "missing field: cortexTeam.members[0].roles[0].type")
    assert client.get("/api/v1/teams/payments").status_code == 404  # nothing written


def test_every_member_and_every_field_of_a_member_replacement(emu: Emulator) -> None:
    members = [{"email": "ada@example.com", "name": "Ada"}, {"email": 5, "roleTags": ["lead", ""]}]
    _problems(api(emu).put("/api/v1/teams/platform/members", json={"type": "IDP", "members": members}),
              "invalid field: type", "missing field: members[0].notificationsEnabled",
              "missing field: members[0].roleTags", "invalid field: members[1].email", "missing field: members[1].name",
              "missing field: members[1].notificationsEnabled", "invalid field: members[1].roleTags[1]")


@pytest.mark.parametrize(("method", "path", "body", "fields"), [
    ("POST", "/api/v1/secrets", {"tag": "no spaces"}, ("invalid field: tag", "missing field: name",
                                                       "missing field: secret")),
    ("PUT", "/api/v1/secrets/any", {"tag": 5, "name": " ", "secret": 7}, ("invalid field: tag", "invalid field: name",
                                                                         "invalid field: secret")),
    ("POST", "/api/v1/catalog/platform/deploys", {"type": "LAUNCH", "sha": 1, "deployer": {"email": 2}},
     ("missing field: title", "invalid field: type", "missing field: timestamp", "invalid field: sha",
      "invalid field: deployer.email")),
    ("PUT", "/api/v1/teams/relationships?replace=true", {"edges": [{"parentTeamTag": "platform"}, 5,
                                                                   {"parentTeamTag": 1, "childTeamTag": "x"}]},
     ("invalid field: edges[0].childTeamTag", "invalid field: edges[1]", "invalid field: edges[2].parentTeamTag")),
])
def test_other_bodies_name_every_problem(emu: Emulator, method: str, path: str, body: dict[str, Any],
                                         fields: tuple[str, ...]) -> None:
    _problems(api(emu).request(method, path, json=body), *fields)


def test_one_problem_reads_as_before(emu: Emulator) -> None:
    answer = api(emu).post("/api/v1/secrets", json={"tag": "db", "secret": "x"})
    assert answer.status_code == 400
    assert answer.json()["message"] == "Field 'name' is required"
    assert answer.json()["details"] == "missing field: name"
