"""Unit tests of workflow definition parsing, validation and normalisation."""

from __future__ import annotations

import json
from pathlib import Path

import cortexapps_cli
import pytest

from cortex_pulumi.emulator.services import workflow_model as wm
from tests.support import sample

SOLUTIONS = Path(cortexapps_cli.__file__).parent / "solutions"
SHIPPED = sorted(p for p in SOLUTIONS.rglob("*.yaml") if "/.github/" not in str(p) and "actions:" in p.read_text())

CLI_TEST = sample("cli-test-workflow.yaml")


def violations(text: str, content_type: str = "application/yaml") -> list[str]:
    with pytest.raises(wm.WorkflowError) as info:
        wm.load(text, content_type)
    return [v["pointer"] for v in info.value.violations]


def test_the_cli_test_workflow_normalises_with_defaults() -> None:
    definition = wm.load(CLI_TEST, "application/yaml")
    assert list(definition) == [
        "name", "tag", "description", "isDraft", "isRunnableViaApi", "restrictActionCompletionToRunnerUser",
        "filter", "runRestrictionPolicies", "variables", "actions",
    ]
    assert definition["isDraft"] is True and definition["isRunnableViaApi"] is False
    assert definition["restrictActionCompletionToRunnerUser"] is False
    assert definition["variables"] == [] and definition["runRestrictionPolicies"] == []
    # Nulls are "unset": they are not echoed back (the schema types these fields as strings).
    assert "runResponseTemplate" not in definition and "iconTag" not in definition
    assert definition["actions"][0] == {
        "name": "Send message",
        "slug": "send-message",
        "schema": {"channel": "air-force", "message": "Workflow submitted by: {{context.initiatedBy.name}}", "type": "SLACK"},
        "outgoingActions": [],
        "isRootAction": True,
    }


def test_json_and_yaml_give_the_same_definition() -> None:
    definition = wm.load(CLI_TEST, "application/yaml")
    assert wm.load(json.dumps(definition), "application/json") == definition
    assert wm.load(json.dumps(definition), "application/json; charset=utf-8") == definition
    # Without a JSON content type the body is read as YAML, of which JSON is a subset.
    assert wm.load(json.dumps(definition), "") == definition


def test_entity_filters_default_their_ownership_scope() -> None:
    text = CLI_TEST.replace("type: GLOBAL", "type: ENTITY")
    assert wm.load(text, "application/yaml")["filter"] == {"type": "ENTITY", "ownershipScope": "ALL"}


def test_missing_filter_means_global_and_first_action_is_the_root() -> None:
    text = "tag: w\nname: W\nactions:\n- {name: a, slug: a, schema: {type: JQ, expression: '.'}, outgoingActions: [b]}\n" \
           "- {name: b, slug: b, schema: {type: JAVASCRIPT, script: x}}\n"
    definition = wm.load(text, "application/yaml")
    assert definition["filter"] == {"type": "GLOBAL"}
    assert [a["isRootAction"] for a in definition["actions"]] == [True, False]
    assert definition["actions"][1]["outgoingActions"] == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_workflows_shipped_with_the_cli_are_accepted(path: Path) -> None:
    definition = wm.load(path.read_text(), "application/yaml")
    assert definition["actions"]


