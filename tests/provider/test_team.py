"""Team provider against the emulator: CORTEX and IDP teams, members as a set, archive, drift, adopt, checks."""

from __future__ import annotations

from typing import Any

import pytest

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider._errors import CortexResourceError
from cortex_pulumi.provider.team import _TeamProvider
from tests.support import api

from .conftest import checked, failures

ADA = {"email": "ada@example.com", "name": "Ada", "roles": ["lead"]}
BOB = {"email": "bob@example.com", "name": "Bob", "notifications_enabled": False}


def _team(**over: Any) -> dict[str, Any]:
    return {
        "team_tag": "platform",
        "name": "Platform",
        "description": "Runs the platform",
        "members": [ADA, BOB],
        "links": [{"name": "Runbook", "type": "runbook", "url": "https://example.com/rb"}],
        "slack_channels": [{"name": "#platform", "notifications_enabled": True}],
        **over,
    }


def test_lifecycle(make: Any, emu: Emulator) -> None:
    p = make(_TeamProvider)
    props = checked(p, _team())
    assert props["type"] == "CORTEX"
    created = p.create(props)
    assert created.id == "platform"
    outs = created.outs
    assert outs["cortex_id"].startswith("en") and outs["catalog_entity_tag"] == "platform"
    assert [m["email"] for m in outs["members"]] == ["ada@example.com", "bob@example.com"]
    assert outs["members"][0]["notifications_enabled"] is True  # server default echoed
    assert len(emu.requests("POST", "/api/v1/teams")) == 1

    # no change against the same program, members order does not matter, email case neither
    assert p.diff("platform", outs, props).changes is False
    swapped = checked(p, _team(members=[BOB, {**ADA, "email": "ADA@example.com"}]))
    assert p.diff("platform", outs, swapped).changes is False

    read = p.read("platform", outs)
    assert read.outs == outs
    assert read.inputs is None  # unchanged in Cortex: the recorded inputs stay

    # update: one PUT carrying metadata and members
    new = checked(p, _team(name="Platform Eng", members=[ADA]))
    d = p.diff("platform", outs, new)
    assert d.changes is True and d.replaces == []
    emu.clear_requests()
    updated = p.update("platform", outs, new)
    assert [r["method"] for r in emu.requests(path_prefix="/api/v1/teams")] == ["PUT"]
    assert updated.outs["name"] == "Platform Eng" and len(updated.outs["members"]) == 1

    # archive toggles with one call
    emu.clear_requests()
    archived = p.update("platform", updated.outs, checked(p, _team(name="Platform Eng", members=[ADA], archived=True)))
    assert [r["path"] for r in emu.requests(path_prefix="/api/v1/teams")] == ["/api/v1/teams/platform/archive"]
    assert archived.outs["archived"] is True
    unarchived = p.update("platform", archived.outs, checked(p, _team(name="Platform Eng", members=[ADA])))
    assert unarchived.outs["archived"] is False

    # identity changes replace; same tag with new type must delete first
    d = p.diff("platform", outs, checked(p, _team(team_tag="platform2")))
    assert d.replaces == ["team_tag"] and not d.delete_before_replace
    idp = checked(p, _team(members=None, idp_group={"group": "g@example.com", "provider": "okta"}))
    d = p.diff("platform", outs, idp)
    assert set(d.replaces) == {"type", "idp_group"} and d.delete_before_replace

    # drift: a member added out of band shows after refresh
    body = {"type": "CORTEX", "members": [{"email": "eve@example.com", "name": "Eve", "notificationsEnabled": True, "roleTags": []}]}
    assert api(emu).put("/api/v1/teams/platform/members", json=body).status_code == 200
    drift = p.read("platform", unarchived.outs)
    assert [m["email"] for m in drift.outs["members"]] == ["eve@example.com"]
    assert p.diff("platform", drift.outs, checked(p, _team(name="Platform Eng", members=[ADA]))).changes is True

    # gone, then idempotent delete
    assert api(emu).delete("/api/v1/teams/platform").status_code == 204
    assert p.read("platform", drift.outs).id == ""
    p.delete("platform", drift.outs)
    p.delete("platform", drift.outs)


