"""The `Workflow` resource: a Cortex workflow from structured arguments or a JSON/YAML definition file."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, UpdateResult

from ...client._json import camel_case
from ...client.models.workflow import WorkflowActionSchema, WorkflowDefinition
from .._check import ENTITY_TAG, Checker, is_unknown
from .._document_provider import DocumentProvider, document_inputs
from .._documents import unknown_keys
from ..kinds import Kind
from ._signature import (
    RestrictionPolicyArgsDict,
    WorkflowActionArgsDict,
    WorkflowArgsDict,
    WorkflowFilterArgsDict,
    WorkflowSignature,
    WorkflowVariableArgsDict,
)
from .args import (
    RestrictionPolicyArgs,
    WorkflowActionArgs,
    WorkflowArgs,
    WorkflowFilterArgs,
    WorkflowVariableArgs,
)
from .shape import (
    ACTION_KEYS,
    FIELDS,
    FILTER_KEYS,
    POLICY_KEYS,
    SCALARS,
    STRUCTURED,
    VARIABLE_KEYS,
    from_api,
    to_api,
)

__all__ = ["RestrictionPolicyArgs", "RestrictionPolicyArgsDict", "Workflow", "WorkflowActionArgs",
           "WorkflowActionArgsDict", "WorkflowArgs", "WorkflowArgsDict", "WorkflowFilterArgs",
           "WorkflowFilterArgsDict", "WorkflowVariableArgs", "WorkflowVariableArgsDict"]

_TEXTS = ("description", "icon_tag", "run_response_template", "failed_run_response_template")
_FLAGS = tuple(k for k in SCALARS if k not in _TEXTS)
VARIABLE_TYPES = ("STRING", "NUMBER", "BOOLEAN", "OBJECT", "ARRAY_OF_STRING", "ARRAY_OF_NUMBER",
                  "ARRAY_OF_BOOLEAN", "ARRAY_OF_OBJECT")


class _WorkflowProvider(DocumentProvider):
    """CRUD for workflows (`/api/v1/workflows`, upsert by tag); the Pulumi id is the tag."""

    spec = Kind(
        permission="Edit Workflows",
        name="workflow", type_name="Workflow", key_input="tag", replace_on=("tag",),
        fields=FIELDS, args=WorkflowArgs,
        fetch=lambda client, tag: client.get_workflow(tag_or_id=tag),
        list_page=lambda client, page, size: client.list_workflows(include_actions=True, page=page, page_size=size),
        render=lambda _client, wf, props: from_api(wf, props),
    )
    document_key = "definition"
    document_fields = STRUCTURED
    document_kind = "Cortex workflow"
    document_model = WorkflowDefinition

    # -- check --------------------------------------------------------------------------------------

    @staticmethod
    def document_place(path: str) -> str:
        return ".".join(camel_case(part) for part in path.split("."))

    def check_fields(self, c: Checker) -> None:
        c.tag("tag", ENTITY_TAG, what="workflow tag")
        c.string("name", required=True)
        for key in _TEXTS:
            c.string(key)
        for key in _FLAGS:
            c.boolean(key)
        self._check_filter(c)
        c.each("run_restriction_policies", lambda i, p, path: c.nested(
            p, path, POLICY_KEYS, required=("id",), enums={"type": ("USER", "TEAM", "CUSTOM_ROLE")}))
        c.each("variables", lambda i, v, path: c.nested(
            v, path, VARIABLE_KEYS, required=("slug",), enums={"type": VARIABLE_TYPES}))
        c.unique("variables", ((i, v.get("slug")) for i, v in enumerate(c.items("variables") or [])
                               if isinstance(v, Mapping)), "variable slug")
        self._check_actions(c)

    def fields_of_document(self, model: WorkflowDefinition) -> dict[str, Any]:
        return {k: v for k, v in from_api(model, {}).items() if v is not None}

    def _check_filter(self, c: Checker) -> None:
        f = c.nested(c.props.get("filter"), "filter", FILTER_KEYS,
                               enums={"type": ("GLOBAL", "ENTITY"), "ownership_scope": ("ALL", "OWNER", "EDITOR")})
        if f is None:
            return
        for key in FILTER_KEYS[2:]:
            c.string_list("", value=f.get(key), path=f"filter.{key}")
        if str(f.get("type") or "GLOBAL").upper() == "GLOBAL" and any(f.get(k) for k in FILTER_KEYS[1:]):
            c.fail("filter", "ownership_scope and entity filters apply only to filter type ENTITY")

    def _check_actions(self, c: Checker) -> None:
        actions = c.items("actions") or []
        for i, action in enumerate(actions):
            path = f"actions[{i}]"
            a = c.nested(action, path, ACTION_KEYS, required=("name", "slug"))
            if a is None:
                continue
            schema = c.mapping("", value=a.get("schema"), path=f"{path}.schema")
            if schema is None and not is_unknown(a.get("schema")):
                c.fail(f"{path}.schema", f"{path}.schema is required (an object with a type)")
            elif schema is not None:
                kind = c.string("", required=True, value=schema.get("type"), path=f"{path}.schema.type")
                if kind is not None and "definition" not in c.props:
                    settings = {k: v for k, v in schema.items() if k != "type"}
                    unknown = unknown_keys(WorkflowActionSchema(type=kind, settings=settings), f"{path}.schema")
                    if unknown:
                        c.fail(f"{path}.schema", "; ".join(unknown))
            c.boolean("", value=a.get("is_root_action"), path=f"{path}.is_root_action")
            c.string_list("", value=a.get("outgoing_actions"), path=f"{path}.outgoing_actions")
        c.unique("actions", ((i, a.get("slug")) for i, a in enumerate(actions) if isinstance(a, Mapping)),
                 "action slug")
        slugs = {a.get("slug") for a in actions if isinstance(a, Mapping)}
        for i, a in enumerate(actions):
            if isinstance(a, Mapping) and not c.failed(f"actions[{i}]"):
                for target in a.get("outgoing_actions") or ():
                    if isinstance(target, str) and target not in slugs:
                        c.fail(f"actions[{i}].outgoing_actions", f"actions[{i}] points to unknown action {target!r}")

    def validate_remotely(self, c: Checker) -> None:
        result = self.client.validate_workflow_descriptor(descriptor=self.to_api(c.props))
        for violation in result.violations:
            head = (violation.pointer or "").strip("/").split("/")[0]
            field = "definition" if "definition" in c.props else _snake(head) or "actions"
            c.fail(field, f"Cortex rejects the workflow: {violation}")

    # -- CRUD ---------------------------------------------------------------------------------------

    to_api = staticmethod(to_api)
    from_api = staticmethod(from_api)

    def _differs(self, current: Mapping[str, Any], props: Mapping[str, Any]) -> bool:
        return any(canon(current.get(k)) != canon(props.get(k)) for k, canon in FIELDS.items())

    def _create(self, props: dict[str, Any]) -> CreateResult:
        existing = self.existing_for_create(props, lambda tag: self.client.get_workflow(tag_or_id=tag))
        return self._adopt_listed(existing, props)

    def _adopt_listed(self, existing: Any, props: dict[str, Any]) -> CreateResult:
        if existing is not None and not self._differs(self.from_api(existing, props), props):
            wf = existing
        else:
            wf = self.client.create_or_update_workflow(workflow=self.to_api(props))
        return CreateResult(wf.tag, self.from_api(wf, props))

    def _update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        if not self._differs(olds, news):
            return UpdateResult({**olds, "adopt": news.get("adopt")})
        wf = self.client.create_or_update_workflow(workflow=self.to_api(news))
        return UpdateResult(self.from_api(wf, news))

    def _delete(self, id_: str, props: dict[str, Any]) -> None:
        self.client.delete_workflow(tag_or_id=id_)


def _snake(name: str) -> str:
    out = "".join("_" + ch.lower() if ch.isupper() else ch for ch in name)
    return out if camel_case(out) == name else name


class Workflow(WorkflowSignature):
    """A Cortex workflow, from structured arguments or from a JSON/YAML definition:

    ```python
    notify = cortex.Workflow.from_file("deploy-notify", "workflows/deploy-notify.yaml")
    hello = cortex.Workflow("hello", tag="hello", name="Hello", actions=[cortex.WorkflowActionArgs(
        name="Say hi", slug="say-hi", schema={"type": "SLACK", "channel": "general", "message": "hi"})])
    ```
    Definitions are compared semantically: reformatting the file or reordering keys is not a change.
    """

    _args_type = WorkflowArgs
    _provider_type = _WorkflowProvider

    tag: pulumi.Output[str]
    """The workflow's tag (also the Pulumi id)."""
    name: pulumi.Output[str]
    """Display name."""
    is_draft: pulumi.Output[bool]
    """Whether it is a draft."""
    actions: pulumi.Output[list[dict[str, Any]]]
    """The blocks as Cortex stores them."""

    @classmethod
    def from_file(cls, resource_name: str, path: str | Path, opts: pulumi.ResourceOptions | None = None,
                  adopt: pulumi.Input[bool] | None = None) -> Workflow:
        """A workflow from a `.json`, `.yaml` or `.yml` file in Cortex's workflow format."""
        return cls(resource_name, WorkflowArgs(**document_inputs(_WorkflowProvider, path), adopt=adopt), opts)
