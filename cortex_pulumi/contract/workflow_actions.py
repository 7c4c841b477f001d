"""The keys Cortex accepts in each workflow action's `schema`, per `schema.type` (one table for every layer).

Taken from the official API document's `WorkflowActionSchema.<TYPE>` schemas (tests/test_contract.py holds
this table equal to the repository's copy of it) and the real files Cortex's own CLI ships: an HTTP_REQUEST
action carries its body as `payload`, an ADVANCED_HTTP_REQUEST action inside `inputs` (`inputs.body`), and the
CLI's exported HTTP_REQUEST(_ASYNC) actions (solutions/*/_templates) carry `integration` and `integrationAlias`,
which the document does not list (kept apart as `seen`, so the document check stays exact).
The emulator refuses other keys with 400, the provider at preview, the importer before it writes a file.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = ["ACTION_TYPES", "ENUMS", "ActionType", "SchemaProblem", "accepted_keys", "schema_problems",
           "unknown_key_message"]


@attrs.frozen(kw_only=False)
class ActionType:
    """One action type: the keys it requires and the ones it also accepts (besides `type`)."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    #: Keys the official document does not list but Cortex's own exported workflows carry.
    seen: tuple[str, ...] = ()
    #: Keys holding lists of objects, or (`objects`) one object, whose own keys are checked too: key -> their keys.
    nested: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    objects: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key a schema of this type may carry, `type` included, sorted."""
        return tuple(sorted({"type", *self.required, *self.optional, *self.seen}))


_HTTP = ("headers", "httpMethod", "url")
_INTEGRATION = ("integration", "integrationAlias")
_GITHUB_PERSON = ("email", "name")
ACTION_TYPES: dict[str, ActionType] = {
    "ADVANCED_HTTP_REQUEST": ActionType(("actionIdentifier", "inputs"), ("integrationAlias",)),
    "AWS": ActionType(("accountId", "actionIdentifier", "inputs", "region")),
    "CONDITIONAL_BRANCH": ActionType(("branches",), ("fallbackBranch", "joiningAction"), nested={
        "branches": ("expression", "name", "outgoingAction", "slug"),
        "fallbackBranch": ("name", "outgoingAction", "slug"),
    }, objects=("fallbackBranch",)),
    "GITHUB_CREATE_OR_UPDATE_FILE": ActionType(
        ("alias", "commitMessage", "content", "path", "repositoryName"), ("author", "branch", "committer"),
        nested={"author": _GITHUB_PERSON, "committer": _GITHUB_PERSON}, objects=("author", "committer")),
    "HTTP_REQUEST": ActionType(_HTTP, ("payload",), _INTEGRATION),
    "HTTP_REQUEST_ASYNC": ActionType(_HTTP, ("payload", "timeoutInSeconds"), _INTEGRATION),
    "JAVASCRIPT": ActionType(("script",)),
    "JIRA_CREATE_ISSUE": ActionType(
        ("alias", "components", "description", "fields", "issueSummary", "issueType", "labels", "projectKey"),
        ("assignee", "priority", "reporter")),
    "JQ": ActionType(("expression",)),
    "MANUAL_APPROVAL": ActionType(("approvingTeamIds",), ("approverDescription",)),
    "MS_TEAMS_SEND_MESSAGE": ActionType(("channelId", "message", "teamId")),
    "PAGERDUTY_CREATE_INCIDENT": ActionType(("body", "fromEmail", "serviceId", "title", "urgency"),
                                            ("incidentTypeName",)),
    "SCAFFOLDER": ActionType(("inputOverrides", "scaffolderTemplateId"), ("createNewRepository", "createService")),
    "SET_VARIABLES": ActionType(("variables",), nested={"variables": ("slug", "source")}),
    "SLACK": ActionType(("channel", "message")),
    "USER_INPUT": ActionType(("inputOverrides", "inputs"), ("jsValidatorScript",)),
}
#: Keys whose value is one of a fixed set, in every action type that has them.
ENUMS: dict[str, frozenset[str]] = {
    "httpMethod": frozenset({"GET", "POST", "PUT", "DELETE", "PATCH"}),
    "urgency": frozenset({"HIGH", "LOW"}),
}


def accepted_keys(action_type: str) -> tuple[str, ...] | None:
    """The keys a schema of `action_type` may carry; None for a type the official document does not list."""
    spec = ACTION_TYPES.get(action_type)
    return spec.keys if spec else None


def unknown_key_message(where: str, key: str, accepted: Iterable[str]) -> str:
    """`where: unknown key (did you mean X?); accepted keys: a, b, c` for a key found at `where`."""
    known = sorted(set(accepted))
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"{where}: unknown key{hint}; accepted keys: {', '.join(known)}"


@attrs.frozen
class SchemaProblem:
    """An unknown key inside an action schema: its path below the schema, the key, and what is accepted."""

    path: tuple[str | int, ...]
    key: str
    accepted: tuple[str, ...]


def _nested(value: Any, single: bool) -> list[tuple[tuple[int, ...], Mapping[str, Any]]]:
    if single:
        return [((), value)] if isinstance(value, Mapping) else []
    if isinstance(value, list):
        return [((i,), item) for i, item in enumerate(value) if isinstance(item, Mapping)]
    return []


def schema_problems(schema: Mapping[str, Any]) -> list[SchemaProblem]:
    """Each key of an action `schema` (camelCase, as sent) that its type does not accept, nested objects included;
    nothing for a type the document does not list (Cortex's extension point: sent as written). A key set to null
    is unset, not unknown (Cortex's exports write unused keys as null)."""
    spec = ACTION_TYPES.get(str(schema.get("type")))
    if spec is None:
        return []
    found = [SchemaProblem((), str(k), spec.keys) for k, v in schema.items() if k not in spec.keys and v is not None]
    for key, item_keys in spec.nested.items():
        for index, item in _nested(schema.get(key), key in spec.objects):
            found += [SchemaProblem((key, *index), str(k), item_keys) for k, v in item.items()
                      if k not in item_keys and v is not None]
    return found
