"""Workflow operations against the emulator: upsert (JSON/YAML), read, list, validate, callback, delete."""

from __future__ import annotations

import pytest

from cortex_pulumi.client import BadRequestError, CortexAPIError, CortexClient, NotFoundError
from cortex_pulumi.client.models import (
    WorkflowAction,
    WorkflowActionSchema,
    WorkflowDefinition,
    WorkflowFilter,
)
from cortex_pulumi.emulator import Emulator
from tests.client.conftest import logged, reset_log
from tests.support import api

CLI_WORKFLOW = """\
name: CLI Test Workflow
tag: cli-test-workflow
description: My test workflow.
isDraft: true
filter:
  type: GLOBAL
runResponseTemplate: null
actions:
- name: Send message
  slug: send-message
  schema:
    channel: air-force
    message: "Submitted by {{context.initiatedBy.name}}"
    type: SLACK
  outgoingActions: []
  isRootAction: true
runRestrictionPolicies: []
iconTag: null
"""

ASYNC_WORKFLOW = WorkflowDefinition(
    tag="deploy-notify",
    name="Deploy notify",
    description="Calls CI and waits",
    is_runnable_via_api=True,
    filter=WorkflowFilter(type="GLOBAL"),
    actions=[
        WorkflowAction(
            name="Call CI",
            slug="call-ci",
            is_root_action=True,
            outgoing_actions=["done"],
            schema=WorkflowActionSchema(
                type="HTTP_REQUEST_ASYNC",
                settings={
                    "url": "https://ci.example.com/hook",
                    "httpMethod": "POST",
                    "headers": {},
                    "payload": "{}",
                },
            ),
        ),
        WorkflowAction(
            name="Done", slug="done", schema=WorkflowActionSchema(type="JQ", settings={"expression": "."})
        ),
    ],
)


def test_upsert_from_yaml_text_and_read(client: CortexClient, emu: Emulator) -> None:
    created = client.create_or_update_workflow(workflow=CLI_WORKFLOW)
    assert created.tag == "cli-test-workflow" and created.is_draft is True
    assert created.actions[0].schema.settings["channel"] == "air-force"
    assert client.get_workflow(tag_or_id="cli-test-workflow") == created
    assert logged(emu, "POST")[0]["path"] == "/api/v1/workflows"


def test_upsert_from_model_round_trips(client: CortexClient) -> None:
    created = client.create_or_update_workflow(workflow=ASYNC_WORKFLOW)
    assert created.actions == ASYNC_WORKFLOW.actions
    assert created.is_runnable_via_api is True
    # What the API returns is a valid upsert body; sending it back changes nothing.
    again = client.create_or_update_workflow(workflow=created)
    assert again == created
    renamed = client.create_or_update_workflow(
        workflow=ASYNC_WORKFLOW.to_json().replace("Deploy notify", "Renamed")
    )
    assert renamed.name == "Renamed"


def test_list_search_actions_and_pagination(client: CortexClient, emu: Emulator) -> None:
    client.create_or_update_workflow(workflow=CLI_WORKFLOW)
    client.create_or_update_workflow(workflow=ASYNC_WORKFLOW)
    without = client.list_workflows()
    assert without.total == 2 and all(w.actions == () for w in without)
    with_actions = {w.tag: w for w in client.list_workflows(include_actions=True)}
    assert len(with_actions["deploy-notify"].actions) == 2
    assert "includeActions=true" in logged(emu, "GET", "/api/v1/workflows")[-1]["query"]
    found = client.list_workflows(search_query="waits")
    assert [w.tag for w in found] == ["deploy-notify"]
    reset_log(emu)
    assert sorted(w.tag for w in client.iter_workflows(page_size=1)) == ["cli-test-workflow", "deploy-notify"]
    assert len(logged(emu, "GET", at_least=2)) == 2
    assert len(list(client.iter_workflows(page_size=1000))) == 2


def test_validate(client: CortexClient) -> None:
    ok = client.validate_workflow_descriptor(descriptor=CLI_WORKFLOW)
    assert ok.ok is True and ok.violations == ()
    bad = client.validate_workflow_descriptor(descriptor="tag: x\nname: y\nactions: [{slug: a}]\n")
    assert bad.ok is False and bad.violations
    assert all(v.title or v.description for v in bad.violations)


def test_invalid_workflow_is_a_bad_request(client: CortexClient) -> None:
    with pytest.raises(BadRequestError):
        client.create_or_update_workflow(workflow="tag: x\nname: y\nfilter: {type: NOWHERE}\nactions: []\n")


def test_async_callback_completes_a_run(client: CortexClient, emu: Emulator) -> None:
    client.create_or_update_workflow(workflow=ASYNC_WORKFLOW)
    run = api(emu).post("/api/v1/workflows/deploy-notify/runs", json={"scope": {"type": "GLOBAL"}}).json()
    callback_id = next(step["callbackId"] for step in run["actions"] if step.get("callbackId"))
    client.workflows_async_http_callback(
        tag_or_id="deploy-notify", callback_id=callback_id, status="UPDATE", message="halfway"
    )
    client.workflows_async_http_callback(
        tag_or_id="deploy-notify",
        callback_id=callback_id,
        status="SUCCESS",
        message="ok",
        response={"build": 42},
    )
    assert (
        logged(emu, "POST", f"/api/v1/workflows/deploy-notify/callback/{callback_id}", at_least=2)[-1][
            "status"
        ]
        == 200
    )
    status = api(emu).get(f"/api/v1/workflows/deploy-notify/runs/{run['id']}").json()
    assert status["status"] == "COMPLETED"
    # The block no longer waits: 406 (a CortexAPIError of its own status).
    with pytest.raises(CortexAPIError) as info:
        client.workflows_async_http_callback(
            tag_or_id="deploy-notify", callback_id=callback_id, status="SUCCESS", message="again"
        )
    assert info.value.status == 406
    with pytest.raises(NotFoundError):
        client.workflows_async_http_callback(
            tag_or_id="deploy-notify", callback_id="nope", status="SUCCESS", message="x"
        )
    with pytest.raises(ValueError):
        client.workflows_async_http_callback(
            tag_or_id="deploy-notify", callback_id=callback_id, status="DONE", message="x"
        )


def test_delete(client: CortexClient, emu: Emulator) -> None:
    client.create_or_update_workflow(workflow=CLI_WORKFLOW)
    client.delete_workflow(tag_or_id="cli-test-workflow")
    assert logged(emu, "DELETE")[0]["path"] == "/api/v1/workflows/cli-test-workflow"
    with pytest.raises(NotFoundError):
        client.get_workflow(tag_or_id="cli-test-workflow")
    with pytest.raises(NotFoundError):
        client.delete_workflow(tag_or_id="cli-test-workflow")


def test_viewer_may_read_but_not_write(client: CortexClient, viewer: CortexClient) -> None:
    from cortex_pulumi.client import ForbiddenError

    client.create_or_update_workflow(workflow=CLI_WORKFLOW)
    assert viewer.get_workflow(tag_or_id="cli-test-workflow").tag == "cli-test-workflow"
    with pytest.raises(ForbiddenError):
        viewer.delete_workflow(tag_or_id="cli-test-workflow")
