"""Unit tests of scorecard descriptor validation, normalisation and rendering."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import yaml

from cortex_pulumi.emulator.services import scorecard_descriptor as sd
from tests.support import api

FULL = """\
tag: deploy-health
name: Deploy Health
description: Measures deployment cadence.
draft: false
notifications:
  enabled: true
  scoreDropNotificationsEnabled: true
exemptions:
  enabled: true
  autoApprove: false
  userSpecificNotifications: true
evaluation:
  window: 24
filter:
  kind: GENERIC
  types:
    include:
      - service
  query: hasGroup("demo")
ladder:
  name: Default Ladder
  levels:
    - {name: Gold, rank: 3, description: "best", color: "#D7AC58"}
    - {name: Bronze, rank: 1, color: "#CD7F32"}
    - {name: Silver, rank: 2, color: "#C0C0C0"}
rules:
  - title: Has at least one deploy
    description: At least one deployment in the last year.
    expression: deploys(lookback=duration("P1Y")).length > 0
    weight: 2
    level: Bronze
    failureMessage: Deploy something
    effectiveFrom: 2024-01-01T00:00:00Z
    filter:
      groups: {exclude: [legacy]}
  - title: Deployed in the last 7 days
    expression: deploys(lookback=duration("P7D")).length > 0
    level: Gold
