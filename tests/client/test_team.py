"""Team operations against the emulator: create (CORTEX/IDP), read, list, update, members, archive, delete."""

from __future__ import annotations

import pytest
import requests

from cortex_pulumi.client import BadRequestError, ConflictError, CortexAPIError, CortexClient, NotFoundError
from cortex_pulumi.client.models import (
    CortexTeamDetails,
    CortexTeamMember,
    CortexTeamMemberDetails,
    IdpGroup,
    SlackChannel,
    TeamLink,
    TeamMetadata,
    TeamResponse,
)
from cortex_pulumi.emulator import Emulator
from tests.client.conftest import logged
from tests.support import api

ADA = CortexTeamMemberDetails(email="ada@example.com", name="Ada")


def make_team(
    client: CortexClient, tag: str = "payments", members: tuple[CortexTeamMemberDetails, ...] = (ADA,)
) -> TeamResponse:
    return client.create_team(
        team_tag=tag,
        metadata=TeamMetadata(name=tag.title(), description="Moves money"),
        links=[TeamLink(name="Runbook", type="DOCUMENTATION", url="https://runbook.example.com")],
        slack_channels=[SlackChannel(name="#payments", notifications_enabled=True)],
        cortex_team=CortexTeamDetails(members=members),
    )


def test_create_and_read(client: CortexClient, emu: Emulator) -> None:
    team = make_team(client)
    assert team.team_tag == "payments" and team.type == "CORTEX" and not team.is_archived
    assert team.id is not None and team.id.startswith("en")
    assert team.metadata.description == "Moves money"
    assert team.links[0].url == "https://runbook.example.com"
    assert team.slack_channels[0].notifications_enabled is True
    assert [m.email for m in team.members] == ["ada@example.com"]
    assert client.get_team_details(tag_or_id="payments") == team
    assert client.get_team_details(tag_or_id=team.id) == team
    assert client.get_team_details_advanced(team_tag="payments") == team
    assert logged(emu, "GET", "/api/v1/teams")[-1]["query"] == "teamTag=payments"


def test_create_idp_team(client: CortexClient) -> None:
    team = client.create_team(
        team_tag="eng",
        type="IDP",
        metadata=TeamMetadata(name="Eng"),
        idp_group=IdpGroup(group="eng@corp.com", provider="GOOGLE"),
    )
    assert team.type == "IDP" and team.idp_group is not None
    assert (team.idp_group.group, team.idp_group.provider) == ("eng@corp.com", "GOOGLE")
    assert team.members == ()


def test_duplicate_team(client: CortexClient) -> None:
    make_team(client)
    with pytest.raises((ConflictError, BadRequestError)):
        make_team(client)


def test_list_hides_member_less_teams_by_default(client: CortexClient, emu: Emulator) -> None:
    make_team(client, "payments")
    make_team(client, "empty", members=())
    default = client.get_team_details_advanced()
    assert [t.team_tag for t in default] == ["payments"]
    assert "includeTeamsWithoutMembers" not in logged(emu, "GET", "/api/v1/teams")[-1]["query"]
    assert sorted(t.team_tag for t in client.list_teams()) == ["empty", "payments"]
    assert logged(emu, "GET", "/api/v1/teams")[-1]["query"] == "includeTeamsWithoutMembers=true"


def test_update_metadata_both_forms(client: CortexClient, emu: Emulator) -> None:
    make_team(client)
    updated = client.update_team_metadata(
        tag_or_id="payments",
        metadata=TeamMetadata(name="Payments Team", summary="Money"),
        cortex_team=CortexTeamDetails(
            members=[ADA, CortexTeamMemberDetails(email="bo@example.com", name="Bo")]
        ),
    )
    assert updated.metadata.name == "Payments Team" and updated.metadata.description is None
    assert updated.links == () and updated.slack_channels == ()  # full replacement
    assert len(updated.members) == 2
    again = client.update_team_advanced(
        team_tag="payments", metadata=TeamMetadata(name="P"), cortex_team=CortexTeamDetails(members=[ADA])
    )
    assert again.metadata.name == "P" and len(again.members) == 1
    assert logged(emu, "PUT", "/api/v1/teams")[-1]["query"] == "teamTag=payments"


def test_replace_members_both_forms(client: CortexClient, emu: Emulator) -> None:
    make_team(client)
    bo = CortexTeamMember(email="bo@example.com", name="Bo", notifications_enabled=False)
    team = client.update_cortex_team_members(tag_or_id="payments", members=[bo])
    assert [(m.email, m.notifications_enabled) for m in team.members] == [("bo@example.com", False)]
    team = client.update_cortex_team_members_advanced(team_tag="payments", members=[])
    assert team.members == ()
    paths = [(r["path"], r["query"]) for r in logged(emu, "PUT", at_least=2)]
    assert paths == [("/api/v1/teams/payments/members", ""), ("/api/v1/teams/members", "teamTag=payments")]


def test_archive_and_unarchive(client: CortexClient) -> None:
    make_team(client)
    assert client.archive_team(tag_or_id="payments").is_archived is True
    assert client.get_team_details(tag_or_id="payments").is_archived is True
    assert client.unarchive_team(tag_or_id="payments").is_archived is False


def test_delete_both_forms(client: CortexClient, emu: Emulator) -> None:
    make_team(client, "one")
    make_team(client, "two")
    client.delete_team(team_tag="one")
    client.delete_team_by_tag_or_id(tag_or_id="two")
    deletes = [(r["path"], r["query"], r["status"]) for r in logged(emu, "DELETE", at_least=2)]
    assert deletes == [("/api/v1/teams", "teamTag=one", 204), ("/api/v1/teams/two", "", 204)]
    for tag in ("one", "two"):
        with pytest.raises(NotFoundError):
            client.get_team_details(tag_or_id=tag)
    with pytest.raises(NotFoundError):
        client.delete_team(team_tag="one")


def test_delete_not_allowed_is_405(client: CortexClient, emu: Emulator) -> None:
    make_team(client)
    api(emu).put("/_emulator/teams/payments/external", json={"external": True}).raise_for_status()
    with pytest.raises(CortexAPIError) as info:
        client.delete_team_by_tag_or_id(tag_or_id="payments")
    assert info.value.status == 405
    assert str(info.value).startswith(
        "405 Method Not Allowed on DELETE /api/v1/teams/payments: Team delete is not allowed"
    )


def test_unknown_team(client: CortexClient) -> None:
    with pytest.raises(NotFoundError):
        client.get_team_details_advanced(team_tag="ghost")
    with pytest.raises(NotFoundError):
        client.archive_team(tag_or_id="ghost")


def test_tags_are_path_quoted(client: CortexClient, emu: Emulator) -> None:
    with pytest.raises(NotFoundError):
        client.get_team_details(tag_or_id="a/b?c")
    assert logged(emu, "GET")[-1]["path"] in ("/api/v1/teams/a%2Fb%3Fc", "/api/v1/teams/a/b?c")
    assert isinstance(requests.utils.quote("x"), str)
