"""Team hierarchy operations against the emulator: read and replace the edge set, validation errors."""

from __future__ import annotations

import pytest

from cortex_pulumi.client import BadRequestError, CortexClient
from cortex_pulumi.client.models import (
    CortexTeamDetails,
    CortexTeamMemberDetails,
    TeamEdge,
    TeamEdgeRequest,
    TeamMetadata,
)
from cortex_pulumi.emulator import Emulator
from tests.client.conftest import logged


@pytest.fixture
def teams(client: CortexClient) -> list[str]:
    tags = ["platform", "payments", "billing"]
    for tag in tags:
        client.create_team(
            team_tag=tag,
            metadata=TeamMetadata(name=tag),
            cortex_team=CortexTeamDetails(
                members=[CortexTeamMemberDetails(email=f"{tag}@example.com", name=tag)]
            ),
        )
    return tags


def test_replace_and_read(client: CortexClient, emu: Emulator, teams: list[str]) -> None:
    assert client.get_team_hierarchy_relationships() == ()
    stored = client.replace_all_team_hierarchy_relationships(
        edges=[
            ("platform", "payments"),
            TeamEdgeRequest(parent_team_tag="payments", child_team_tag="billing"),
        ]
    )
    pairs = {(e.parent_team_tag, e.child_team_tag) for e in stored}
    assert pairs == {("platform", "payments"), ("payments", "billing")}
    assert all(isinstance(e, TeamEdge) for e in stored)
    read = client.get_team_hierarchy_relationships()
    assert {(e.parent_team_tag, e.child_team_tag) for e in read} == pairs
    put = logged(emu, "PUT", "/api/v1/teams/relationships")[0]
    assert put["query"] == "replace=true"
    # Replacing is wholesale: read edges can be written back, and an empty set clears the hierarchy.
    client.replace_all_team_hierarchy_relationships(edges=read[:1])
    assert len(client.get_team_hierarchy_relationships()) == 1
    assert client.replace_all_team_hierarchy_relationships(edges=[]) == ()


@pytest.mark.parametrize(
    "edges",
    [
        [("platform", "ghost")],
        [("platform", "payments"), ("payments", "platform")],
        [("platform", "payments"), ("platform", "payments")],
    ],
    ids=["unknown-team", "cycle", "duplicate"],
)
def test_invalid_edges_are_bad_requests(
    client: CortexClient, teams: list[str], edges: list[tuple[str, str]]
) -> None:
    with pytest.raises(BadRequestError) as info:
        client.replace_all_team_hierarchy_relationships(edges=edges)
    assert info.value.status == 400 and info.value.message
    assert client.get_team_hierarchy_relationships() == ()


def test_self_edge_is_rejected_locally(client: CortexClient, teams: list[str]) -> None:
    with pytest.raises(ValueError, match="own parent"):
        client.replace_all_team_hierarchy_relationships(edges=[("platform", "platform")])


def test_replace_false_is_refused(client: CortexClient, teams: list[str]) -> None:
    with pytest.raises(BadRequestError):
        client.replace_all_team_hierarchy_relationships(edges=[("platform", "payments")], replace=False)