"""

MINIMAL = "tag: t1\nname: T1\nrules:\n- title: ok\n  expression: 'true'\n"


def violations_of(text: str) -> list[dict[str, object]]:
    with pytest.raises(sd.DescriptorError) as info:
        sd.parse(text)
    return info.value.violations


def pointers(text: str) -> list[object]:
    return [v["pointer"] for v in violations_of(text)]


def test_minimal_descriptor_reads_back_as_posted() -> None:
    descriptor = sd.parse(MINIMAL)
    assert descriptor == {"tag": "t1", "name": "T1", "rules": [{"title": "ok", "expression": "true"}]}


def test_effective_settings_fill_the_documented_defaults() -> None:
    settings = sd.effective(sd.parse(MINIMAL))
    assert settings["draft"] is False
    assert settings["notifications"] == {"enabled": True, "scoreDropNotificationsEnabled": False}
    assert settings["exemptions"] == {"enabled": True, "autoApprove": False}
    assert settings["evaluation"] == {"window": 4}
    assert settings["rules"] == [{"title": "ok", "expression": "true", "weight": 1}]


def test_draft_scorecards_default_notifications_off() -> None:
    descriptor = sd.parse(MINIMAL + "draft: true\n")
    assert "notifications" not in descriptor
    assert sd.effective(descriptor)["notifications"]["enabled"] is False


def test_partial_settings_blocks_read_back_as_posted() -> None:
    descriptor = sd.parse(MINIMAL + "exemptions: {enabled: false}\nnotifications: {}\nevaluation: {}\n")
    assert descriptor["exemptions"] == {"enabled": False}
    assert descriptor["notifications"] == {}
    assert descriptor["evaluation"] == {}
    settings = sd.effective(descriptor)
    assert settings["exemptions"] == {"enabled": False, "autoApprove": False}
    assert settings["evaluation"] == {"window": 4}


def test_full_descriptor_normalisation() -> None:
    descriptor = sd.parse(FULL)
    assert list(descriptor) == [
        "tag", "name", "description", "draft", "notifications", "exemptions", "evaluation", "ladder", "rules", "filter",
    ]
    # Levels come back in the order posted (Gold 3, Bronze 1, Silver 2); only scoring sorts them by rank.
    assert [lv["name"] for lv in descriptor["ladder"]["levels"]] == ["Gold", "Bronze", "Silver"]
    assert [lv["name"] for lv in sd.effective(descriptor)["ladder"]["levels"]] == ["Bronze", "Silver", "Gold"]
    assert list(descriptor["ladder"]["levels"][0]) == ["name", "rank", "description", "color"]
    assert descriptor["exemptions"]["userSpecificNotifications"] is True
    first, second = descriptor["rules"]
    assert list(first) == ["title", "description", "expression", "weight", "level", "failureMessage", "effectiveFrom", "filter"]
    # YAML turns an unquoted timestamp into a datetime; it is stored as ISO-8601 UTC text.
    assert first["effectiveFrom"] == "2024-01-01T00:00:00Z"
    assert "weight" not in second
    assert descriptor["filter"] == {"kind": "GENERIC", "types": {"include": ["service"]}, "query": 'hasGroup("demo")'}


def test_yaml_round_trip_is_stable() -> None:
    descriptor = sd.parse(FULL)
    text = sd.to_yaml(descriptor)
    assert sd.parse(text) == descriptor
    assert sd.to_yaml(sd.parse(text)) == text
    assert text.startswith("tag: deploy-health\nname: Deploy Health\n")


def test_json_rendering() -> None:
    descriptor = sd.parse(FULL)
    body = sd.to_json(descriptor, "2025-01-01T00:00:00.000Z")
    assert body["isDraft"] is False and body["lastUpdated"] == "2025-01-01T00:00:00.000Z"
    assert body["exemptions"] == {"enabled": True, "autoApprove": False}
    assert body["levels"] == [
        {"level": {"name": "Gold", "number": 3}},
        {"level": {"name": "Bronze", "number": 1}},
        {"level": {"name": "Silver", "number": 2}},
    ]
    assert body["evaluation"] == {"window": 24}
    # A rule without a weight in a laddered scorecard shows the documented default of 1.
    assert body["rules"][1]["weight"] == 1
    assert body["filter"] == {"types": {"include": ["service"], "exclude": []}, "query": 'hasGroup("demo")'}
    rule = body["rules"][0]
    assert rule["levelName"] == "Bronze" and rule["weight"] == 2
    assert rule["filter"] == {"groups": {"include": [], "exclude": ["legacy"]}}
    assert "level" not in rule


def test_points_only_rules_show_only_a_posted_weight() -> None:
    text = "tag: p\nname: P\nrules:\n- {title: a, expression: 'true', weight: 3}\n- {title: b, expression: 'true'}\n"
    rules = sd.to_json(sd.parse(text), "x")["rules"]
    assert rules[0]["weight"] == 3
    assert "weight" not in rules[1]
    assert "levels" not in sd.to_json(sd.parse(text), "x")


def test_nulls_count_as_not_given() -> None:
    descriptor = sd.parse(MINIMAL + "description: null\nevaluation: null\nfilter: {query: null}\n")
    assert "description" not in descriptor and "evaluation" not in descriptor
    assert descriptor["filter"] == {}


def test_rule_identifiers_are_name_based_uuids() -> None:
    descriptor = sd.parse(FULL)
    ids = [r["identifier"] for r in sd.to_json(descriptor, "x")["rules"]]
    assert len(set(ids)) == 2
    for ident in ids:
        assert uuid.UUID(ident).version == 3
    # Changing the expression keeps the identifier; renaming the rule or the scorecard changes it.
    edited = sd.parse(FULL.replace('duration("P7D")', 'duration("P14D")'))
    assert [r["identifier"] for r in sd.to_json(edited, "x")["rules"]] == ids
    retitled = sd.parse(FULL.replace("Deployed in the last 7 days", "Deployed this week"))
    assert sd.to_json(retitled, "x")["rules"][1]["identifier"] != ids[1]
    renamed = sd.parse(FULL.replace("tag: deploy-health", "tag: deploy-health-2"))
    assert sd.to_json(renamed, "x")["rules"][0]["identifier"] != ids[0]
    assert sd.find_rule(descriptor, ids[1]) == descriptor["rules"][1]
    assert sd.find_rule(descriptor, str(uuid.uuid4())) is None


def test_untitled_rules_are_identified_by_expression() -> None:
    descriptor = sd.parse("tag: t\nname: n\nrules:\n- expression: 'true'\n- expression: 'false'\n")
    ids = {r["identifier"] for r in sd.to_json(descriptor, "x")["rules"]}
    assert len(ids) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: n\nrules: []\n", ["/tag"]),
        ("tag: t\nrules: []\n", ["/name"]),
        ("tag: t\nname: n\n", ["/rules"]),
        ("tag: t\nname: n\nrules:\n- title: x\n", ["/rules/0/expression"]),
        ("tag: t\nname: n\nrules:\n- title: x\n  expression: '  '\n", ["/rules/0/expression"]),
        ("tag: '-bad'\nname: n\nrules: []\n", ["/tag"]),
        ("tag: 'a b'\nname: n\nrules: []\n", ["/tag"]),
        (f"tag: {'a' * 101}\nname: n\nrules: []\n", ["/tag"]),
        ("tag: 12\nname: n\nrules: []\n", ["/tag"]),
        ("tag: t\nname: n\ndraft: 'yes'\nrules: []\n", ["/draft"]),
        ("tag: t\nname: n\nrules: {}\n", ["/rules"]),
        ("tag: t\nname: n\nrules: ['x']\n", ["/rules/0"]),
        ("tag: t\nname: n\nnotifications: {enabled: 1}\nrules: []\n", ["/notifications/enabled"]),
        ("tag: t\nname: n\nexemptions: {autoApprove: 'no'}\nrules: []\n", ["/exemptions/autoApprove"]),
        ("tag: t\nname: n\nevaluation: {window: 0}\nrules: []\n", ["/evaluation/window"]),
        ("tag: t\nname: n\nevaluation: {window: 1.5}\nrules: []\n", ["/evaluation/window"]),
        ("tag: t\nname: n\nfilter: {kind: SPECIAL}\nrules: []\n", ["/filter/kind"]),
        ("tag: t\nname: n\nfilter: {category: WIDGET}\nrules: []\n", ["/filter/category"]),
        ("tag: t\nname: n\nfilter: {types: {include: [a], exclude: [b]}}\nrules: []\n", ["/filter/types"]),
        ("tag: t\nname: n\nfilter: {groups: {include: a}}\nrules: []\n", ["/filter/groups/include"]),
        ("tag: t\nname: n\nfilter: {groups: {include: [1]}}\nrules: []\n", ["/filter/groups/include/0"]),
        ("tag: t\nname: n\nfilter: {query: 3}\nrules: []\n", ["/filter/query"]),
        ("tag: t\nname: n\nrules:\n- {title: a, expression: 'true', weight: '2'}\n", ["/rules/0/weight"]),
        ("tag: t\nname: n\nrules:\n- {title: a, expression: 'true', weight: -1}\n", ["/rules/0/weight"]),
        ("tag: t\nname: n\nrules:\n- {title: a, expression: 'true', level: Gold}\n", ["/rules/0/level"]),
        ("tag: t\nname: n\nrules:\n- {title: a, expression: 'true'}\n- {title: a, expression: 'false'}\n", ["/rules/1/title"]),
        ("tag: t\nname: n\nrules:\n- {expression: 'true'}\n- {expression: 'true'}\n", ["/rules/1"]),
        ("tag: t\nname: n\nrules:\n- {title: a, expression: 'true', effectiveFrom: soon}\n", ["/rules/0/effectiveFrom"]),
        (
            "tag: t\nname: n\nrules:\n- {title: a, expression: 'true', filter: {types: {include: [a], exclude: [b]}}}\n",
            ["/rules/0/filter/types"],
        ),
        ("tag: t\nname: n\nladder: {levels: []}\nrules: []\n", ["/ladder/levels"]),
        ("tag: t\nname: n\nladder: {name: L}\nrules: []\n", ["/ladder/levels"]),
        ("tag: t\nname: n\nladder: {levels: [{name: A, color: c}]}\nrules: []\n", ["/ladder/levels/0/rank"]),
        ("tag: t\nname: n\nladder: {levels: [{name: A, rank: 1}]}\nrules: []\n", ["/ladder/levels/0/color"]),
        ("tag: t\nname: n\nladder: {levels: [{name: A, rank: 0, color: c}]}\nrules: []\n", ["/ladder/levels/0/rank"]),
        (
            "tag: t\nname: n\nladder: {levels: [{name: A, rank: 1, color: c}, {name: B, rank: 1, color: c}]}\nrules: []\n",
            ["/ladder/levels/1/rank"],
        ),
        (
            "tag: t\nname: n\nladder: {levels: [{name: A, rank: 1, color: c}, {name: A, rank: 2, color: c}]}\nrules: []\n",
            ["/ladder/levels/1/name"],
        ),
        (
            "tag: t\nname: n\nladder: {levels: [{name: A, rank: 1, color: c}]}\nrules:\n- {title: r, expression: 'true', level: B}\n",
            ["/rules/0/level"],
        ),
        ("tag: t\nname: n\nladder: {levels: ['A']}\nrules: []\n", ["/ladder/levels/0"]),
    ],
)
def test_invalid_descriptors_name_the_field(text: str, expected: list[str]) -> None:
    assert pointers(text) == expected


def test_every_violation_is_reported_with_lines() -> None:
    found = violations_of("tag: 'x y'\nname: 5\nrules:\n- title: a\n  weight: nope\n")
    assert [v["pointer"] for v in found] == ["/tag", "/name", "/rules/0/expression", "/rules/0/weight"]
    by_pointer = {v["pointer"]: v for v in found}
    assert by_pointer["/tag"]["startLine"] == 1
    assert by_pointer["/name"]["startLine"] == 2
    assert by_pointer["/rules/0/weight"]["startLine"] == 5
    # A missing field points at the nearest enclosing node: the rule mapping starting on line 4.
    assert by_pointer["/rules/0/expression"]["startLine"] == 4
    for v in found:
        assert v["violationType"] == "MUST" and v["paths"] == [v["pointer"]] and v["title"] and v["description"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("tag: [unclosed\n", "Malformed YAML"),
        ("tag: t\n  name: bad indent\n", "Malformed YAML"),
        ("a: 1\n---\nb: 2\n", "Malformed YAML"),
        ("- just\n- a list\n", "Not a mapping"),
        ("plain text\n", "Not a mapping"),
        ("", "Not a mapping"),
        ("42", "Not a mapping"),
    ],
)
def test_documents_that_are_not_descriptors(text: str, title: str) -> None:
    (violation,) = violations_of(text)
    assert violation["title"] == title
    assert violation["pointer"] == "/"


def test_malformed_yaml_reports_the_line() -> None:
    (violation,) = violations_of("tag: t\nname: n\nrules: [\n  {a: 1\n")
    assert violation["title"] == "Malformed YAML"
    assert isinstance(violation["startLine"], int) and violation["startLine"] >= 3


def test_unknown_keys_are_dropped() -> None:
    descriptor = sd.parse(MINIMAL + "somethingElse: 1\n")
    assert "somethingElse" not in descriptor


def test_yaml_output_is_a_plain_mapping() -> None:
    assert isinstance(yaml.safe_load(sd.to_yaml(sd.parse(FULL))), dict)


def test_absurdly_deep_documents_are_violations_not_crashes() -> None:
    (violation,) = violations_of("tag: " + "[" * 5000 + "]" * 5000 + "\n")
    assert violation["title"] == "Too deeply nested"


@pytest.mark.parametrize("query", ["false", "true"])
def test_malformed_cql_is_refused_on_save_and_dry_run(emu: Any, query: str) -> None:
    text = ("tag: bad\nname: Bad\nfilter: {query: 'hasGroup(\"a\"'}\nrules:\n"
            "- {title: a, expression: 'deploys(lookback=\"P14D\").length > 0'}\n"
            "- {title: b, expression: 'custom(\"owner\") !='}\n- {title: c, expression: 'jira.issues().length == 0'}\n")
    r = api(emu).post(f"/api/v1/scorecards/descriptor?dryRun={query}", data=text,
                      headers={"Content-Type": "application/yaml"})
    assert r.status_code == 400, r.text
    found = {v["pointer"]: v["description"] for v in r.json()["violations"]}
    assert set(found) == {"/filter/query", "/rules/0/expression", "/rules/1/expression"}, found
    assert "takes a duration" in found["/rules/0/expression"] and "position 17" in found["/rules/0/expression"]
    assert "expected a value at position 18" in found["/rules/1/expression"]
    assert api(emu).get("/api/v1/scorecards/bad").status_code == 404
