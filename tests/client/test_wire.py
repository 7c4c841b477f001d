"""Exact request shapes (method, path, query, headers, body) for every write operation, on a recording stub."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import yaml

from cortex_pulumi.client import CortexClient
from cortex_pulumi.client.models import (
    CortexTeamDetails,
    CortexTeamMember,
    CortexTeamMemberDetails,
    Deployer,
    IdpGroup,
    ScorecardDescriptor,
    SlackChannel,
    TeamLink,
    TeamMetadata,
    WorkflowDefinition,
)
from tests.client.stub import Recorded, Reply, StubServer

TOKEN = "wire-token-0123456789abcdef"
TEAM = {"teamTag": "payments", "type": "CORTEX", "metadata": {"name": "Payments"}, "isArchived": False}
DEPLOY = {"uuid": "u-1", "title": "t", "type": "DEPLOY", "timestamp": "2024-01-01T00:00:00Z"}
EXEMPTION = {"requestingReason": "r", "exemptionStatus": {"status": "PENDING"}}
WORKFLOW = {"tag": "wf", "name": "WF", "isDraft": False, "filter": {"type": "GLOBAL"}, "actions": []}
SCORECARD = {"scorecard": {"tag": "sc", "name": "SC", "isDraft": False, "rules": []}}
WHEN = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)


def canned(request: Recorded) -> Reply:
    path = request.path
    if "/exemption/" in path:
        return Reply(200, {"exemptions": [EXEMPTION]})
    if path.endswith("/exemption"):
        return Reply(200, EXEMPTION)
    if path.startswith("/api/v1/teams/relationships"):
        return Reply(200, {"edges": []})
    if path.startswith("/api/v1/teams"):
        return Reply(204 if request.method == "DELETE" else 200, None if request.method == "DELETE" else TEAM)
    if path.startswith("/api/v1/secrets"):
        return Reply(200, {"id": "se1", "tag": "db_pw"})
    if "/deploys" in path:
        return Reply(200, {"deploys": []} if request.method == "DELETE" else DEPLOY)
    if path == "/api/v1/workflows/validate":
        return Reply(200, {"ok": True, "violations": []})
    if path.startswith("/api/v1/workflows"):
        return Reply(200, WORKFLOW if request.method == "POST" and "callback" not in path else None)
    if path == "/api/v1/scorecards/descriptor":
        return Reply(200, SCORECARD)
    return Reply(200, None)


@pytest.fixture
def wire() -> Iterator[tuple[CortexClient, StubServer]]:
    with StubServer(canned) as stub:
        yield CortexClient(base_url=stub.url + "/", api_token=TOKEN, rate_limit_per_minute=None), stub


def only(stub: StubServer) -> Recorded:
    assert len(stub.requests) == 1, [(r.method, r.path) for r in stub.requests]
    return stub.requests[0]


def body(request: Recorded) -> Any:
    return json.loads(request.body) if request.body else None


CASES: list[tuple[str, Callable[[CortexClient], object], str, str, dict[str, list[str]], Any]] = [
    (
        "create_secret",
        lambda c: c.create_secret(tag="db_pw", name="DB", secret="v"),
        "POST",
        "/api/v1/secrets",
        {},
        {"tag": "db_pw", "name": "DB", "secret": "v"},
    ),
    (
        "update_secret",
        lambda c: c.update_secret(tag_or_id="db_pw", secret="v2"),
        "PUT",
        "/api/v1/secrets/db_pw",
        {},
        {"secret": "v2"},
    ),
    (
        "delete_secret",
        lambda c: c.delete_secret(tag_or_id="db_pw"),
        "DELETE",
        "/api/v1/secrets/db_pw",
        {},
        None,
    ),
    (
        "create_team",
        lambda c: c.create_team(
            team_tag="payments",
            metadata=TeamMetadata(name="Payments", description="d"),
            links=[TeamLink(name="Runbook", type="DOCUMENTATION", url="https://r")],
            slack_channels=[SlackChannel(name="#pay", notifications_enabled=True)],
            cortex_team=CortexTeamDetails(members=[CortexTeamMemberDetails(email="a@b.c", name="A")]),
        ),
        "POST",
        "/api/v1/teams",
        {},
        {
            "teamTag": "payments",
            "metadata": {"name": "Payments", "description": "d"},
            "type": "CORTEX",
            "links": [{"name": "Runbook", "type": "DOCUMENTATION", "url": "https://r"}],
            "slackChannels": [{"name": "#pay", "notificationsEnabled": True}],
            "cortexTeam": {
                "members": [{"email": "a@b.c", "name": "A", "notificationsEnabled": True, "roles": []}]
            },
        },
    ),
    (
        "create_team_idp",
        lambda c: c.create_team(
            team_tag="eng",
            type="IDP",
            metadata=TeamMetadata(name="Eng"),
            idp_group=IdpGroup(group="eng@x", provider="OKTA"),
        ),
        "POST",
        "/api/v1/teams",
        {},
        {
            "teamTag": "eng",
            "metadata": {"name": "Eng"},
            "type": "IDP",
            "links": [],
            "slackChannels": [],
            "idpGroup": {"group": "eng@x", "provider": "OKTA"},
        },
    ),
    (
        "update_team_metadata",
        lambda c: c.update_team_metadata(tag_or_id="payments", metadata=TeamMetadata(name="P")),
        "PUT",
        "/api/v1/teams/payments",
        {},
        {
            "metadata": {"name": "P"},
            "type": "CORTEX",
            "links": [],
            "slackChannels": [],
            "cortexTeam": {"members": []},
        },
    ),
    (
        "update_team_advanced",
        lambda c: c.update_team_advanced(team_tag="a.b", metadata=TeamMetadata(name="P"), type="IDP"),
        "PUT",
        "/api/v1/teams",
        {"teamTag": ["a.b"]},
        {"metadata": {"name": "P"}, "type": "IDP", "links": [], "slackChannels": []},
    ),
    (
        "update_cortex_team_members",
        lambda c: c.update_cortex_team_members(
            tag_or_id="payments", members=[CortexTeamMember(email="a@b.c", name="A", role_tags=["lead"])]
        ),
        "PUT",
        "/api/v1/teams/payments/members",
        {},
        {
            "members": [{"email": "a@b.c", "name": "A", "notificationsEnabled": True, "roleTags": ["lead"]}],
            "type": "CORTEX",
        },
    ),
    (
        "update_cortex_team_members_advanced",
        lambda c: c.update_cortex_team_members_advanced(team_tag="payments", members=[]),
        "PUT",
        "/api/v1/teams/members",
        {"teamTag": ["payments"]},
        {"members": [], "type": "CORTEX"},
    ),
    (
        "archive_team",
        lambda c: c.archive_team(tag_or_id="payments"),
        "PUT",
        "/api/v1/teams/payments/archive",
        {},
        None,
    ),
    (
        "unarchive_team",
        lambda c: c.unarchive_team(tag_or_id="payments"),
        "PUT",
        "/api/v1/teams/payments/unarchive",
        {},
        None,
    ),
    (
        "delete_team",
        lambda c: c.delete_team(team_tag="payments"),
        "DELETE",
        "/api/v1/teams",
        {"teamTag": ["payments"]},
        None,
    ),
    (
        "delete_team_by_tag_or_id",
        lambda c: c.delete_team_by_tag_or_id(tag_or_id="payments"),
        "DELETE",
        "/api/v1/teams/payments",
        {},
        None,
    ),
    (
        "replace_all_team_hierarchy_relationships",
        lambda c: c.replace_all_team_hierarchy_relationships(edges=[("a", "b")]),
        "PUT",
        "/api/v1/teams/relationships",
        {"replace": ["true"]},
        {"edges": [{"parentTeamTag": "a", "childTeamTag": "b"}]},
    ),
    (
        "request_scorecard_rule_exemption",
        lambda c: c.request_scorecard_rule_exemption(
            tag="sc", entity_tag="svc", rule_identifier="r1", reason="why", days=30
        ),
        "POST",
        "/api/v1/scorecards/sc/entity/svc/exemption",
        {},
        {"ruleIdentifier": "r1", "reason": "why", "days": 30},
    ),
    (
        "request_scorecard_rule_exemption_permanent",
        lambda c: c.request_scorecard_rule_exemption(
            tag="sc", entity_tag="svc", rule_identifier="r1", reason="why"
        ),
        "POST",
        "/api/v1/scorecards/sc/entity/svc/exemption",
        {},
        {"ruleIdentifier": "r1", "reason": "why"},
    ),
    (
        "approve_scorecard_rule_exemption",
        lambda c: c.approve_scorecard_rule_exemption(tag="sc", entity_tag="svc", rule_identifier="r1"),
        "PUT",
        "/api/v1/scorecards/sc/entity/svc/exemption/approve",
        {},
        {"ruleIdentifier": "r1"},
    ),
    (
        "deny_scorecard_rule_exemption",
        lambda c: c.deny_scorecard_rule_exemption(
            tag="sc", entity_tag="svc", rule_identifier="r1", reason="no"
        ),
        "PUT",
        "/api/v1/scorecards/sc/entity/svc/exemption/deny",
        {},
        {"ruleIdentifier": "r1", "reason": "no"},
    ),
    (
        "revoke_scorecard_rule_exemption",
        lambda c: c.revoke_scorecard_rule_exemption(
            tag="sc", entity_tag="svc", rule_identifier="r1", reason="done"
        ),
        "PUT",
        "/api/v1/scorecards/sc/entity/svc/exemption/revoke",
        {},
        {"ruleIdentifier": "r1", "reason": "done"},
    ),
    (
        "refresh_scorecard_score_for_entity",
        lambda c: c.refresh_scorecard_score_for_entity(tag="sc", entity_tag="svc"),
        "POST",
        "/api/v1/scorecards/sc/entity/svc/scores",
        {},
        None,
    ),
    ("delete_scorecard", lambda c: c.delete_scorecard(tag="sc"), "DELETE", "/api/v1/scorecards/sc", {}, None),
    (
        "add_deploy_for_entity",
        lambda c: c.add_deploy_for_entity(
            tag_or_id="svc",
            title="t",
            timestamp=WHEN,
            sha="abc",
            deployer=Deployer(email="a@b.c"),
            custom_data={"k": "v"},
        ),
        "POST",
        "/api/v1/catalog/svc/deploys",
        {},
        {
            "title": "t",
            "type": "DEPLOY",
            "timestamp": "2024-01-02T03:04:05.000Z",
            "sha": "abc",
            "deployer": {"email": "a@b.c"},
            "customData": {"k": "v"},
        },
    ),
    (
        "update_deploy_by_uuid",
        lambda c: c.update_deploy_by_uuid(
            tag_or_id="svc", uuid="u-1", title="t2", type="ROLLBACK", timestamp=WHEN
        ),
        "PUT",
        "/api/v1/catalog/svc/deploys/u-1",
        {},
        {"title": "t2", "type": "ROLLBACK", "timestamp": "2024-01-02T03:04:05.000Z"},
    ),
    (
        "delete_all_deploys",
        lambda c: c.delete_all_deploys(),
        "DELETE",
        "/api/v1/catalog/deploys/all",
        {},
        None,
    ),
    (
        "delete_deploys_for_entity",
        lambda c: c.delete_deploys_for_entity(tag_or_id="svc", sha="abc", type="DEPLOY"),
        "DELETE",
        "/api/v1/catalog/svc/deploys",
        {"sha": ["abc"], "type": ["DEPLOY"]},
        None,
    ),
    (
        "delete_deploy_by_uuid",
        lambda c: c.delete_deploy_by_uuid(tag_or_id="svc", uuid="u-1"),
        "DELETE",
        "/api/v1/catalog/svc/deploys/u-1",
        {},
        None,
    ),
    (
        "delete_deploys_by_filter",
        lambda c: c.delete_deploys_by_filter(environment="prod"),
        "DELETE",
        "/api/v1/catalog/deploys",
        {"environment": ["prod"]},
        None,
    ),
    (
        "workflows_async_http_callback",
        lambda c: c.workflows_async_http_callback(
            tag_or_id="wf", callback_id="cb-1", status="SUCCESS", message="ok", response={"x": 1}
        ),
        "POST",
        "/api/v1/workflows/wf/callback/cb-1",
        {},
        {"status": "SUCCESS", "message": "ok", "response": {"x": 1}},
    ),
    (
        "delete_workflow",
        lambda c: c.delete_workflow(tag_or_id="wf"),
        "DELETE",
        "/api/v1/workflows/wf",
        {},
        None,
    ),
]


@pytest.mark.parametrize("name, call, method, path, query, expected", CASES, ids=[c[0] for c in CASES])
def test_json_request_shapes(
    wire: tuple[CortexClient, StubServer],
    name: str,
    call: Callable[[CortexClient], object],
    method: str,
    path: str,
    query: dict[str, list[str]],
    expected: Any,
) -> None:
    client, stub = wire
    call(client)
    request = only(stub)
    assert (request.method, request.path, request.query) == (method, path, query)
    assert body(request) == expected
    if expected is not None:
        assert request.headers["content-type"] == "application/json"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["user-agent"].startswith("cortex-pulumi/")


def test_scorecard_descriptor_is_sent_as_raw_yaml(wire: tuple[CortexClient, StubServer]) -> None:
    client, stub = wire
    descriptor = ScorecardDescriptor(tag="sc", name="SC", draft=True)
    client.create_or_update_scorecard(descriptor=descriptor, dry_run=True)
    request = only(stub)
    assert (request.method, request.path, request.query) == (
        "POST",
        "/api/v1/scorecards/descriptor",
        {"dryRun": ["true"]},
    )
    assert request.headers["content-type"] == "application/yaml;charset=UTF-8"
    assert yaml.safe_load(request.body) == {"tag": "sc", "name": "SC", "draft": True, "rules": []}


def test_yaml_text_is_sent_unchanged(wire: tuple[CortexClient, StubServer]) -> None:
    client, stub = wire
    text = "# my comment\ntag: sc\nname: SC\n"
    client.create_or_update_scorecard(descriptor=text)
    workflow_yaml = "tag: wf\nname: WF\n"
    client.create_or_update_workflow(workflow=workflow_yaml)
    client.validate_workflow_descriptor(descriptor="not: [valid")
    sc, wf, validate = stub.requests
    assert sc.body.decode() == text
    assert (wf.body.decode(), wf.headers["content-type"]) == (workflow_yaml, "application/yaml")
    assert (validate.path, validate.body.decode()) == ("/api/v1/workflows/validate", "not: [valid")


def test_workflow_model_is_sent_as_json(wire: tuple[CortexClient, StubServer]) -> None:
    client, stub = wire
    client.create_or_update_workflow(
        workflow=WorkflowDefinition(tag="wf", name="WF", is_runnable_via_api=True)
    )
    request = only(stub)
    assert request.headers["content-type"] == "application/json"
    assert request.headers["accept"] == "application/json"
    assert body(request) == {
        "tag": "wf",
        "name": "WF",
        "isDraft": False,
        "isRunnableViaApi": True,
        "restrictActionCompletionToRunnerUser": False,
        "filter": {"type": "GLOBAL"},
        "runRestrictionPolicies": [],
        "variables": [],
        "actions": [],
    }


def test_read_queries(wire: tuple[CortexClient, StubServer]) -> None:
    client, stub = wire
    stub.responder = lambda r: Reply(
        200,
        {"teams": []}
        if r.path == "/api/v1/teams"
        else {"page": 0, "total": 0, "totalPages": 0, "scorecards": [], "workflows": []},
    )
    client.get_team_details_advanced(include_teams_without_members=False)
    client.list_scorecards(show_drafts=False, entities=["a", "b"], page=2, page_size=10)
    client.list_workflows(include_actions=True, search_query="deploy x")
    teams, scorecards, workflows = stub.requests
    assert teams.query == {"includeTeamsWithoutMembers": ["false"]}
    assert scorecards.query == {
        "showDrafts": ["false"],
        "entities": ["a,b"],
        "page": ["2"],
        "pageSize": ["10"],
    }
    assert workflows.query == {
        "includeActions": ["true"],
        "searchQuery": ["deploy x"],
        "page": ["0"],
        "pageSize": ["250"],
    }
