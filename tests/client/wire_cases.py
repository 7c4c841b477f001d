"""The write operations' expected requests (method, path, query, JSON body), one row per call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from cortex_pulumi.client import CortexClient
from cortex_pulumi.client.models import (
    CortexTeamDetails,
    CortexTeamMember,
    CortexTeamMemberDetails,
    Deployer,
    IdpGroup,
    SlackChannel,
    TeamLink,
    TeamMetadata,
)
from tests.client.stub import Recorded, Reply

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


CASES: list[tuple[str, Callable[[CortexClient], object], str, str, dict[str, list[str]], Any]] = [
    (
        "create_secret",
        lambda c: c.create_secret(tag="db_pw", name="DB", value="v"),
        "POST",
        "/api/v1/secrets",
        {},
        {"tag": "db_pw", "name": "DB", "secret": "v"},
    ),
    (
        "update_secret",
        lambda c: c.update_secret(tag_or_id="db_pw", value="v2"),
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