def test_there_are_shipped_workflows_to_check() -> None:
    assert len(SHIPPED) >= 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: W\nactions: []\n", ["/tag", "/actions"]),
        ("tag: w\nactions: [{name: a, slug: a, schema: {type: JQ, expression: x}}]\n", ["/name"]),
        ("tag: w\nname: W\n", ["/actions"]),
        ("tag: 'w w'\nname: W\nactions: [{name: a, slug: a, schema: {type: JQ, expression: x}}]\n", ["/tag"]),
        ("tag: w\nname: W\nisDraft: 'no'\nactions: [{name: a, slug: a, schema: {type: JQ, expression: x}}]\n", ["/isDraft"]),
        ("tag: w\nname: W\ndescription: 5\nactions: [{name: a, slug: a, schema: {type: JQ, expression: x}}]\n", ["/description"]),
        ("tag: w\nname: W\nactions: [{slug: a, schema: {type: JQ, expression: x}}]\n", ["/actions/0/name"]),
        ("tag: w\nname: W\nactions: [{name: a, schema: {type: JQ, expression: x}}]\n", ["/actions/0/slug"]),
        ("tag: w\nname: W\nactions: [{name: a, slug: a}]\n", ["/actions/0/schema"]),
        ("tag: w\nname: W\nactions: [{name: a, slug: a, schema: {expression: x}}]\n", ["/actions/0/schema/type"]),
        ("tag: w\nname: W\nactions: [{name: a, slug: a, schema: {type: TELEPORT}}]\n", ["/actions/0/schema/type"]),
        ("tag: w\nname: W\nactions: [{name: a, slug: a, schema: {type: SLACK, channel: c}}]\n", ["/actions/0/schema/message"]),
        (
            "tag: w\nname: W\nactions: [{name: a, slug: a, schema: {type: HTTP_REQUEST, url: u, httpMethod: FETCH, headers: {}}}]\n",
            ["/actions/0/schema/httpMethod"],
        ),
        (
            "tag: w\nname: W\nactions:\n- {name: a, slug: a, schema: {type: JQ, expression: x}}\n- {name: b, slug: a, schema: {type: JQ, expression: x}}\n",
            ["/actions/1/slug"],
        ),
        (
            "tag: w\nname: W\nactions:\n- {name: a, slug: a, isRootAction: true, schema: {type: JQ, expression: x}}\n"
            "- {name: b, slug: b, isRootAction: true, schema: {type: JQ, expression: x}}\n",
            ["/actions/1/isRootAction"],
        ),
        (
            "tag: w\nname: W\nactions: [{name: a, slug: a, outgoingActions: [ghost], schema: {type: JQ, expression: x}}]\n",
            ["/actions/0/outgoingActions/0"],
        ),
        ("tag: w\nname: W\nactions: [plain]\n", ["/actions/0"]),
        ("tag: w\nname: W\nfilter: {type: SOMETIMES}\nactions: [{name: a, slug: a, schema: {type: JQ, expression: x}}]\n", ["/filter/type"]),
        (
            "tag: w\nname: W\nfilter: {type: ENTITY, ownershipScope: ANYONE}\nactions: [{name: a, slug: a, schema: {type: JQ, expression: x}}]\n",
            ["/filter/ownershipScope"],
        ),
        (
            "tag: w\nname: W\nvariables: [{slug: v, type: TEXT}]\nactions: [{name: a, slug: a, schema: {type: JQ, expression: x}}]\n",
            ["/variables/0/type"],
        ),
        (
            "tag: w\nname: W\nvariables: [{slug: v, type: STRING}, {slug: v, type: NUMBER}]\nactions: [{name: a, slug: a, schema: {type: JQ, expression: x}}]\n",
            ["/variables/1/slug"],
        ),
        (
            "tag: w\nname: W\nrunRestrictionPolicies: [{id: x, type: ROBOT}]\nactions: [{name: a, slug: a, schema: {type: JQ, expression: x}}]\n",
            ["/runRestrictionPolicies/0/type"],
        ),
        ("tag: w\nname: W\nrunRestrictionPolicies: [7]\nactions: [{name: a, slug: a, schema: {type: JQ, expression: x}}]\n", ["/runRestrictionPolicies/0"]),
    ],
)
def test_invalid_definitions_name_the_field(text: str, expected: list[str]) -> None:
    assert violations(text) == expected


@pytest.mark.parametrize(
    ("text", "content_type", "title"),
    [
        ("{not json", "application/json", "Malformed JSON"),
        ("tag: [x", "application/yaml", "Malformed YAML"),
        ("[1, 2]", "application/json", "Not an object"),
        ("- a", "application/yaml", "Not an object"),
        ("", "application/yaml", "Not an object"),
    ],
)
def test_unreadable_documents(text: str, content_type: str, title: str) -> None:
    with pytest.raises(wm.WorkflowError) as info:
        wm.load(text, content_type)
    assert [v["title"] for v in info.value.violations] == [title]


def test_violations_carry_lines_for_json_too() -> None:
    text = '{\n  "tag": "w",\n  "name": "W",\n  "actions": [\n    {"name": "a", "slug": "a", "schema": {"type": "NOPE"}}\n  ]\n}\n'
    with pytest.raises(wm.WorkflowError) as info:
        wm.load(text, "application/json")
    (violation,) = info.value.violations
    assert violation["pointer"] == "/actions/0/schema/type" and violation["startLine"] == 5


def test_search_matches_name_or_description_case_insensitively() -> None:
    definition = wm.load(CLI_TEST, "application/yaml")
    assert wm.matches(definition, None) and wm.matches(definition, "")
    assert wm.matches(definition, "workflowe") and wm.matches(definition, "TEST WORKFLOW.")
    assert not wm.matches(definition, "deploy")


@pytest.mark.parametrize(
    ("text", "content_type"),
    [
        ('{"a":' * 3000 + "1" + "}" * 3000, "application/json"),
        ("a: " + "[" * 5000 + "]" * 5000, "application/yaml"),
        ('{"tag": "t", "name": "n", "actions": [{"name": "a", "slug": "a", "schema": {"type": "JQ", "expression": "x", '
         '"deep": ' + "[" * 900 + "]" * 900 + "}}]}", "application/json"),
    ],
)
def test_absurdly_deep_documents_are_violations_not_crashes(text: str, content_type: str) -> None:
    with pytest.raises(wm.WorkflowError) as info:
        wm.load(text, content_type)
    assert [v["title"] for v in info.value.violations] == ["Too deeply nested"]
