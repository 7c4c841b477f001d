"""Workflow models: ``WorkflowDefinition`` (same shape in JSON and YAML), callbacks and validation."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs
from attrs import validators as v

from .._json import JsonModel, OpenModel, extra_field, unstructure
from ._document import YamlDocument
from .common import model_of, non_empty, optional, to_tuple, tuple_of

__all__ = [
    "CALLBACK_STATUSES",
    "CallbackRequest",
    "CompoundFilter",
    "EntityGroupFilter",
    "EntityTypeFilter",
    "RestrictionPolicy",
    "WorkflowAction",
    "WorkflowActionSchema",
    "WorkflowDefinition",
    "WorkflowFilter",
    "WorkflowVariable",
]

CALLBACK_STATUSES = ("SUCCESS", "FAILURE", "UPDATE")


@attrs.frozen(kw_only=True)
class EntityTypeFilter(OpenModel):
    """Entity types a workflow applies to."""

    types: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(str))


@attrs.frozen(kw_only=True)
class EntityGroupFilter(OpenModel):
    """Entity groups a workflow applies to (and excludes)."""

    entity_groups: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(str))
    excluded_entity_groups: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(str))


@attrs.frozen(kw_only=True)
class CompoundFilter(OpenModel):
    """``entityFilter`` of an ENTITY workflow."""

    type_filter: EntityTypeFilter | None = optional(EntityTypeFilter)
    entity_group_filter: EntityGroupFilter | None = optional(EntityGroupFilter)


@attrs.frozen(kw_only=True)
class WorkflowFilter(OpenModel):
    """Where a workflow runs: ``GLOBAL``, or ``ENTITY`` with an ownership scope and entity filter."""

    type: str = attrs.field(default="GLOBAL", validator=v.instance_of(str))
    ownership_scope: str | None = optional(str)
    entity_filter: CompoundFilter | None = optional(CompoundFilter)


@attrs.frozen(kw_only=True)
class RestrictionPolicy(OpenModel):
    """Who may run a workflow: a USER, TEAM or CUSTOM_ROLE by id."""

    id: str = attrs.field(validator=v.instance_of(str))
    type: str = attrs.field(validator=v.instance_of(str))


@attrs.frozen(kw_only=True)
class WorkflowVariable(OpenModel):
    """A workflow variable; ``default_value`` is any JSON value."""

    slug: str = attrs.field(validator=non_empty)
    type: str = attrs.field(default="STRING", validator=v.instance_of(str))
    default_value: Any = None


@attrs.frozen(kw_only=True)
class WorkflowActionSchema(JsonModel):
    """An action's ``schema``: ``type`` (SLACK, HTTP_REQUEST, JQ, ...) plus its type-specific ``settings``.

    The sixteen action types each have their own keys; they are kept verbatim in ``settings`` so that
    every type round-trips, including ones added to Cortex later.
    """

    type: str = attrs.field(validator=non_empty)
    settings: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class WorkflowAction(OpenModel):
    """One block of a workflow graph."""

    name: str = attrs.field(validator=v.instance_of(str))
    slug: str = attrs.field(validator=non_empty)
    schema: WorkflowActionSchema = attrs.field(validator=model_of(WorkflowActionSchema))
    is_root_action: bool = attrs.field(default=False, validator=v.instance_of(bool))
    outgoing_actions: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(str))


@attrs.frozen(kw_only=True)
class WorkflowDefinition(YamlDocument):
    """``WorkflowDefinition``: request and response of the workflow API, in JSON or YAML."""

    document_name: ClassVar[str] = "workflow"

    tag: str = attrs.field(validator=non_empty)
    name: str = attrs.field(validator=non_empty)
    description: str | None = optional(str)
    is_draft: bool = attrs.field(default=False, validator=v.instance_of(bool))
    is_runnable_via_api: bool | None = optional(bool)
    restrict_action_completion_to_runner_user: bool = attrs.field(
        default=False, validator=v.instance_of(bool)
    )
    icon_tag: str | None = optional(str)
    run_response_template: str | None = optional(str)
    failed_run_response_template: str | None = optional(str)
    filter: WorkflowFilter = attrs.field(factory=WorkflowFilter, validator=v.instance_of(WorkflowFilter))
    run_restriction_policies: tuple[RestrictionPolicy, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(RestrictionPolicy)
    )
    variables: tuple[WorkflowVariable, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(WorkflowVariable)
    )
    actions: tuple[WorkflowAction, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(WorkflowAction)
    )

    @actions.validator
    def _graph(self, _attribute: attrs.Attribute[Any], actions: tuple[WorkflowAction, ...]) -> None:
        slugs = [a.slug for a in actions]
        if len(set(slugs)) != len(slugs):
            raise ValueError(f"workflow action slugs must be unique: {slugs}")
        known = set(slugs)
        for action in actions:
            missing = [s for s in action.outgoing_actions if s not in known]
            if missing:
                raise ValueError(f"action {action.slug!r} points to unknown actions {missing}")

    @classmethod
    def from_json(cls, text: str) -> WorkflowDefinition:
        """Parse a workflow from JSON text."""
        return cls.from_dict(json.loads(text))

    def to_json(self) -> str:
        """The definition as a JSON document."""
        return json.dumps(unstructure(self), sort_keys=False)


@attrs.frozen(kw_only=True)
class CallbackRequest(JsonModel):
    """Body of the async HTTP block callback: ``status``, ``message`` and an optional ``response`` object."""

    status: str = attrs.field(validator=v.in_(CALLBACK_STATUSES))
    message: str = attrs.field(validator=v.instance_of(str))
    response: Mapping[str, Any] | None = optional(dict)
