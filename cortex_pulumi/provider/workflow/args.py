"""The arguments of `Workflow`: `WorkflowArgs` and its nested types (filter, variables, run restrictions, actions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import pulumi

__all__ = ["RestrictionPolicyArgs", "WorkflowActionArgs", "WorkflowArgs", "WorkflowFilterArgs", "WorkflowVariableArgs"]


@attrs.frozen(kw_only=True)


class WorkflowFilterArgs:
    """Where the workflow can run."""

    type: pulumi.Input[str] | None = None
    """GLOBAL (default) or ENTITY (run on an entity)."""
    ownership_scope: pulumi.Input[str] | None = None
    """For ENTITY workflows: ALL (default), OWNER or EDITOR: whose entities the runner may pick."""
    entity_types: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    """For ENTITY workflows: entity types it applies to (e.g. `service`)."""
    entity_groups: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    """For ENTITY workflows: entity groups it applies to."""
    excluded_entity_groups: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    """For ENTITY workflows: entity groups it never applies to."""


@attrs.frozen(kw_only=True)


class WorkflowVariableArgs:
    """A workflow variable."""

    slug: pulumi.Input[str]
    """Identifier used in templates as `{{context.variables.<slug>}}`; unique."""
    type: pulumi.Input[str] | None = None
    """STRING (default), NUMBER, BOOLEAN, OBJECT or ARRAY_OF_STRING/NUMBER/BOOLEAN/OBJECT."""
    default_value: pulumi.Input[Any] | None = None
    """Default value (any JSON value)."""


@attrs.frozen(kw_only=True)


class RestrictionPolicyArgs:
    """Who may run the workflow."""

    id: pulumi.Input[str]
    """Id of the user, team or custom role."""
    type: pulumi.Input[str]
    """USER, TEAM or CUSTOM_ROLE."""


@attrs.frozen(kw_only=True)


class WorkflowActionArgs:
    """One block of the workflow graph."""

    name: pulumi.Input[str]
    """Display name."""
    slug: pulumi.Input[str]
    """Identifier of the block, unique in the workflow; `outgoing_actions` refer to it."""
    schema: pulumi.Input[Mapping[str, Any]]
    """The block's settings in Cortex's own (camelCase) keys, with `type` (SLACK, HTTP_REQUEST, JQ, ...), e.g.
    `{"type": "SLACK", "channel": "deploys", "message": "done"}`."""
    is_root_action: pulumi.Input[bool] | None = None
    """Whether the workflow starts here (Cortex takes the first action when none is marked)."""
    outgoing_actions: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    """Slugs of the blocks that follow."""


@attrs.frozen(kw_only=True)


class WorkflowArgs:
    """Arguments of `Workflow`: either `definition` (JSON/YAML text, e.g. from `Workflow.from_file`) or the
    structured fields below (`tag`, `name`, `actions`, ...), not both."""

    tag: pulumi.Input[str] | None = None
    """Unique tag of the workflow. Changing it replaces the workflow."""
    name: pulumi.Input[str] | None = None
    """Display name."""
    description: pulumi.Input[str] | None = None
    """Description."""
    is_draft: pulumi.Input[bool] | None = None
    """Keep the workflow as a draft (default false)."""
    is_runnable_via_api: pulumi.Input[bool] | None = None
    """Allow runs through the API."""
    restrict_action_completion_to_runner_user: pulumi.Input[bool] | None = None
    """Only the user who started a run may complete its manual steps (default false)."""
    icon_tag: pulumi.Input[str] | None = None
    """Icon shown in Cortex."""
    run_response_template: pulumi.Input[str] | None = None
    """Mustache template of the message shown when a run succeeds."""
    failed_run_response_template: pulumi.Input[str] | None = None
    """Mustache template of the message shown when a run fails."""
    filter: pulumi.Input[WorkflowFilterArgs] | None = None
    """Where the workflow runs (default GLOBAL)."""
    run_restriction_policies: pulumi.Input[Sequence[pulumi.Input[RestrictionPolicyArgs]]] | None = None
    """Who may run it (compared as a set)."""
    variables: pulumi.Input[Sequence[pulumi.Input[WorkflowVariableArgs]]] | None = None
    """Variables (compared by slug)."""
    actions: pulumi.Input[Sequence[pulumi.Input[WorkflowActionArgs]]] | None = None
    """The blocks of the workflow (compared by slug, semantically: key order and formatting never matter)."""
    definition: pulumi.Input[str] | None = None
    """A whole workflow as JSON or YAML text in Cortex's format (what `cortex workflows get` prints)."""
    adopt: pulumi.Input[bool] | None = None
    """Take over a workflow that already exists in Cortex with this tag instead of failing. Without it, an
    existing workflow is never overwritten (Cortex's create call would silently replace it)."""
