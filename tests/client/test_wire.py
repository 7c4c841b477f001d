"""Exact request shapes (method, path, query, headers, body) for every write operation, on a recording stub."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import yaml

from cortex_pulumi.client import CortexClient
from cortex_pulumi.client.models import (
    ScorecardDescriptor,
    WorkflowDefinition,
)
from tests.client.stub import Recorded, Reply, StubServer
from tests.client.wire_cases import CASES, canned

TOKEN = "wire-token-0123456789abcdef"


@pytest.fixture
def wire() -> Iterator[tuple[CortexClient, StubServer]]:
    with StubServer(canned) as stub:
        yield CortexClient(base_url=stub.url + "/", api_token=TOKEN, rate_limit_per_minute=None), stub


def only(stub: StubServer) -> Recorded:
    assert len(stub.requests) == 1, [(r.method, r.path) for r in stub.requests]
    return stub.requests[0]


def body(request: Recorded) -> Any:
    return json.loads(request.body) if request.body else None


@pytest.mark.parametrize("name, call, method, path, query, expected", CASES, ids=[c[0] for c in CASES])
def test_json_request_shapes(
    wire: tuple[CortexClient, StubServer],
    name: str,
    call: Callable[[CortexClient], object],
    method: str,
    path: str,
    query: dict[str, list[str]],
    expected: Any,
) -> None:
    client, stub = wire
    call(client)
    request = only(stub)
    assert (request.method, request.path, request.query) == (method, path, query)
    assert body(request) == expected
    if expected is not None:
        assert request.headers["content-type"] == "application/json"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["user-agent"].startswith("cortex-pulumi/")


def test_scorecard_descriptor_is_sent_as_raw_yaml(wire: tuple[CortexClient, StubServer]) -> None:
    client, stub = wire
    descriptor = ScorecardDescriptor(tag="sc", name="SC", draft=True)
    client.create_or_update_scorecard(descriptor=descriptor, dry_run=True)
    request = only(stub)
    assert (request.method, request.path, request.query) == (
        "POST",
        "/api/v1/scorecards/descriptor",
        {"dryRun": ["true"]},
    )
    assert request.headers["content-type"] == "application/yaml;charset=UTF-8"
    assert yaml.safe_load(request.body) == {"tag": "sc", "name": "SC", "draft": True, "rules": []}


def test_yaml_text_is_sent_unchanged(wire: tuple[CortexClient, StubServer]) -> None:
    client, stub = wire
    text = "# my comment\ntag: sc\nname: SC\n"
    client.create_or_update_scorecard(descriptor=text)
    workflow_yaml = "tag: wf\nname: WF\n"
    client.create_or_update_workflow(workflow=workflow_yaml)
    client.validate_workflow_descriptor(descriptor="not: [valid")
    sc, wf, validate = stub.requests
    assert sc.body.decode() == text
    assert (wf.body.decode(), wf.headers["content-type"]) == (workflow_yaml, "application/yaml")
    assert (validate.path, validate.body.decode()) == ("/api/v1/workflows/validate", "not: [valid")


def test_workflow_model_is_sent_as_json(wire: tuple[CortexClient, StubServer]) -> None:
    client, stub = wire
    client.create_or_update_workflow(
        workflow=WorkflowDefinition(tag="wf", name="WF", is_runnable_via_api=True)
    )
    request = only(stub)
    assert request.headers["content-type"] == "application/json"
    assert request.headers["accept"] == "application/json"
    assert body(request) == {
        "tag": "wf",
        "name": "WF",
        "isDraft": False,
        "isRunnableViaApi": True,
        "restrictActionCompletionToRunnerUser": False,
        "filter": {"type": "GLOBAL"},
        "runRestrictionPolicies": [],
        "variables": [],
        "actions": [],
    }


def test_read_queries(wire: tuple[CortexClient, StubServer]) -> None:
    client, stub = wire
    stub.responder = lambda r: Reply(
        200,
        {"teams": []}
        if r.path == "/api/v1/teams"
        else {"page": 0, "total": 0, "totalPages": 0, "scorecards": [], "workflows": []},
    )
    client.get_team_details_advanced(include_teams_without_members=False)
    client.list_scorecards(show_drafts=False, entities=["a", "b"], page=2, page_size=10)
    client.list_workflows(include_actions=True, search_query="deploy x")
    teams, scorecards, workflows = stub.requests
    assert teams.query == {"includeTeamsWithoutMembers": ["false"]}
    assert scorecards.query == {
        "showDrafts": ["false"],
        "entities": ["a,b"],
        "page": ["2"],
        "pageSize": ["10"],
    }
    assert workflows.query == {
        "includeActions": ["true"],
        "searchQuery": ["deploy x"],
        "page": ["0"],
        "pageSize": ["250"],
    }
