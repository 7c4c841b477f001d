"""The client forgives what is obvious: mappings or sibling models for nested arguments, one-line errors for the
rest, whole-object writes that say so (and edit_team that keeps the rest), keyword arguments everywhere."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from cortex_pulumi.client import CortexClient
from cortex_pulumi.client.models import (
    CortexTeamDetails,
    CortexTeamMember,
    CortexTeamMemberDetails,
    IdpGroupDetails,
    TeamLink,
    TeamMetadata,
)
from cortex_pulumi.client.models.common import ModelArgumentError
from cortex_pulumi.emulator import Emulator
from tests.client.conftest import logged, reset_log

ROOT = Path(__file__).resolve().parents[2]


def test_nested_arguments_take_plain_mappings_in_python_or_cortex_spelling(client: CortexClient) -> None:
    team = client.create_team(
        team_tag="payments", metadata={"name": "Payments", "description": "Moves money"},
        links=[{"name": "Runbook", "type": "DOCUMENTATION", "url": "https://runbook.example.com"}],
        slack_channels=[{"name": "#payments", "notificationsEnabled": True}],
        cortex_team={"members": [{"email": "ada@example.com", "name": "Ada", "notifications_enabled": False}]},
    )
    assert team.metadata == TeamMetadata(name="Payments", description="Moves money")
    assert team.links[0].url == "https://runbook.example.com"
    assert team.slack_channels[0].notifications_enabled is True
    assert [(m.email, m.notifications_enabled) for m in team.members] == [("ada@example.com", False)]


def test_a_team_member_in_either_models_form_is_taken(client: CortexClient) -> None:
    # CortexTeamDetails wants CortexTeamMemberDetails; the members-replace body's CortexTeamMember is obvious too.
    team = client.create_team(team_tag="payments", metadata=TeamMetadata(name="Payments"),
                              cortex_team=CortexTeamDetails(members=[
                                  CortexTeamMember(email="ada@example.com", name="Ada", role_tags=["lead"])]))
    assert [m.email for m in team.members] == ["ada@example.com"]
    assert [r.tag for r in team.members[0].roles] == ["lead"]
    replaced = client.update_cortex_team_members(tag_or_id="payments", members=[
        CortexTeamMemberDetails(email="bo@example.com", name="Bo"), {"email": "cy@example.com", "name": "Cy"}])
    assert sorted(m.email for m in replaced.members) == ["bo@example.com", "cy@example.com"]
    group = IdpGroupDetails(group="eng@corp.com", provider="GOOGLE")
    idp = client.create_team(team_tag="eng", metadata={"name": "Eng"}, type="IDP", idp_group=group)
    assert idp.idp_group is not None and idp.idp_group.group == "eng@corp.com"


@pytest.mark.parametrize(("call", "message"), [
    (lambda c: c.create_team(team_tag="x", metadata=5),
     "metadata must be a TeamMetadata or a mapping of its fields (name, description, summary), got int"),
    (lambda c: c.create_team(team_tag="x", metadata={"nmae": "X"}),
     "metadata: unknown key 'nmae' for TeamMetadata (did you mean 'name'?); its fields: name, description, summary"),
    (lambda c: c.create_team(team_tag="x", metadata={"name": "X"}, cortex_team={"members": [3]}),
     "members[0] must be a CortexTeamMemberDetails, a CortexTeamMember or a mapping of its fields (email, name,"),
    (lambda c: c.create_team(team_tag="x", metadata={"name": "X"}, links=[{"name": "n"}]),
     "links[0]: TeamLink needs 'type', 'url'"),
    (lambda c: c.replace_all_team_hierarchy_relationships(edges=[("a", "b"), {"parent": "a"}]),
     "edges[1]: unknown key 'parent' for TeamEdgeRequest (did you mean 'parent_team_tag'?)"),
])
def test_anything_else_fails_in_one_line_naming_the_argument_before_any_request(
        client: CortexClient, emu: Emulator, call: object, message: str) -> None:
    reset_log(emu)
    with pytest.raises(ModelArgumentError) as caught:
        call(client)  # type: ignore[operator]
    assert message in str(caught.value)
    assert "\n" not in str(caught.value) and "<class" not in str(caught.value)
    assert emu.requests() == []


def test_models_built_by_hand_take_mappings_too() -> None:
    details = CortexTeamDetails(members=[{"email": "a@x.com", "name": "A", "notificationsEnabled": False}])
    assert details.members == (CortexTeamMemberDetails(email="a@x.com", name="A", notifications_enabled=False),)
    with pytest.raises(ModelArgumentError, match=r"^members\[0\]: CortexTeamMemberDetails needs 'name'"):
        CortexTeamDetails(members=[{"email": "a@x.com"}])


def test_edit_team_changes_the_given_fields_and_keeps_members_links_and_channels(client: CortexClient) -> None:
    client.create_team(team_tag="payments", metadata={"name": "Payments", "summary": "Money"},
                       links=[TeamLink(name="Runbook", type="DOCUMENTATION", url="https://r.example.com")],
                       slack_channels=[{"name": "#payments"}],
                       cortex_team={"members": [{"email": "ada@example.com", "name": "Ada"}]})
    edited = client.edit_team(tag_or_id="payments", name="Payments Team", description="Moves money")
    assert (edited.metadata.name, edited.metadata.description, edited.metadata.summary) == \
        ("Payments Team", "Moves money", "Money")
    assert [m.email for m in edited.members] == ["ada@example.com"]
    assert [link.name for link in edited.links] == ["Runbook"] and [c.name for c in edited.slack_channels] == ["#payments"]
    cleared = client.edit_team(tag_or_id="payments", summary="", links=[])
    assert cleared.metadata.summary is None and cleared.links == () and len(cleared.members) == 1
    # update_team_metadata, for contrast, replaces the whole team: its members go.
    replaced = client.update_team_metadata(tag_or_id="payments", metadata={"name": "P"})
    assert replaced.members == ()


WHOLE_OBJECT_WRITES = ("update_team_metadata", "update_team_advanced", "update_cortex_team_members",
                       "update_cortex_team_members_advanced", "replace_all_team_hierarchy_relationships",
                       "update_deploy_by_uuid", "create_or_update_scorecard", "create_or_update_workflow")


@pytest.mark.parametrize("name", WHOLE_OBJECT_WRITES)
def test_operations_replacing_a_whole_object_warn_in_their_docstring_and_the_readme(name: str) -> None:
    first_paragraph = " ".join((inspect.getdoc(getattr(CortexClient, name)) or "").split("\n\n")[0].split())
    assert "eplaces" in first_paragraph and "**" in first_paragraph, first_paragraph
    readme = (ROOT / "README.md").read_text()
    row = next(line for line in readme.splitlines() if line.startswith(f"| `{name}` |"))
    assert "eplaces" in row and "**" in row, row


def test_every_method_takes_keyword_arguments_only() -> None:
    legacy = {"iter_deploys": "positional_tag_or_id", "iter_scorecard_scores": "positional_tag"}
    for name, method in inspect.getmembers(CortexClient, inspect.isfunction):
        if name.startswith("_"):
            continue
        params = list(inspect.signature(method).parameters.values())[1:]
        for param in params:
            allowed = param.kind is param.KEYWORD_ONLY or (
                param.kind is param.POSITIONAL_ONLY and legacy.get(name) == param.name)
            assert allowed, f"{name}({param.name}) is not keyword-only"


def test_former_forms_still_work_with_a_deprecation_warning(client: CortexClient, emu: Emulator) -> None:
    with pytest.warns(DeprecationWarning, match=r"create_secret: secret= is deprecated, pass value="):
        created = client.create_secret(tag="db_pw", name="DB", secret="hunter2-value")
    assert created.tag == "db_pw"
    assert client.create_secret(tag="other", name="O", value="v").tag == "other"
    with pytest.warns(DeprecationWarning, match="update_secret: secret= is deprecated"):
        client.update_secret(tag_or_id="db_pw", secret="v2")
    client.create_team(team_tag="checkout", metadata={"name": "Checkout"})
    client.add_deploy_for_entity(tag_or_id="checkout", title="v1")
    with pytest.warns(DeprecationWarning, match=r"iter_deploys: a positional value is deprecated, pass tag_or_id="):
        assert [d.title for d in client.iter_deploys("checkout")] == ["v1"]
    assert [d.title for d in client.iter_deploys(tag_or_id="checkout")] == ["v1"]
    with pytest.raises(TypeError, match="iter_deploys: pass tag_or_id= only"):
        client.iter_deploys("checkout", tag_or_id="checkout")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="create_secret: missing required argument value="):
        client.create_secret(tag="x", name="X")
    assert logged(emu, "GET", "/api/v1/catalog/checkout/deploys")
