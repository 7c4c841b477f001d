"""Workflow provider against the emulator: structured args and definition files, semantic diffs, adopt."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider._errors import CortexResourceError
from cortex_pulumi.provider.workflow import _WorkflowProvider
from tests.support import api

from .conftest import checked, failures

DATA = Path(__file__).parent / "data"
SLACK = {"name": "Say hi", "slug": "say-hi", "schema": {"type": "SLACK", "channel": "general", "message": "hi"},
         "outgoing_actions": ["finish"]}
JQ = {"name": "Finish", "slug": "finish", "schema": {"type": "JQ", "expression": ". | \"ok\""}}


def _wf(**over: Any) -> dict[str, Any]:
    return {"tag": "hello", "name": "Hello", "description": "says hi", "actions": [SLACK, JQ], **over}


def test_structured_lifecycle(make: Any, emu: Emulator) -> None:
    p = make(_WorkflowProvider)
    props = checked(p, _wf())
    created = p.create(props)
    assert created.id == "hello"
    outs = created.outs
    assert outs["filter"] == {"type": "GLOBAL"} and outs["is_draft"] is False
    assert outs["actions"][0]["is_root_action"] is True  # Cortex marks the first action as root
    assert p.diff("hello", outs, props).changes is False  # server-filled defaults are not a change

    # semantic comparison: action order, schema key order and float numbers do not matter
    reordered = checked(p, _wf(actions=[JQ, {**SLACK, "schema": {"message": "hi", "channel": "general", "type": "SLACK"},
                                             "is_root_action": True}]))
    assert p.diff("hello", outs, reordered).changes is False
    read = p.read("hello", outs)
    assert read.outs == outs and read.inputs is None  # unchanged in Cortex: the recorded inputs stay

    new = checked(p, _wf(actions=[{**SLACK, "schema": {**SLACK["schema"], "message": "hello"}}, JQ]))
    d = p.diff("hello", outs, new)
    assert d.changes is True and d.replaces == []
    emu.clear_requests()
    updated = p.update("hello", outs, new)
    assert [r["method"] for r in emu.requests(path_prefix="/api/v1/workflows")] == ["POST"]
    assert updated.outs["actions"][0]["schema"]["message"] == "hello"
    assert p.diff("hello", updated.outs, checked(p, _wf(tag="hello2"))).replaces == ["tag"]

    # drift: renamed out of band
    body = api(emu).get("/api/v1/workflows/hello").json()
    assert api(emu).post("/api/v1/workflows", json={**body, "name": "Renamed"}).status_code in (200, 201)
    drift = p.read("hello", updated.outs)
    assert drift.outs["name"] == "Renamed" and p.diff("hello", drift.outs, new).changes is True

    assert api(emu).delete("/api/v1/workflows/hello").status_code == 200
    assert p.read("hello", updated.outs).id == ""
    p.delete("hello", updated.outs)
    p.delete("hello", updated.outs)


def test_definition_file_yaml_and_json_are_the_same(make: Any, emu: Emulator) -> None:
    p = make(_WorkflowProvider)
    text = (DATA / "deploy-notify.yaml").read_text()
    props = checked(p, {"definition": text})
    assert props["tag"] == "deploy-notify" and props["filter"]["entity_types"] == ["service"]
    assert "definition" not in props  # recorded once, as the structured fields it expands to
    created = p.create(props)
    assert created.outs["filter"]["ownership_scope"] == "ALL"
    assert p.diff(created.id, created.outs, props).changes is False
    as_json = json.dumps(yaml.safe_load(text), indent=4, sort_keys=True)
    assert p.diff(created.id, created.outs, checked(p, {"definition": as_json})).changes is False
    changed = text.replace("Deployed {{context.entity.tag}}", "Shipped {{context.entity.tag}}")
    assert p.diff(created.id, created.outs, checked(p, {"definition": changed})).changes is True


def test_existing_workflow_is_not_overwritten_without_adopt(make: Any, emu: Emulator) -> None:
    body = {"tag": "hello", "name": "Theirs", "isDraft": False, "filter": {"type": "GLOBAL"},
            "actions": [{"name": "x", "slug": "x", "schema": {"type": "JQ", "expression": "."},
                         "isRootAction": True, "outgoingActions": []}]}
    assert api(emu).post("/api/v1/workflows", json=body).status_code in (200, 201)
    p = make(_WorkflowProvider, previewChecks="false")  # create's own check (an object made after preview)
    with pytest.raises(CortexResourceError, match="adopt=True"):
        p.create(checked(p, _wf()))
    assert api(emu).get("/api/v1/workflows/hello").json()["name"] == "Theirs"
    adopted = p.create(checked(p, _wf(adopt=True)))
    assert adopted.outs["name"] == "Hello"


def test_server_validation_is_opt_in(make: Any, emu: Emulator) -> None:
    bad = _wf(actions=[{"name": "x", "slug": "x", "schema": {"type": "SLACK", "channel": "c"}}])
    assert failures(make(_WorkflowProvider), bad) == {}
    emu.clear_requests()
    got = failures(make(_WorkflowProvider, validateWithServer=True), bad)
    assert got and all("Cortex rejects" in reason for reason in got.values()), got
    assert emu.requests("POST", "/api/v1/workflows/validate")


@pytest.mark.parametrize(
    ("news", "field"),
    [
        ({"name": "n", "actions": []}, "tag"),
        (_wf(name=None), "name"),
        (_wf(is_draft="no"), "is_draft"),
        (_wf(filter={"type": "SOMEWHERE"}), "filter.type"),
        (_wf(filter={"type": "GLOBAL", "ownership_scope": "OWNER"}), "filter"),
        (_wf(filter={"type": "ENTITY", "ownership_scope": "ME"}), "filter.ownership_scope"),
        (_wf(variables=[{"slug": "a", "type": "TEXT"}]), "variables[0].type"),
        (_wf(variables=[{"slug": "a"}, {"slug": "a"}]), "variables[1]"),
        (_wf(run_restriction_policies=[{"id": "u1", "type": "GROUP"}]), "run_restriction_policies[0].type"),
        (_wf(actions=[{**SLACK, "slug": None}]), "actions[0].slug"),
        (_wf(actions=[{"name": "a", "slug": "a"}]), "actions[0].schema"),
        (_wf(actions=[{"name": "a", "slug": "a", "schema": {"channel": "c"}}]), "actions[0].schema.type"),
        (_wf(actions=[SLACK, SLACK]), "actions[1]"),
        (_wf(actions=[SLACK]), "actions[0].outgoing_actions"),
        (_wf(actions=[{**JQ, "isRootAction": True}]), "actions[0].isRootAction"),
        ({"definition": "tag: [unclosed"}, "definition"),
        ({"definition": "tag: x\nname: y\nactions: 3\n"}, "definition"),
        ({"definition": (DATA / "deploy-notify.yaml").read_text(), "name": "x"}, "name"),
        ({"definition": (DATA / "deploy-notify.yaml").read_text(), "tag": "other"}, "tag"),
    ],
)
def test_check_failures(make: Any, news: dict[str, Any], field: str) -> None:
    got = failures(make(_WorkflowProvider), news)
    assert field in got, got


def test_unknown_definition_in_preview_is_a_change_not_a_replace(make: Any) -> None:
    from pulumi.output import Unknown

    p = make(_WorkflowProvider)
    result = p.check({}, {"definition": Unknown(), "adopt": True})
    assert result.failures == []
    d = p.diff("hello", {"tag": "hello", "name": "Hello"}, {"definition": Unknown()})
    assert d.changes is True and d.replaces == []
