"""Emulator contract tests for workflows: upsert, list, get, validate, delete, runs and async callbacks."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
import yaml

from cortex_pulumi.emulator import Emulator
from tests.support import VIEWER_TOKEN, api, sample
from tests.support.openapi import validate_response, validate_schema

LIST = "/api/v1/workflows"
ONE = "/api/v1/workflows/{tagOrId}"
CALLBACK = "/api/v1/workflows/{tagOrId}/callback/{callbackId}"
YAML = {"Content-Type": "application/yaml"}

SLACK = sample("cli-test-workflow.yaml")

RUNNABLE = sample("cli-test-run-workflow.yaml")

ASYNC = """\
name: Deploy
tag: deploy
description: Waits for a pipeline
isDraft: false
isRunnableViaApi: true
filter: {type: ENTITY}
actions:
- name: Trigger
  slug: trigger
  isRootAction: true
  outgoingActions: [announce]
  schema:
    type: HTTP_REQUEST_ASYNC
    httpMethod: POST
    url: https://ci.example.com/build
    headers: {Content-Type: application/json}
    payload: '{"callback": "{{{callbackUrl}}}"}'
- name: Announce
  slug: announce
  outgoingActions: []
  schema: {type: SLACK, channel: deploys, message: done}
"""

HELLO_JSON = json.loads(sample("cli-hello-world.json"))


def post_yaml(emu: Emulator, text: str, token: str | None = None, path: str = LIST) -> requests.Response:
    session = api(emu) if token is None else api(emu, token)
    return session.post(path, data=text.encode(), headers=YAML)


def created(response: requests.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    validate_response("post", LIST, 200, body)
    return body


def test_create_from_yaml(emu: Emulator) -> None:
    body = created(post_yaml(emu, SLACK))
    assert body["tag"] == "cli-test-workflow" and body["isDraft"] is True
    assert body["variables"] == [] and body["restrictActionCompletionToRunnerUser"] is False
    assert body["actions"][0]["schema"]["type"] == "SLACK"
    assert "iconTag" not in body and "runResponseTemplate" not in body


def test_create_from_json_and_get_the_same_back(emu: Emulator) -> None:
    body = created(api(emu).post(LIST, json=HELLO_JSON))
    r = api(emu, VIEWER_TOKEN).get("/api/v1/workflows/hello-world")
    assert r.status_code == 200
    validate_response("get", ONE, 200, r.json())
    assert r.json() == body
    # The GET JSON is a valid POST body that changes nothing (round trip, as `cortex backup` relies on).
    assert created(api(emu).post(LIST, json=r.json())) == body


def test_yaml_answers_when_accept_asks_for_it(emu: Emulator) -> None:
    r = api(emu).post(LIST, data=SLACK.encode(), headers={**YAML, "Accept": "application/yaml"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/yaml")
    from_post = yaml.safe_load(r.text)
    got = api(emu).get("/api/v1/workflows/cli-test-workflow", headers={"Accept": "application/yaml"})
    assert got.headers["content-type"].startswith("application/yaml")
    assert yaml.safe_load(got.text) == from_post == api(emu).get("/api/v1/workflows/cli-test-workflow").json()
    assert got.text.startswith("name: CLI Test Workflowe\ntag: cli-test-workflow\n")
    listed = api(emu).get(LIST, headers={"Accept": "application/yaml"})
    assert yaml.safe_load(listed.text)["workflows"][0]["tag"] == "cli-test-workflow"


def test_upsert_by_tag(emu: Emulator) -> None:
    created(post_yaml(emu, SLACK))
    changed = created(post_yaml(emu, SLACK.replace("My test workflow.", "Changed.")))
    assert changed["description"] == "Changed."
    body = api(emu).get(LIST).json()
    assert body["total"] == 1 and body["workflows"][0]["description"] == "Changed."


def test_invalid_definitions_are_400_with_violations(emu: Emulator) -> None:
    bad = SLACK.replace("type: SLACK", "type: CARRIER_PIGEON").replace("tag: cli-test-workflow", "tag: 'no spaces'")
    r = post_yaml(emu, bad)
    assert r.status_code == 400
    validate_schema("OpenApiResponse", r.json())
    assert [v["pointer"] for v in r.json()["violations"]] == ["/tag", "/actions/0/schema/type"]
    malformed = api(emu).post(LIST, data=b"{oops", headers={"Content-Type": "application/json"})
    assert malformed.status_code == 400 and malformed.json()["violations"][0]["title"] == "Malformed JSON"
    listed = api(emu).post(LIST, data=b"- a\n", headers=YAML)
    assert listed.status_code == 400 and listed.json()["violations"][0]["title"] == "Not an object"
    assert api(emu).get(LIST).json()["workflows"] == []


def test_an_action_key_its_type_does_not_accept_is_400_naming_the_accepted_keys(emu: Emulator) -> None:
    """What the provider refuses at preview, the emulator refuses too (one table: contract/workflow_actions.py)."""
    bad = ASYNC.replace("type: HTTP_REQUEST_ASYNC", "type: HTTP_REQUEST").replace("payload:", "body:")
    bad = bad.replace("channel: deploys", "channel: deploys, mesage: x")
    r = post_yaml(emu, bad)
    assert r.status_code == 400, r.text
    validate_schema("OpenApiResponse", r.json())
    found = {v["pointer"]: v["description"] for v in r.json()["violations"]}
    assert set(found) == {"/actions/0/schema/body", "/actions/1/schema/mesage"}
    assert "accepted keys: headers, httpMethod, integration, integrationAlias, payload, type, url" in found["/actions/0/schema/body"]
    assert "(did you mean message?)" in found["/actions/1/schema/mesage"]
    assert api(emu).get(LIST).json()["workflows"] == []
    assert created(post_yaml(emu, ASYNC))["tag"] == "deploy"


def test_get_unknown_is_404(emu: Emulator) -> None:
    r = api(emu).get("/api/v1/workflows/nope")
    assert r.status_code == 404
    validate_response("get", ONE, 404, r.json())


def test_list_hides_actions_unless_asked(emu: Emulator) -> None:
    created(post_yaml(emu, SLACK))
    created(post_yaml(emu, RUNNABLE))
    r = api(emu, VIEWER_TOKEN).get(LIST, params={"includeActions": "False", "page": 0, "pageSize": 250})
    assert r.status_code == 200
    validate_response("get", LIST, 200, r.json())
    assert [w["actions"] for w in r.json()["workflows"]] == [[], []]
    full = api(emu).get(LIST, params={"includeActions": "True"}).json()
    validate_response("get", LIST, 200, full)
    assert [len(w["actions"]) for w in full["workflows"]] == [1, 1]


def test_list_search_and_pagination(emu: Emulator) -> None:
    created(post_yaml(emu, SLACK))
    created(post_yaml(emu, RUNNABLE))
    created(api(emu).post(LIST, json=HELLO_JSON))

    def tags(**params: Any) -> list[str]:
        return [w["tag"] for w in api(emu).get(LIST, params=params).json()["workflows"]]

    assert tags(searchQuery="run") == ["cli-test-run-workflow"]
    assert tags(searchQuery="SIMPLE") == ["hello-world"]
    assert tags(searchQuery="cli test") == ["cli-test-workflow", "cli-test-run-workflow"]
    assert tags(searchQuery="workflow") == ["cli-test-workflow", "cli-test-run-workflow", "hello-world"]
    assert tags(searchQuery="zzz") == []
    page = api(emu).get(LIST, params={"page": 1, "pageSize": 2}).json()
    assert (page["total"], page["totalPages"], [w["tag"] for w in page["workflows"]]) == (3, 2, ["hello-world"])


def test_validate_endpoint(emu: Emulator) -> None:
    good = api(emu, VIEWER_TOKEN).post("/api/v1/workflows/validate", data=SLACK.encode(), headers=YAML)
    assert good.status_code == 200
    validate_response("post", "/api/v1/workflows/validate", 200, good.json())
    assert good.json() == {"ok": True, "violations": []}
    as_json = api(emu).post("/api/v1/workflows/validate", json=HELLO_JSON)
    assert as_json.json() == {"ok": True, "violations": []}
    bad = api(emu).post("/api/v1/workflows/validate", data=b"name: x\nactions: []\n", headers=YAML)
    assert bad.status_code == 200
    validate_response("post", "/api/v1/workflows/validate", 200, bad.json())
    assert bad.json()["ok"] is False
    assert [v["pointer"] for v in bad.json()["violations"]] == ["/tag", "/actions"]
    assert api(emu).get(LIST).json()["workflows"] == []  # validation writes nothing


def test_delete(emu: Emulator) -> None:
    created(post_yaml(emu, SLACK))
    r = api(emu).delete("/api/v1/workflows/cli-test-workflow", json={})
    assert r.status_code == 200 and r.content == b""
    assert api(emu).get("/api/v1/workflows/cli-test-workflow").status_code == 404
    again = api(emu).delete("/api/v1/workflows/cli-test-workflow")
    assert again.status_code == 404
    validate_response("delete", ONE, 404, again.json())


def test_permissions(emu: Emulator) -> None:
    created(post_yaml(emu, SLACK))
    viewer = api(emu, VIEWER_TOKEN)
    denied = post_yaml(emu, RUNNABLE, token=VIEWER_TOKEN)
    assert denied.status_code == 403
    validate_response("post", LIST, 403, denied.json())
    assert viewer.delete("/api/v1/workflows/cli-test-workflow").status_code == 403
    assert viewer.get("/api/v1/workflows/cli-test-workflow").status_code == 200
    assert api(emu, None).get(LIST).status_code == 401


# --------------------------------------------------------------------------- runs


def test_run_completes(emu: Emulator) -> None:
    created(post_yaml(emu, RUNNABLE))
    r = api(emu).post("/api/v1/workflows/cli-test-run-workflow/runs", json={"scope": {"type": "GLOBAL"}})
    assert r.status_code == 200, r.text
    run = r.json()
    assert run["status"] == "COMPLETED" and run["workflowTag"] == "cli-test-run-workflow"
    assert len(run["id"]) == 18 and run["id"].startswith("wr")
    assert [(s["slug"], s["status"]) for s in run["actions"]] == [("no-op-transform", "COMPLETED")]
    got = api(emu, VIEWER_TOKEN).get(f"/api/v1/workflows/cli-test-run-workflow/runs/{run['id']}")
    assert got.status_code == 200 and got.json() == run
    assert api(emu).get("/api/v1/workflows/cli-test-run-workflow/runs/wr0000000000000000").status_code == 404


def test_run_keeps_context_and_run_as(emu: Emulator) -> None:
    created(post_yaml(emu, RUNNABLE))
    body = {"scope": {"type": "GLOBAL"}, "runAs": "ada@example.com", "initialContext": {"k": [1, 2]}}
    run = api(emu).post("/api/v1/workflows/cli-test-run-workflow/runs", json=body).json()
    assert run["runAs"] == "ada@example.com" and run["initialContext"] == {"k": [1, 2]}


@pytest.mark.parametrize(
    ("workflow", "body", "status"),
    [
        (SLACK, {"scope": {"type": "GLOBAL"}}, 400),  # not runnable via the API (and a draft)
        (RUNNABLE.replace("isDraft: false", "isDraft: true"), {"scope": {"type": "GLOBAL"}}, 400),
        (RUNNABLE, {"scope": {"type": "ENTITY", "entityId": "svc"}}, 400),  # a GLOBAL workflow
        (RUNNABLE, {"scope": {"type": "SOMEWHERE"}}, 400),
        (RUNNABLE, {"scope": "GLOBAL"}, 400),
        (RUNNABLE, {"initialContext": [1]}, 400),
        (ASYNC, {"scope": {"type": "GLOBAL"}}, 400),  # an ENTITY workflow
        (ASYNC, {"scope": {"type": "ENTITY"}}, 400),
        (ASYNC, {"scope": {"type": "ENTITY", "entityId": "nobody"}}, 404),
    ],
)
def test_run_errors(emu: Emulator, workflow: str, body: dict[str, Any], status: int) -> None:
    emu.register_entity("svc")
    definition = created(post_yaml(emu, workflow))
    r = api(emu).post(f"/api/v1/workflows/{definition['tag']}/runs", json=body)
    assert r.status_code == status, r.text
    validate_schema("ErrorResponse", r.json())


def test_run_of_unknown_workflow_and_permissions(emu: Emulator) -> None:
    assert api(emu).post("/api/v1/workflows/nope/runs", json={}).status_code == 404
    created(post_yaml(emu, RUNNABLE))
    assert api(emu, VIEWER_TOKEN).post("/api/v1/workflows/cli-test-run-workflow/runs", json={}).status_code == 403
    # No scope means GLOBAL.
    assert api(emu).post("/api/v1/workflows/cli-test-run-workflow/runs", json={}).json()["status"] == "COMPLETED"


def start_async(emu: Emulator) -> tuple[dict[str, Any], str]:
    entity = emu.register_entity("svc")
    created(post_yaml(emu, ASYNC))
    r = api(emu).post("/api/v1/workflows/deploy/runs", json={"scope": {"type": "ENTITY", "entityId": "svc"}})
    assert r.status_code == 200, r.text
    run: dict[str, Any] = r.json()
    assert run["scope"] == {"type": "ENTITY", "entityId": entity["id"], "entityTag": "svc"}
    (step,) = run["actions"]
    assert step["status"] == "WAITING_FOR_CALLBACK" and run["status"] == "RUNNING"
    return run, step["callbackId"]


def get_run(emu: Emulator, run: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = api(emu).get(f"/api/v1/workflows/deploy/runs/{run['id']}").json()
    return body


def callback(emu: Emulator, callback_id: str, token: str | None = None, tag: str = "deploy", **body: Any) -> requests.Response:
    session = api(emu) if token is None else api(emu, token)
    return session.post(f"/api/v1/workflows/{tag}/callback/{callback_id}", json=body)


def test_async_block_waits_for_success(emu: Emulator) -> None:
    run, callback_id = start_async(emu)
    update = callback(emu, callback_id, status="UPDATE", message="50%")
    assert update.status_code == 200 and update.content == b""
    waiting = get_run(emu, run)
    assert waiting["status"] == "RUNNING" and waiting["actions"][0]["updates"][0]["message"] == "50%"
    done = callback(emu, callback_id, status="SUCCESS", message="built", response={"sha": "abc"})
    assert done.status_code == 200
    finished = get_run(emu, run)
    assert finished["status"] == "COMPLETED"
    assert [(s["slug"], s["status"]) for s in finished["actions"]] == [("trigger", "COMPLETED"), ("announce", "COMPLETED")]
    assert finished["actions"][0]["response"] == {"sha": "abc"} and finished["actions"][0]["message"] == "built"
    late = callback(emu, callback_id, status="SUCCESS", message="again")
    assert late.status_code == 406
    validate_response("post", CALLBACK, 406, late.json())


def test_async_block_failure_fails_the_run(emu: Emulator) -> None:
    run, callback_id = start_async(emu)
    assert callback(emu, callback_id, status="FAILURE", message="red").status_code == 200
    failed = get_run(emu, run)
    assert failed["status"] == "FAILED" and [s["status"] for s in failed["actions"]] == ["FAILED"]
    assert callback(emu, callback_id, status="UPDATE", message="x").status_code == 406


@pytest.mark.parametrize(
    "body",
    [
        {"status": "DONE", "message": "x"},
        {"message": "x"},
        {"status": "SUCCESS"},
        {"status": "SUCCESS", "message": "x", "response": "not an object"},
    ],
)
def test_bad_callback_bodies_are_400(emu: Emulator, body: dict[str, Any]) -> None:
    _, callback_id = start_async(emu)
    r = callback(emu, callback_id, **body)
    assert r.status_code == 400
    validate_response("post", CALLBACK, 400, r.json())


def test_callback_not_found_and_permissions(emu: Emulator) -> None:
    run, callback_id = start_async(emu)
    created(post_yaml(emu, RUNNABLE))
    for tag, cid in (("deploy", "cb0000000000000000"), ("cli-test-run-workflow", callback_id), ("nope", callback_id)):
        r = callback(emu, cid, tag=tag, status="SUCCESS", message="x")
        assert r.status_code == 404, (tag, cid)
        validate_response("post", CALLBACK, 404, r.json())
    denied = callback(emu, callback_id, token=VIEWER_TOKEN, status="SUCCESS", message="x")
    assert denied.status_code == 403
    validate_response("post", CALLBACK, 403, denied.json())
    assert get_run(emu, run)["status"] == "RUNNING"


def test_deleting_a_workflow_drops_its_runs(emu: Emulator) -> None:
    run, callback_id = start_async(emu)
    assert api(emu).delete("/api/v1/workflows/deploy").status_code == 200
    created(post_yaml(emu, ASYNC))
    assert api(emu).get(f"/api/v1/workflows/deploy/runs/{run['id']}").status_code == 404
    assert callback(emu, callback_id, status="SUCCESS", message="x").status_code == 404


def test_conditional_branch_takes_the_fallback(emu: Emulator) -> None:
    definition = {
        "tag": "branchy", "name": "Branchy", "isRunnableViaApi": True,
        "actions": [
            {"name": "Decide", "slug": "decide", "isRootAction": True, "outgoingActions": [],
             "schema": {"type": "CONDITIONAL_BRANCH", "joiningAction": "end",
                        "branches": [{"name": "yes", "slug": "yes", "expression": "true", "outgoingAction": "left"}],
                        "fallbackBranch": {"name": "no", "slug": "no", "outgoingAction": "right"}}},
            {"name": "Left", "slug": "left", "outgoingActions": [], "schema": {"type": "JQ", "expression": "."}},
            {"name": "Right", "slug": "right", "outgoingActions": [], "schema": {"type": "JQ", "expression": "."}},
            {"name": "End", "slug": "end", "outgoingActions": [], "schema": {"type": "JAVASCRIPT", "script": "1"}},
        ],
    }
    created(api(emu).post(LIST, data=json.dumps(definition), headers={"Content-Type": "application/json"}))
    run = api(emu).post("/api/v1/workflows/branchy/runs", json={}).json()
    assert [s["slug"] for s in run["actions"]] == ["decide", "right", "end"]
    assert run["status"] == "COMPLETED"


def test_seed_section(emu: Emulator) -> None:
    from cortex_pulumi.emulator.seed import apply_seed

    apply_seed(emu.store, {"workflows": [SLACK, HELLO_JSON]})
    assert [w["tag"] for w in api(emu).get(LIST).json()["workflows"]] == ["cli-test-workflow", "hello-world"]
    with pytest.raises(ValueError, match="/actions"):
        apply_seed(emu.store, {"workflows": [RUNNABLE, {"tag": "t", "name": "n"}]})
    assert api(emu).get("/api/v1/workflows/cli-test-run-workflow").status_code == 404
