"""Unknown keys at any depth of a parsed descriptor or workflow definition, with their path and a likely intent.

The client's models keep keys they do not know in each object's `extra` mapping (so that nothing read from
Cortex is lost). A document the user gives must not rely on that: a key the package does not carry to Cortex
would be dropped silently, so every such key is reported at preview as
`rules[2].failureMesage: unknown key (did you mean failureMessage?)`.

A workflow action's `schema` is the one open object: its keys depend on `schema.type`. Keys of the sixteen
types the official API documents are checked (and, for `branches` and `variables`, one level below); a
type this package does not know is passed to Cortex verbatim, as the API's own extension point.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..client._json import EXTRA, JSON_KEY, camel_case
from ..client.models.workflow import WorkflowActionSchema

__all__ = ["ACTION_SCHEMA_KEYS", "unknown_keys"]

#: Keys of each documented workflow action type (the official `WorkflowActionSchema.<TYPE>` schemas).
ACTION_SCHEMA_KEYS: dict[str, tuple[str, ...]] = {
    "ADVANCED_HTTP_REQUEST": ("actionIdentifier", "inputs", "integrationAlias"),
    "AWS": ("accountId", "actionIdentifier", "inputs", "region"),
    "CONDITIONAL_BRANCH": ("branches", "fallbackBranch", "joiningAction"),
    "GITHUB_CREATE_OR_UPDATE_FILE": ("alias", "author", "branch", "commitMessage", "committer", "content", "path",
                                     "repositoryName"),
    "HTTP_REQUEST": ("headers", "httpMethod", "payload", "url"),
    "HTTP_REQUEST_ASYNC": ("headers", "httpMethod", "payload", "timeoutInSeconds", "url"),
    "JAVASCRIPT": ("script",),
    "JIRA_CREATE_ISSUE": ("alias", "assignee", "components", "description", "fields", "issueSummary", "issueType",
                          "labels", "priority", "projectKey", "reporter"),
    "JQ": ("expression",),
    "MANUAL_APPROVAL": ("approverDescription", "approvingTeamIds"),
    "MS_TEAMS_SEND_MESSAGE": ("channelId", "message", "teamId"),
    "PAGERDUTY_CREATE_INCIDENT": ("body", "fromEmail", "incidentTypeName", "serviceId", "title", "urgency"),
    "SCAFFOLDER": ("createNewRepository", "createService", "inputOverrides", "scaffolderTemplateId"),
    "SET_VARIABLES": ("variables",),
    "SLACK": ("channel", "message"),
    "USER_INPUT": ("inputOverrides", "inputs", "jsValidatorScript"),
}
#: Keys of list items one level inside an action schema.
_SCHEMA_ITEM_KEYS: dict[tuple[str, str], tuple[str, ...]] = {
    ("CONDITIONAL_BRANCH", "branches"): ("name", "slug", "expression", "outgoingAction"),
    ("SET_VARIABLES", "variables"): ("slug", "source"),
}


def _json_keys(cls: type) -> list[str]:
    return [str(f.metadata.get(JSON_KEY) or camel_case(f.name)) for f in attrs.fields(cls) if not f.metadata.get(EXTRA)]


def _message(path: str, key: str, known: Iterable[str]) -> str:
    where = f"{path}.{key}" if path else key
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return f"{where}: unknown key" + (f" (did you mean {close[0]}?)" if close else "")


def _schema_keys(schema: WorkflowActionSchema, path: str) -> list[str]:
    allowed = ACTION_SCHEMA_KEYS.get(schema.type)
    if allowed is None:
        return []  # a type Cortex added after this package: sent as written
    found = [_message(path, k, allowed) for k in schema.settings if k not in allowed]
    for (kind, key), item_keys in _SCHEMA_ITEM_KEYS.items():
        items = schema.settings.get(key) if kind == schema.type else None
        for i, item in enumerate(items if isinstance(items, list) else ()):
            if isinstance(item, Mapping):
                found += [_message(f"{path}.{key}[{i}]", k, item_keys) for k in item if k not in item_keys]
    return found


def unknown_keys(model: Any, path: str = "") -> list[str]:
    """One message per key of `model` (a parsed client model) and its nested models the package does not know."""
    if isinstance(model, WorkflowActionSchema):
        return _schema_keys(model, path)
    found: list[str] = []
    unknown: list[str] = []  # this level's own unknown keys are reported after its nested models'
    for field in attrs.fields(type(model)):
        value = getattr(model, field.name)
        if field.metadata.get(EXTRA):
            unknown = [_message(path, str(k), _json_keys(type(model))) for k in value or {}]
            continue
        key = str(field.metadata.get(JSON_KEY) or camel_case(field.name))
        where = f"{path}.{key}" if path else key
        if attrs.has(type(value)):
            found += unknown_keys(value, where)
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                if attrs.has(type(item)):
                    found += unknown_keys(item, f"{where}[{i}]")
    return found + unknown
