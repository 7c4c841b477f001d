"""Contract tests of the emulator's teams endpoints (raw HTTP, responses checked against the OpenAPI document)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cortex_pulumi.emulator import Emulator
from tests.support import VIEWER_TOKEN, api
from tests.support.openapi import validate_response

TEAMS = "/api/v1/teams"
ITEM = "/api/v1/teams/{tagOrId}"

MEMBER = {"email": "ada@example.com", "name": "Ada", "notificationsEnabled": True, "roles": []}


def cortex_team(tag: str = "platform", members: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "type": "CORTEX",
        "teamTag": tag,
        "metadata": {"name": tag.title(), "description": "Runs the platform"},
        "links": [{"name": "Runbook", "type": "DOCUMENTATION", "url": "https://example.com/rb"}],
        "slackChannels": [{"name": "#platform", "notificationsEnabled": True}],
        "cortexTeam": {"members": [MEMBER] if members is None else members},
        **extra,
    }


def idp_team(tag: str = "payments") -> dict[str, Any]:
    return {
        "type": "IDP",
        "teamTag": tag,
        "metadata": {"name": "Payments"},
        "links": [],
        "slackChannels": [],
        "idpGroup": {"group": "payments@example.com", "provider": "OKTA"},
    }


def create(emu: Emulator, body: dict[str, Any]) -> dict[str, Any]:
    r = api(emu).post(TEAMS, json=body)
    assert r.status_code == 200, r.text
    validate_response("post", TEAMS, 200, r.json())
    return r.json()


def test_create_cortex_team(emu: Emulator) -> None:
    team = create(emu, cortex_team())
    assert team["teamTag"] == team["catalogEntityTag"] == "platform"
    assert team["id"].startswith("en") and len(team["id"]) == 18
    assert team["isArchived"] is False and team["type"] == "CORTEX"
    assert team["metadata"] == {"name": "Platform", "description": "Runs the platform"}
    assert team["cortexTeam"]["members"] == [MEMBER]
    assert "idpGroup" not in team


def test_create_idp_team(emu: Emulator) -> None:
    team = create(emu, idp_team())
    assert team["idpGroup"] == {"group": "payments@example.com", "provider": "OKTA", "members": []}
    assert "cortexTeam" not in team


def test_create_like_the_cli_without_roles_and_with_read_only_fields(emu: Emulator) -> None:
    body = {
        "id": None,
        "teamTag": "t2",
        "catalogEntityTag": "t2",
        "metadata": {"name": "T2", "description": None, "summary": None},
        "links": [],
        "slackChannels": [],
        "isArchived": False,
        "type": "CORTEX",
        "cortexTeam": {"members": [{"email": "a@b.c", "name": "A", "description": "", "role": None}]},
    }
    team = create(emu, body)
    assert team["metadata"] == {"name": "T2"}
    assert team["cortexTeam"]["members"] == [
        {"email": "a@b.c", "name": "A", "description": "", "notificationsEnabled": True, "roles": []}
    ]


def test_roles_are_kept_and_named(emu: Emulator) -> None:
    member = {**MEMBER, "roles": [{"type": "TEAM_ROLE", "tag": "lead"}], "role": {"type": "TEAM_ROLE", "tag": "lead", "name": "Lead"}}
    team = create(emu, cortex_team(members=[member]))
    assert team["cortexTeam"]["members"][0]["roles"] == [{"type": "TEAM_ROLE", "tag": "lead", "name": "lead"}]
    assert team["cortexTeam"]["members"][0]["role"]["name"] == "Lead"


def test_duplicate_team_is_409_naming_the_tag(emu: Emulator) -> None:
    create(emu, cortex_team())
    r = api(emu).post(TEAMS, json=cortex_team())
    assert r.status_code == 409 and r.json()["type"] == "CONFLICT" and "platform" in r.json()["message"]
    emu.register_entity("billing-svc")
    clash = api(emu).post(TEAMS, json=cortex_team("billing-svc"))
    assert clash.status_code == 409


def _without(body: dict[str, Any], *path: str) -> dict[str, Any]:
    out = copy.deepcopy(body)
    target = out
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return out


def _with(body: dict[str, Any], value: Any, *path: Any) -> dict[str, Any]:
    out = copy.deepcopy(body)
    target = out
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return out


BAD_CREATES = [
    (_without(cortex_team(), "teamTag"), "teamTag"),
    (_with(cortex_team(), "bad tag", "teamTag"), "teamTag"),
    (_without(cortex_team(), "type"), "type"),
    (_with(cortex_team(), "OTHER", "type"), "type"),
    (_without(cortex_team(), "metadata"), "metadata"),
    (_without(cortex_team(), "metadata", "name"), "metadata.name"),
    (_without(cortex_team(), "links"), "links"),
    (_with(cortex_team(), [{"name": "x", "type": "y"}], "links"), "links[0].url"),
    (_without(cortex_team(), "slackChannels"), "slackChannels"),
    (_with(cortex_team(), [{"name": "#x", "notificationsEnabled": "yes"}], "slackChannels"), "slackChannels[0].notificationsEnabled"),
    (_without(cortex_team(), "cortexTeam"), "cortexTeam"),
    (_with(cortex_team(), [{"name": "A"}], "cortexTeam", "members"), "cortexTeam.members[0].email"),
    (_with(cortex_team(), [MEMBER, MEMBER], "cortexTeam", "members"), "cortexTeam.members[1].email"),
    (_with(cortex_team(), [{**MEMBER, "roles": [{"type": "BOSS", "tag": "x"}]}], "cortexTeam", "members"), "roles[0].type"),
    (_without(idp_team(), "idpGroup"), "idpGroup"),
    (_with(idp_team(), "NOT_A_PROVIDER", "idpGroup", "provider"), "idpGroup.provider"),
    (_without(idp_team(), "idpGroup", "group"), "idpGroup.group"),
]


@pytest.mark.parametrize(("body", "field"), BAD_CREATES)
def test_create_validation_names_the_field_and_writes_nothing(emu: Emulator, body: dict, field: str) -> None:
    r = api(emu).post(TEAMS, json=body)
    assert r.status_code == 400, r.text
    validate_response("post", TEAMS, 400, r.json())
    assert field in r.json()["message"] + r.json().get("details", "")
    assert api(emu).get(TEAMS, params={"includeTeamsWithoutMembers": "true"}).json() == {"teams": []}


def test_get_by_tag_id_and_query(emu: Emulator) -> None:
    team = create(emu, cortex_team())
    for path in (f"{TEAMS}/platform", f"{TEAMS}/{team['id']}", f"{TEAMS}/platform/"):
        r = api(emu).get(path)
        assert r.status_code == 200, path
        validate_response("get", ITEM, 200, r.json())
        assert r.json() == team
    advanced = api(emu).get(TEAMS, params={"teamTag": "platform"})
    assert advanced.status_code == 200 and advanced.json() == team
    missing = api(emu).get(f"{TEAMS}/nobody")
    assert missing.status_code == 404
    validate_response("get", ITEM, 404, missing.json())
    missing_q = api(emu).get(TEAMS, params={"teamTag": "nobody"})
    assert missing_q.status_code == 404
    validate_response("get", TEAMS, 404, missing_q.json())


def test_list_hides_member_less_teams_unless_asked(emu: Emulator) -> None:
    create(emu, cortex_team("with-members"))
    create(emu, cortex_team("empty", members=[]))
    create(emu, idp_team())
    default = api(emu).get(TEAMS)
    validate_response("get", TEAMS, 200, default.json())
    assert [t["teamTag"] for t in default.json()["teams"]] == ["with-members"]
    for flag in ("true", "True", "TRUE"):
        everything = api(emu).get(TEAMS, params={"includeTeamsWithoutMembers": flag})
        validate_response("get", TEAMS, 200, everything.json())
        assert [t["teamTag"] for t in everything.json()["teams"]] == ["with-members", "empty", "payments"]
    assert len(api(emu).get(TEAMS, params={"includeTeamsWithoutMembers": "False"}).json()["teams"]) == 1
    bad = api(emu).get(TEAMS, params={"includeTeamsWithoutMembers": "maybe"})
    assert bad.status_code == 400 and "includeTeamsWithoutMembers" in bad.json()["message"]


def test_update_metadata_replaces_everything(emu: Emulator) -> None:
    team = create(emu, cortex_team())
    update = {
        "type": "CORTEX",
        "metadata": {"name": "Platform Eng", "summary": "infra"},
        "links": [],
        "slackChannels": [{"name": "#plat", "notificationsEnabled": False, "description": "alerts"}],
        "cortexTeam": {"members": [{"email": "bob@example.com", "name": "Bob", "notificationsEnabled": False, "roles": []}]},
    }
    r = api(emu).put(f"{TEAMS}/platform", json=update)
    assert r.status_code == 200, r.text
    validate_response("put", ITEM, 200, r.json())
    assert r.json()["id"] == team["id"]
    assert r.json()["metadata"] == {"name": "Platform Eng", "summary": "infra"}
    assert r.json()["links"] == [] and r.json()["slackChannels"][0]["description"] == "alerts"
    assert [m["email"] for m in r.json()["cortexTeam"]["members"]] == ["bob@example.com"]
    advanced = api(emu).put(TEAMS, params={"teamTag": "platform"}, json={**update, "metadata": {"name": "Adv"}})
    assert advanced.status_code == 200
    validate_response("put", TEAMS, 200, advanced.json())
    assert api(emu).get(f"{TEAMS}/{team['id']}").json()["metadata"] == {"name": "Adv"}


def test_update_errors(emu: Emulator) -> None:
    create(emu, cortex_team())
    create(emu, idp_team())
    base = {"type": "CORTEX", "metadata": {"name": "X"}, "links": [], "slackChannels": [], "cortexTeam": {"members": []}}
    cases = [
        (f"{TEAMS}/nobody", base, 404, "nobody"),
        (f"{TEAMS}/platform", {**base, "type": "IDP"}, 400, "type"),
        (f"{TEAMS}/platform", {**base, "teamTag": "renamed"}, 400, "teamTag"),
        (f"{TEAMS}/platform", _without(base, "slackChannels"), 400, "slackChannels"),
        (f"{TEAMS}/platform", _without(base, "cortexTeam"), 400, "cortexTeam"),
        (
            f"{TEAMS}/payments",
            {**base, "type": "IDP", "idpGroup": {"group": "other@example.com", "provider": "OKTA"}},
            400,
            "idpGroup",
        ),
    ]
    for path, body, status, word in cases:
        r = api(emu).put(path, json=body)
        assert r.status_code == status, (path, body, r.text)
        validate_response("put", ITEM, status, r.json())
        assert word in r.json()["message"] + r.json().get("details", "")
    assert api(emu).get(f"{TEAMS}/platform").json()["metadata"]["name"] == "Platform"
    missing_param = api(emu).put(TEAMS, json=base)
    assert missing_param.status_code == 400 and "teamTag" in missing_param.json()["message"]
    idp_ok = api(emu).put(f"{TEAMS}/payments", json={**base, "type": "IDP", "metadata": {"name": "Pay"}})
    assert idp_ok.status_code == 200 and idp_ok.json()["idpGroup"]["group"] == "payments@example.com"


def test_replace_members(emu: Emulator) -> None:
    team = create(emu, cortex_team())
    body = {
        "type": "CORTEX",
        "members": [
            {"email": "c@example.com", "name": "C", "notificationsEnabled": False, "roleTags": ["lead"], "description": "on call"}
        ],
    }
    r = api(emu).put(f"{TEAMS}/platform/members", json=body)
    assert r.status_code == 200, r.text
    validate_response("put", "/api/v1/teams/{tagOrId}/members", 200, r.json())
    assert r.json()["cortexTeam"]["members"] == [
        {
            "email": "c@example.com",
            "name": "C",
            "notificationsEnabled": False,
            "roles": [{"type": "TEAM_ROLE", "tag": "lead", "name": "lead"}],
            "description": "on call",
        }
    ]
    advanced = api(emu).put(f"{TEAMS}/members", params={"teamTag": team["id"]}, json={"type": "CORTEX", "members": []})
    assert advanced.status_code == 200
    validate_response("put", "/api/v1/teams/members", 200, advanced.json())
    assert advanced.json()["cortexTeam"]["members"] == []


def test_replace_members_errors(emu: Emulator) -> None:
    create(emu, cortex_team())
    create(emu, idp_team())
    ok = {"type": "CORTEX", "members": []}
    idp = api(emu).put(f"{TEAMS}/payments/members", json=ok)
    assert idp.status_code == 403
    validate_response("put", "/api/v1/teams/{tagOrId}/members", 403, idp.json())
    missing = api(emu).put(f"{TEAMS}/nobody/members", json=ok)
    assert missing.status_code == 404
    validate_response("put", "/api/v1/teams/{tagOrId}/members", 404, missing.json())
    for body, field in [
        ({"type": "IDP", "members": []}, "type"),
        ({"type": "CORTEX"}, "members"),
        ({"type": "CORTEX", "members": [{"email": "a@b.c", "name": "A", "notificationsEnabled": True}]}, "roleTags"),
        ({"type": "CORTEX", "members": [{"email": "a@b.c", "name": "A", "notificationsEnabled": True, "roleTags": [1]}]}, "roleTags[0]"),
    ]:
        r = api(emu).put(f"{TEAMS}/platform/members", json=body)
        assert r.status_code == 400, body
        validate_response("put", "/api/v1/teams/{tagOrId}/members", 400, r.json())
        assert field in r.json()["message"]
    no_param = api(emu).put(f"{TEAMS}/members", json=ok)
    assert no_param.status_code == 400 and "teamTag" in no_param.json()["message"]
    assert api(emu).get(f"{TEAMS}/platform").json()["cortexTeam"]["members"] == [MEMBER]


def test_archive_and_unarchive_ignore_bodies(emu: Emulator) -> None:
    create(emu, cortex_team())
    archived = api(emu).put(f"{TEAMS}/platform/archive", json={})
    assert archived.status_code == 200
    validate_response("put", "/api/v1/teams/{tagOrId}/archive", 200, archived.json())
    assert archived.json()["isArchived"] is True
    assert api(emu).get(f"{TEAMS}/platform").json()["isArchived"] is True
    restored = api(emu).put(f"{TEAMS}/platform/unarchive", data=b"{}", headers={"Content-Type": "application/json"})
    assert restored.status_code == 200
    validate_response("put", "/api/v1/teams/{tagOrId}/unarchive", 200, restored.json())
    assert restored.json()["isArchived"] is False
    for action in ("archive", "unarchive"):
        r = api(emu).put(f"{TEAMS}/nobody/{action}")
        assert r.status_code == 404
        validate_response("put", f"/api/v1/teams/{{tagOrId}}/{action}", 404, r.json())


def test_delete_by_path_and_by_query(emu: Emulator) -> None:
    first = create(emu, cortex_team("first"))
    create(emu, cortex_team("second"))
    r = api(emu).delete(f"{TEAMS}/{first['id']}", json={})
    assert r.status_code == 204 and r.content == b""
    assert api(emu).get(f"{TEAMS}/first").status_code == 404
    q = api(emu).delete(f"{TEAMS}/", params={"teamTag": "second"})
    assert q.status_code == 204
    assert api(emu).get(f"{TEAMS}/second").status_code == 404
    for path, params in ((f"{TEAMS}/first", None), (TEAMS, {"teamTag": "second"})):
        again = api(emu).delete(path, params=params)
        assert again.status_code == 404
        validate_response("delete", ITEM, 404, again.json())
    no_param = api(emu).delete(TEAMS)
    assert no_param.status_code == 400 and "teamTag" in no_param.json()["message"]


def test_delete_cascades_to_edges_and_deploys(emu: Emulator) -> None:
    create(emu, cortex_team("parent"))
    create(emu, cortex_team("child"))
    edges = {"edges": [{"parentTeamTag": "parent", "childTeamTag": "child"}]}
    assert api(emu).put(f"{TEAMS}/relationships", params={"replace": "true"}, json=edges).status_code == 200
    deploy = {"title": "d", "type": "DEPLOY", "timestamp": "2024-01-01T00:00:00Z"}
    assert api(emu).post("/api/v1/catalog/child/deploys", json=deploy).status_code == 200
    assert api(emu).delete(f"{TEAMS}/child").status_code == 204
    assert api(emu).get(f"{TEAMS}/relationships").json() == {"edges": []}
    create(emu, cortex_team("child"))
    assert api(emu).get("/api/v1/catalog/child/deploys").json()["total"] == 0


def test_externally_managed_team_delete_is_405(emu: Emulator) -> None:
    create(emu, cortex_team())
    assert api(emu, None).put(f"{emu.url}/_emulator/teams/platform/external", json={"external": True}).status_code == 200
    r = api(emu).delete(f"{TEAMS}/platform")
    assert r.status_code == 405
    validate_response("delete", ITEM, 405, r.json())
    assert api(emu).get(f"{TEAMS}/platform").status_code == 200
    assert api(emu).delete(TEAMS, params={"teamTag": "platform"}).status_code == 405


def test_viewer_key_gets_403_everywhere(emu: Emulator) -> None:
    create(emu, cortex_team())
    viewer = api(emu, VIEWER_TOKEN)
    calls = [
        viewer.get(TEAMS),
        viewer.get(f"{TEAMS}/platform"),
        viewer.post(TEAMS, json=cortex_team("other")),
        viewer.put(f"{TEAMS}/platform", json={}),
        viewer.put(f"{TEAMS}/platform/members", json={"type": "CORTEX", "members": []}),
        viewer.put(f"{TEAMS}/platform/archive"),
        viewer.delete(f"{TEAMS}/platform"),
    ]
    assert [r.status_code for r in calls] == [403] * len(calls)
    assert api(emu).get(f"{TEAMS}/platform").json()["isArchived"] is False
