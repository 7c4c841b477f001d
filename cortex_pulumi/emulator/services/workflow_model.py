"""Workflow definitions: parse JSON or YAML, validate (as violations) and normalise to `WorkflowDefinition`."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from cortex_pulumi.contract.workflow_actions import ACTION_TYPES, ENUMS, schema_problems, unknown_key_message
from cortex_pulumi.emulator.services.violations import (
    DocumentError,
    Path,
    ViolationList,
    checked,
    parse_yaml_or_raise,
    type_name,
)

TAG_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")

FILTER_TYPES = frozenset({"GLOBAL", "ENTITY"})
OWNERSHIP_SCOPES = frozenset({"ALL", "OWNER", "EDITOR"})
POLICY_TYPES = frozenset({"USER", "TEAM", "CUSTOM_ROLE"})
VARIABLE_TYPES = frozenset(
    {"STRING", "NUMBER", "BOOLEAN", "OBJECT", "ARRAY_OF_STRING", "ARRAY_OF_NUMBER", "ARRAY_OF_BOOLEAN", "ARRAY_OF_OBJECT"}
)
_STRINGS = ("description", "iconTag", "runResponseTemplate", "failedRunResponseTemplate")
_BOOLS = ("isDraft", "isRunnableViaApi", "restrictActionCompletionToRunnerUser")


class WorkflowError(DocumentError):
    """The workflow definition is invalid; ``violations`` says where and why."""


class _Checker:
    def __init__(self, out: ViolationList) -> None:
        self.out = out

    def need(self, obj: dict[str, Any], key: str, path: Path, kind: type | tuple[type, ...], required: bool) -> bool:
        value = obj.get(key)
        if value is None:
            if required:
                self.out.add((*path, key), "Missing required field", f"`{key}` is required")
            return False
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            names = " or ".join({str: "a string", bool: "a boolean", list: "a list", dict: "an object"}[k] for k in kinds)
            self.out.add((*path, key), "Wrong type", f"`{key}` must be {names}, got {type_name(value)}")
            return False
        return True

    def enum(self, obj: dict[str, Any], key: str, path: Path, allowed: frozenset[str], required: bool) -> None:
        if self.need(obj, key, path, str, required) and obj[key] not in allowed:
            self.out.add((*path, key), "Unknown value", f"`{key}` must be one of {', '.join(sorted(allowed))}, got {obj[key]!r}")

    def check(self, doc: dict[str, Any]) -> None:
        if self.need(doc, "tag", (), str, True) and not TAG_PATTERN.match(doc["tag"]):
            self.out.add(("tag",), "Invalid tag", f"`tag` must match {TAG_PATTERN.pattern}")
        if self.need(doc, "name", (), str, True) and not doc["name"].strip():
            self.out.add(("name",), "Missing required field", "`name` must not be empty")
        for key in _STRINGS:
            self.need(doc, key, (), str, False)
        for key in _BOOLS:
            self.need(doc, key, (), bool, False)
        if self.need(doc, "filter", (), dict, False):
            flt = doc["filter"]
            self.enum(flt, "type", ("filter",), FILTER_TYPES, True)
            self.enum(flt, "ownershipScope", ("filter",), OWNERSHIP_SCOPES, False)
            self.need(flt, "entityFilter", ("filter",), dict, False)
        for path, item in self.objects(doc, "runRestrictionPolicies"):
            self.need(item, "id", path, str, True)
            self.enum(item, "type", path, POLICY_TYPES, True)
        slugs: set[str] = set()
        for path, item in self.objects(doc, "variables"):
            self.enum(item, "type", path, VARIABLE_TYPES, True)
            if self.need(item, "slug", path, str, True):
                if item["slug"] in slugs:
                    self.out.add((*path, "slug"), "Duplicate slug", f"variable slug {item['slug']!r} is used twice")
                slugs.add(item["slug"])
        self.actions(doc)

    def objects(self, doc: dict[str, Any], key: str) -> list[tuple[Path, dict[str, Any]]]:
        """The object items of an optional list field, reporting any item that is not an object."""
        found: list[tuple[Path, dict[str, Any]]] = []
        if not self.need(doc, key, (), list, False):
            return found
        for i, item in enumerate(doc[key]):
            if isinstance(item, dict):
                found.append(((key, i), item))
            else:
                self.out.add((key, i), "Wrong type", f"`{key}` items must be objects, got {type_name(item)}")
        return found

    def actions(self, doc: dict[str, Any]) -> None:
        if not self.need(doc, "actions", (), list, True):
            return
        actions = doc["actions"]
        if not actions:
            self.out.add(("actions",), "Missing required field", "a workflow needs at least one action")
        slugs: set[str] = set()
        roots = 0
        for i, action in enumerate(actions):
            path: Path = ("actions", i)
            if not isinstance(action, dict):
                self.out.add(path, "Wrong type", f"an action must be an object, got {type_name(action)}")
                continue
            self.need(action, "name", path, str, True)
            if self.need(action, "slug", path, str, True):
                if action["slug"] in slugs:
                    self.out.add((*path, "slug"), "Duplicate slug", f"action slug {action['slug']!r} is used twice")
                slugs.add(action["slug"])
            if self.need(action, "isRootAction", path, bool, False) and action["isRootAction"]:
                roots += 1
                if roots > 1:
                    self.out.add((*path, "isRootAction"), "Several root actions", "only one action may be the root")
            self.need(action, "outgoingActions", path, list, False)
            if self.need(action, "schema", path, dict, True):
                self.schema(action["schema"], (*path, "schema"))
        for i, action in enumerate(actions):
            targets = action.get("outgoingActions") if isinstance(action, dict) else None
            for j, target in enumerate(targets if isinstance(targets, list) else []):
                if not isinstance(target, str) or target not in slugs:
                    where = ("actions", i, "outgoingActions", j)
                    self.out.add(where, "Unknown action", f"outgoing action {target!r} is not an action slug")

    def schema(self, schema: dict[str, Any], path: Path) -> None:
        if not self.need(schema, "type", path, str, True):
            return
        kind = schema["type"]
        if kind not in ACTION_TYPES:
            known = ", ".join(sorted(ACTION_TYPES))
            self.out.add((*path, "type"), "Unknown action type", f"action type {kind!r} is not one of {known}")
            return
        for key in ACTION_TYPES[kind].required:
            if schema.get(key) is None:
                self.out.add((*path, key), "Missing required field", f"`{key}` is required for {kind} actions")
        for key, allowed in ENUMS.items():
            if schema.get(key) is not None and schema[key] not in allowed:
                self.out.add((*path, key), "Unknown value", f"`{key}` must be one of {', '.join(sorted(allowed))}")
        for problem in schema_problems(schema):
            where = (*path, *problem.path, problem.key)
            dotted = ".".join(str(p) for p in where)
            self.out.add(where, "Unknown key", unknown_key_message(f"`{dotted}` ({kind} action)", problem.key,
                                                                  problem.accepted))


def load(text: str, content_type: str) -> dict[str, Any]:
    """Parse a definition as JSON (Content-Type json) or YAML (anything else), validate and normalise it."""
    try:
        return _load(text, content_type)
    except RecursionError:
        raise WorkflowError([ViolationList.deep()]) from None


def _load(text: str, content_type: str) -> dict[str, Any]:
    data: Any
    root = None
    if "json" in content_type.lower():
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            out = ViolationList()
            out.add((), "Malformed JSON", f"the document is not valid JSON: {exc.msg} at line {exc.lineno}")
            raise WorkflowError(out.items) from None
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            root = None  # JSON that YAML cannot read (tabs...): violations then carry no line numbers
    else:
        data, root = parse_yaml_or_raise(text, WorkflowError)
    out = ViolationList(root)
    return normalise(checked(data, out, ("Not an object", "a workflow must be an object"), _Checker(out).check,
                             WorkflowError))


def _drop_nulls(value: Any) -> Any:
    # The schema types these fields as plain strings/objects: a null means "unset", so it is not echoed.
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


def normalise(doc: dict[str, Any]) -> dict[str, Any]:
    """Defaults filled (isDraft false, filter GLOBAL, variables [], ...), nulls dropped, keys in a fixed order."""
    out: dict[str, Any] = {"name": doc["name"], "tag": doc["tag"]}
    if doc.get("description") is not None:
        out["description"] = doc["description"]
    for key in _BOOLS:
        out[key] = bool(doc.get(key) or False)
    for key in _STRINGS[1:]:
        if doc.get(key) is not None:
            out[key] = doc[key]
    flt = _drop_nulls(doc.get("filter") or {"type": "GLOBAL"})
    if flt["type"] == "ENTITY":
        flt.setdefault("ownershipScope", "ALL")
    out["filter"] = flt
    out["runRestrictionPolicies"] = _drop_nulls(doc.get("runRestrictionPolicies") or [])
    out["variables"] = _drop_nulls(doc.get("variables") or [])
    actions = []
    for action in doc["actions"]:
        actions.append(
            {
                "name": action["name"],
                "slug": action["slug"],
                "schema": _drop_nulls(action["schema"]),
                "outgoingActions": list(action.get("outgoingActions") or []),
                "isRootAction": bool(action.get("isRootAction") or False),
            }
        )
    if actions and not any(a["isRootAction"] for a in actions):
        actions[0]["isRootAction"] = True  # a workflow starts somewhere: the first action, if none is marked
    out["actions"] = actions
    return out


def matches(definition: dict[str, Any], query: str | None) -> bool:
    """The list endpoint's ``searchQuery``: a case-insensitive substring of the name or description."""
    if not query:
        return True
    needle = query.lower()
    return needle in definition["name"].lower() or needle in definition.get("description", "").lower()
