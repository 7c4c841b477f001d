"""A small tenant holding every workflow action type (each with its optional keys) and every scorecard descriptor
feature, as an emulator seed: what an import must be able to write so that its first preview passes."""

from __future__ import annotations

from typing import Any

from cortex_pulumi.contract.workflow_actions import ACTION_TYPES

__all__ = ["ACTION_SCHEMAS", "every_feature_seed"]

_PERSON = {"email": "bot@example.com", "name": "Release bot"}
_HTTP = {"url": "https://hooks.example.com/x", "httpMethod": "POST", "headers": {"Content-Type": "application/json"},
         "payload": '{"entity": "{{context.entity.tag}}"}'}
#: One schema per action type with every key it accepts (what Cortex exports: integration keys as null).
ACTION_SCHEMAS: dict[str, dict[str, Any]] = {
    "ADVANCED_HTTP_REQUEST": {"actionIdentifier": "github.dispatch", "integrationAlias": "gh",
                              "inputs": {"body": '{"ref": "main"}', "path": "/repos/x/dispatches"}},
    "AWS": {"accountId": "123456789012", "region": "eu-west-1", "actionIdentifier": "lambda.invoke",
            "inputs": {"functionName": "rotate"}},
    "CONDITIONAL_BRANCH": {"branches": [{"name": "Prod", "slug": "prod", "expression": "true",
                                         "outgoingAction": "step-2"}],
                           "fallbackBranch": {"name": "Else", "slug": "else", "outgoingAction": "step-2"},
                           "joiningAction": "step-2"},
    "GITHUB_CREATE_OR_UPDATE_FILE": {"alias": "gh", "repositoryName": "org/repo", "path": "x.txt", "content": "x",
                                     "commitMessage": "update x", "branch": "main", "author": _PERSON,
                                     "committer": _PERSON},
    "HTTP_REQUEST": {**_HTTP, "integration": None, "integrationAlias": None},
    "HTTP_REQUEST_ASYNC": {**_HTTP, "timeoutInSeconds": 60},
    "JAVASCRIPT": {"script": "return { ok: true };"},
    "JIRA_CREATE_ISSUE": {"alias": "jira", "projectKey": "OPS", "issueType": "Task", "issueSummary": "Rotate",
                          "description": "Rotate the password", "labels": ["ops"], "components": ["db"],
                          "fields": {"customfield_1": {"value": "x"}}, "assignee": "ada", "reporter": "bob",
                          "priority": "High"},
    "JQ": {"expression": ".actions | length"},
    "MANUAL_APPROVAL": {"approvingTeamIds": ["platform"], "approverDescription": "Platform approves"},
    "MS_TEAMS_SEND_MESSAGE": {"teamId": "t1", "channelId": "c1", "message": "done"},
    "PAGERDUTY_CREATE_INCIDENT": {"serviceId": "P1", "title": "Rotation failed", "body": "see run",
                                  "fromEmail": "ops@example.com", "urgency": "LOW", "incidentTypeName": "ops"},
    "SCAFFOLDER": {"scaffolderTemplateId": "svc", "inputOverrides": [
        {"type": "VALUE", "inputKey": "name", "outputVariable": "name", "editable": False}],
        "createNewRepository": False, "createService": True},
    "SET_VARIABLES": {"variables": [{"slug": "region", "source": {"type": "JAVASCRIPT", "script": "'eu'"}}]},
    "SLACK": {"channel": "deploys", "message": "Run by {{context.initiatedBy.name}}"},
    "USER_INPUT": {"inputs": [{"name": "Reason", "key": "reason", "type": "INPUT_FIELD", "required": True}],
                   "inputOverrides": [], "jsValidatorScript": "return true;"},
}
assert set(ACTION_SCHEMAS) == set(ACTION_TYPES)

_DESCRIPTOR: dict[str, Any] = {
    "tag": "everything", "name": "Everything", "description": "Every descriptor feature", "draft": False,
    "notifications": {"enabled": True, "scoreDropNotificationsEnabled": True},
    "exemptions": {"enabled": True, "autoApprove": False, "userSpecificNotifications": True},
    "evaluation": {"window": 24},
    "ladder": {"name": "Maturity", "levels": [{"name": "Bronze", "rank": 1, "color": "#CD7F32", "description": "b"},
                                              {"name": "Gold", "rank": 2, "color": "#FFD700"}]},
    "filter": {"kind": "GENERIC", "category": "SERVICE", "types": {"include": ["service"]},
               "groups": {"exclude": ["sandbox"]}, "query": 'entity.tag() != "archived"'},
    "rules": [
        {"title": "Has on-call", "expression": 'custom("oncall") != null', "description": "who is paged",
         "weight": 2, "level": "Bronze", "failureMessage": "add an on-call", "effectiveFrom": "2026-01-01T00:00:00Z",
         "filter": {"types": {"include": ["team"]}, "groups": {"include": ["prod"]}, "query": "true"}},
        {"title": "Deployed", "expression": 'deploys(lookback=duration("P7D")).length > 0', "level": "Gold"},
    ],
}


def _workflow(kind: str) -> dict[str, Any]:
    first = {"name": kind.title(), "slug": "step-1", "schema": {"type": kind, **ACTION_SCHEMAS[kind]},
             "outgoingActions": ["step-2"], "isRootAction": True}
    last = {"name": "Done", "slug": "step-2", "schema": {"type": "JQ", "expression": "."}, "outgoingActions": []}
    return {"tag": f"wf-{kind.lower().replace('_', '-')}", "name": f"Uses {kind}", "description": kind,
            "isDraft": False, "isRunnableViaApi": True, "restrictActionCompletionToRunnerUser": True,
            "iconTag": "rocket", "runResponseTemplate": "done {{x}}", "failedRunResponseTemplate": "failed",
            "filter": {"type": "ENTITY", "ownershipScope": "OWNER",
                       "entityFilter": {"typeFilter": {"types": ["service"]},
                                        "entityGroupFilter": {"entityGroups": ["prod"], "excludedEntityGroups": ["x"]}}},
            "runRestrictionPolicies": [{"id": "platform", "type": "TEAM"}],
            "variables": [{"slug": "region", "type": "STRING", "defaultValue": "eu"}],
            "actions": [first, last]}


def every_feature_seed() -> dict[str, Any]:
    """Teams (members, links, channels, one empty), a hierarchy, the scorecard, one workflow per action type,
    a secret."""
    member = {"email": "ada@example.com", "name": "Ada", "notificationsEnabled": False, "description": "lead"}
    teams = [
        {"teamTag": "platform", "type": "CORTEX", "metadata": {"name": "Platform", "description": "d", "summary": "s"},
         "cortexTeam": {"members": [member]},
         "links": [{"name": "Runbook", "type": "runbook", "url": "https://wiki.example.com/p", "description": "r"}],
         "slackChannels": [{"name": "platform", "notificationsEnabled": True, "description": "c"}]},
        {"teamTag": "payments", "type": "CORTEX", "metadata": {"name": "Payments"}, "cortexTeam": {"members": []},
         "links": [], "slackChannels": []},
    ]
    return {"teams": teams, "relationships": [{"parentTeamTag": "platform", "childTeamTag": "payments"}],
            "scorecards": [_DESCRIPTOR], "workflows": [_workflow(kind) for kind in sorted(ACTION_TYPES)],
            "secrets": [{"tag": "db_password", "name": "DB", "secret": "value-of-db_password"}]}
