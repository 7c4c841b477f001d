"""Workflow property shape: snake_case props <-> the client's `WorkflowDefinition`, and canonical forms for diff."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...client.models.workflow import (
    CompoundFilter,
    EntityGroupFilter,
    EntityTypeFilter,
    RestrictionPolicy,
    WorkflowAction,
    WorkflowActionSchema,
    WorkflowDefinition,
    WorkflowFilter,
    WorkflowVariable,
)
from .._diff import Canon, Record, as_set, flag, keyed_set, plain, text

#: Top-level structured properties (besides tag and name) and their canonical forms.
SCALARS: dict[str, Canon] = {
    "description": text,
    "is_draft": flag(False),
    "is_runnable_via_api": flag(False),
    "restrict_action_completion_to_runner_user": flag(False),
    "icon_tag": text,
    "run_response_template": text,
    "failed_run_response_template": text,
}
STRUCTURED = ("name", *SCALARS, "filter", "run_restriction_policies", "variables", "actions")
FILTER_KEYS = ("type", "ownership_scope", "entity_types", "entity_groups", "excluded_entity_groups")
ACTION_KEYS = ("name", "slug", "schema", "is_root_action", "outgoing_actions")


def filter_canon(value: Any) -> Any:
    f = value if isinstance(value, Mapping) else {}
    kind = str(f.get("type") or "GLOBAL").upper()
    scope = f.get("ownership_scope") or ("ALL" if kind == "ENTITY" else None)
    return (kind, scope, *(tuple(sorted(f.get(k) or ())) for k in FILTER_KEYS[2:]))


def _action(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return plain(value)
    return (value.get("name"), value.get("slug"), plain(value.get("schema")), bool(value.get("is_root_action")),
            tuple(value.get("outgoing_actions") or ()))


def actions_canon(value: Any) -> Any:
    """Actions by slug, order-insensitive; like Cortex, the first action is the root when none is marked."""
    if not value:
        return None
    items = [dict(a) if isinstance(a, Mapping) else a for a in value]
    if all(isinstance(a, dict) and not a.get("is_root_action") for a in items):
        items[0]["is_root_action"] = True
    return keyed_set("slug", _action)(items)


#: A variable: of type STRING unless given.
VARIABLE = Record({"slug": plain, "type": lambda v: str(v or "STRING").upper(), "default_value": plain})
POLICY = Record({"id": plain, "type": plain})


FIELDS: dict[str, Canon] = {
    "tag": plain,
    "name": text,
    **SCALARS,
    "filter": filter_canon,
    "run_restriction_policies": as_set(POLICY),
    "variables": keyed_set("slug", VARIABLE),
    "actions": actions_canon,
}
VARIABLE_KEYS, POLICY_KEYS = tuple(VARIABLE.fields), tuple(POLICY.fields)


def from_api(wf: WorkflowDefinition, props: Mapping[str, Any]) -> dict[str, Any]:
    """A definition (read from Cortex or parsed from a file) as snake_case properties; `adopt` from `props`."""
    f = wf.filter
    entity = f.entity_filter
    flt: dict[str, Any] = {"type": f.type}
    if f.ownership_scope:
        flt["ownership_scope"] = f.ownership_scope
    if entity is not None and entity.type_filter is not None and entity.type_filter.types:
        flt["entity_types"] = list(entity.type_filter.types)
    if entity is not None and entity.entity_group_filter is not None:
        groups = entity.entity_group_filter
        if groups.entity_groups:
            flt["entity_groups"] = list(groups.entity_groups)
        if groups.excluded_entity_groups:
            flt["excluded_entity_groups"] = list(groups.excluded_entity_groups)
    return {
        "tag": wf.tag,
        "name": wf.name,
        "description": wf.description,
        "is_draft": wf.is_draft,
        "is_runnable_via_api": wf.is_runnable_via_api,
        "restrict_action_completion_to_runner_user": wf.restrict_action_completion_to_runner_user,
        "icon_tag": wf.icon_tag,
        "run_response_template": wf.run_response_template,
        "failed_run_response_template": wf.failed_run_response_template,
        "filter": flt,
        "run_restriction_policies": [{"id": p.id, "type": p.type} for p in wf.run_restriction_policies],
        "variables": [{"slug": v.slug, "type": v.type, "default_value": v.default_value} for v in wf.variables],
        "actions": [{
            "name": a.name,
            "slug": a.slug,
            "schema": {"type": a.schema.type, **a.schema.settings},
            "is_root_action": a.is_root_action,
            "outgoing_actions": list(a.outgoing_actions),
        } for a in wf.actions],
        "adopt": props.get("adopt"),
    }


def to_api(props: Mapping[str, Any]) -> WorkflowDefinition:
    """The definition to send to Cortex from checked snake_case properties."""
    f = props.get("filter") or {}
    entity = None
    if f.get("entity_types") or f.get("entity_groups") or f.get("excluded_entity_groups"):
        entity = CompoundFilter(
            type_filter=EntityTypeFilter(types=f.get("entity_types") or ()),
            entity_group_filter=EntityGroupFilter(entity_groups=f.get("entity_groups") or (),
                                                  excluded_entity_groups=f.get("excluded_entity_groups") or ()),
        )
    schema = WorkflowActionSchema.from_dict
    return WorkflowDefinition(
        tag=props["tag"],
        name=props["name"],
        description=props.get("description"),
        is_draft=bool(props.get("is_draft", False)),
        is_runnable_via_api=props.get("is_runnable_via_api"),
        restrict_action_completion_to_runner_user=bool(props.get("restrict_action_completion_to_runner_user", False)),
        icon_tag=props.get("icon_tag"),
        run_response_template=props.get("run_response_template"),
        failed_run_response_template=props.get("failed_run_response_template"),
        filter=WorkflowFilter(type=str(f.get("type") or "GLOBAL").upper(), ownership_scope=f.get("ownership_scope"),
                              entity_filter=entity),
        run_restriction_policies=[RestrictionPolicy(id=p["id"], type=p["type"])
                                  for p in props.get("run_restriction_policies") or ()],
        variables=[WorkflowVariable(slug=v["slug"], type=v.get("type") or "STRING", default_value=v.get("default_value"))
                   for v in props.get("variables") or ()],
        actions=[WorkflowAction(name=a["name"], slug=a["slug"], schema=schema(a["schema"]),
                                is_root_action=bool(a.get("is_root_action", False)),
                                outgoing_actions=a.get("outgoing_actions") or ())
                 for a in props.get("actions") or ()],
    )