def test_idp_team(make: Any, emu: Emulator) -> None:
    p = make(_TeamProvider)
    props = checked(p, {"team_tag": "payments", "name": "Payments",
                        "idp_group": {"group": "payments@example.com", "provider": "okta"}})
    assert props["type"] == "IDP" and props["idp_group"]["provider"] == "OKTA"
    created = p.create(props)
    assert created.outs["idp_group"] == {"group": "payments@example.com", "provider": "OKTA"}
    assert p.diff("payments", created.outs, props).changes is False
    d = p.diff("payments", created.outs, checked(p, {**props, "idp_group": {"group": "other@example.com", "provider": "OKTA"}}))
    assert d.replaces == ["idp_group"] and d.delete_before_replace
    updated = p.update("payments", created.outs, checked(p, {**props, "summary": "pays"}))
    assert updated.outs["summary"] == "pays"
    p.delete("payments", updated.outs)
    assert p.read("payments", updated.outs).id == ""


def test_conflict_then_adopt(make: Any, emu: Emulator) -> None:
    p = make(_TeamProvider, previewChecks="false")  # create's own check (an object made after preview)
    body = {"teamTag": "platform", "type": "CORTEX", "metadata": {"name": "Old"}, "links": [], "slackChannels": [],
            "cortexTeam": {"members": []}}
    assert api(emu).post("/api/v1/teams", json=body).status_code == 200
    with pytest.raises(CortexResourceError) as err:
        p.create(checked(p, _team()))
    assert str(err.value).startswith("Unable to create Cortex team 'platform': 409 Conflict on POST /api/v1/teams")
    assert "Hint: pass adopt=True" in str(err.value)
    adopted = p.create(checked(p, _team(adopt=True)))
    assert adopted.outs["name"] == "Platform" and len(adopted.outs["members"]) == 2

    # adopting with the wrong type is refused clearly
    with pytest.raises(CortexResourceError, match="type CORTEX"):
        p.create(checked(p, {"team_tag": "platform", "name": "P", "adopt": True,
                             "idp_group": {"group": "g", "provider": "OKTA"}}))


def test_delete_refused_by_cortex_has_hint(emu: Emulator) -> None:
    from tests.provider.conftest import configured

    with Emulator(api_keys={"admin-token": "ADMIN"}, externally_managed_teams=frozenset({"ext"})) as other:
        p = configured(_TeamProvider, other)
        created = p.create(checked(p, {"team_tag": "ext", "name": "External"}))
        with pytest.raises(CortexResourceError, match="405") as err:
            p.delete(created.id, created.outs)
        assert "pulumi state delete" in str(err.value)


@pytest.mark.parametrize(
    ("news", "field"),
    [
        ({"name": "n"}, "team_tag"),
        (_team(team_tag="-bad"), "team_tag"),
        (_team(name=None), "name"),
        (_team(members=[{"email": "not-an-email", "name": "X"}]), "members[0].email"),
        (_team(members=[{"email": "a@example.com"}]), "members[0].name"),
        (_team(members=[ADA, {**ADA, "email": "ADA@EXAMPLE.COM"}]), "members[1]"),
        (_team(members=[{**ADA, "emial": "typo"}]), "members[0].emial"),
        (_team(members=[{**ADA, "roles": "lead"}]), "members[0].roles"),
        (_team(idp_group={"group": "g", "provider": "MYSPACE"}), "idp_group.provider"),
        (_team(members=None, idp_group={"provider": "OKTA"}), "idp_group.group"),
        (_team(idp_group={"group": "g", "provider": "OKTA"}), "members"),
        (_team(type="IDP"), "type"),
        (_team(type="robots"), "type"),
        (_team(links=[{"name": "x", "url": "u"}]), "links[0].type"),
        (_team(slack_channels=[{"notifications_enabled": True}]), "slack_channels[0].name"),
        (_team(archived="no"), "archived"),
    ],
)
def test_check_failures(make: Any, news: dict[str, Any], field: str) -> None:
    got = failures(make(_TeamProvider), news)
    assert field in got, got
