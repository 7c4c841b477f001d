"""The attrs models and the one camelCase converter: tolerant reading, validation, YAML/JSON round trips."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest
import yaml

from cortex_pulumi.client._json import ConversionError, camel_case, format_datetime, parse_datetime, structure
from cortex_pulumi.client.models import (
    CreateSecretRequest,
    CreateTeamRequest,
    CustomDeploy,
    DescriptorRule,
    IdpGroup,
    Ladder,
    LadderLevelDefinition,
    RuleExemptionRequest,
    SaveDeployRequest,
    ScorecardDescriptor,
    ScorecardResponse,
    TeamEdgeRequest,
    TeamMetadata,
    TeamResponse,
    WorkflowDefinition,
)
from tests.support import sample

CLI_SCORECARD = sample("cli-test-scorecard.yaml")

DEPLOY_HEALTH = """\
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
    - {name: Bronze, rank: 1, description: "b", color: "#CD7F32"}
    - {name: Gold, rank: 3, description: "g", color: "#D7AC58"}
rules:
  - title: Has at least one deploy
    expression: deploys(lookback=duration("P1Y")).length > 0
    weight: 1
    level: Bronze
  - title: Deployed in the last 7 days
    expression: deploys(lookback=duration("P7D")).length > 0
    weight: 2.5
    level: Gold
"""

CLI_WORKFLOW = sample("cli-test-workflow.yaml")


def test_camel_case_is_the_only_naming_rule() -> None:
    assert camel_case("is_draft") == "isDraft"
    assert camel_case("restrict_action_completion_to_runner_user") == "restrictActionCompletionToRunnerUser"
    assert camel_case("api_key_last4") == "apiKeyLast4"
    assert camel_case("tag") == "tag"


def test_descriptor_parses_the_cli_test_file_and_round_trips() -> None:
    d = ScorecardDescriptor.from_yaml(CLI_SCORECARD)
    assert d.tag == "cli-test-scorecard" and d.draft is False
    assert d.ladder is not None and d.ladder.levels[0].color == "7cf376"
    assert d.rules[0].filter is not None and d.rules[0].filter.category == "SERVICE"
    assert d.filter is not None and d.filter.query == 'entity.tag() == "cli-test-service"'
    again = ScorecardDescriptor.from_yaml(d.to_yaml())
    assert again == d
    # The rendered YAML is the same document (key order aside).
    assert yaml.safe_load(d.to_yaml()) == yaml.safe_load(CLI_SCORECARD)


def test_descriptor_newer_style_keeps_types_numbers_and_key_order() -> None:
    d = ScorecardDescriptor.from_yaml(DEPLOY_HEALTH)
    assert d.notifications is not None and d.notifications.score_drop_notifications_enabled is True
    assert d.exemptions is not None and d.exemptions.auto_approve is False
    assert d.evaluation is not None and d.evaluation.window == 24
    assert d.filter is not None and d.filter.types is not None and d.filter.types.include == ("service",)
    assert [r.weight for r in d.rules] == [1, 2.5]
    assert isinstance(d.rules[0].weight, int)
    text = d.to_yaml()
    assert list(yaml.safe_load(text))[:4] == ["tag", "name", "description", "draft"]
    assert "scoreDropNotificationsEnabled: true" in text and "autoApprove: false" in text
    assert yaml.safe_load(text) == yaml.safe_load(DEPLOY_HEALTH)


def test_descriptor_unknown_keys_are_kept_and_written_back() -> None:
    d = ScorecardDescriptor.from_yaml(CLI_SCORECARD + "futureSetting:\n  x: 1\n")
    assert d.extra == {"futureSetting": {"x": 1}}
    assert yaml.safe_load(d.to_yaml())["futureSetting"] == {"x": 1}


def test_descriptor_accepts_a_json_quoted_yaml_body() -> None:
    assert ScorecardDescriptor.from_yaml(json.dumps(CLI_SCORECARD)).tag == "cli-test-scorecard"


def test_descriptor_from_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sc.yaml"
    path.write_text(DEPLOY_HEALTH, encoding="utf-8")
    assert ScorecardDescriptor.from_file(path).tag == "deploy-health"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("name: x\n", "tag"),
        ("tag: x\nname: y\nrules:\n- title: r\n", "expression"),
        ("tag: x\nname: y\nrules: 5\n", "expected a list"),
        ("- a\n- b\n", "must be a mapping"),
        ("tag: [unclosed\n", "not valid YAML"),
        ("tag: x\nname: y\ndraft: maybe\n", "expected a boolean"),
    ],
)
def test_descriptor_errors_say_where(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        ScorecardDescriptor.from_yaml(text)


def test_descriptor_validates_rules_against_the_ladder() -> None:
    ladder = Ladder(levels=[LadderLevelDefinition(name="Bronze", rank=1)])
    with pytest.raises(ValueError, match=r"rules\[0\].level: 'Gold' is not a level of the ladder \(Bronze\)"):
        ScorecardDescriptor(
            tag="t",
            name="n",
            ladder=ladder,
            rules=[DescriptorRule(title="a", expression="true", level="Gold")],
        )
    with pytest.raises(ValueError, match="unique"):
        ScorecardDescriptor(tag="t", name="n", rules=[DescriptorRule(title="a", expression="x")] * 2)
    with pytest.raises(ValueError, match="non-empty"):
        ScorecardDescriptor(tag=" ", name="n")


def test_models_are_frozen_and_keyword_only() -> None:
    d = ScorecardDescriptor(tag="t", name="n")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        d.tag = "u"  # type: ignore[misc]
    with pytest.raises(TypeError):
        ScorecardDescriptor("t", "n")  # type: ignore[misc]
    assert attrs.evolve(d, name="m").name == "m"


def test_response_reading_tolerates_nulls_missing_and_extra_fields() -> None:
    body = {
        "tag": "sc",
        "name": "SC",
        "description": None,
        "isDraft": False,
        "lastUpdated": "2025-09-13T13:07:02.401Z",
        "notifications": None,
        "levels": None,
        "rules": [
            {
                "identifier": "id-1",
                "title": "R",
                "expression": "true",
                "weight": 1,
                "levelName": None,
                "effectiveFrom": "2024-01-01T00:00:00Z",
                "brandNew": [1, 2],
            },
        ],
        "someNewField": {"nested": True},
    }
    sc = ScorecardResponse.from_dict(body)
    assert sc.description is None and sc.levels == ()
    assert sc.last_updated == dt.datetime(2025, 9, 13, 13, 7, 2, 401000, tzinfo=dt.timezone.utc)
    assert sc.rules[0].extra == {"brandNew": [1, 2]}
    assert sc.extra == {"someNewField": {"nested": True}}
    assert sc.rule_identifiers == {"R": "id-1"}
    with pytest.raises(KeyError, match="no rule titled 'S'"):
        sc.rule_identifier("S")


def test_historical_team_payload_without_id_is_read() -> None:
    body = {
        "teamTag": "test-team-2",
        "catalogEntityTag": "test-team-2",
        "metadata": {"name": "Test Team 2", "description": None, "summary": None},
        "links": [],
        "slackChannels": [],
        "additionalMembers": [],
        "isArchived": False,
        "cortexTeam": {"members": [{"email": "j@cortex.io", "name": "J", "description": "", "role": None}]},
        "type": "CORTEX",
    }
    team = TeamResponse.from_dict(body)
    assert team.id is None and team.members[0].email == "j@cortex.io"
    assert team.members[0].notifications_enabled is True  # absent -> default
    assert team.extra == {"additionalMembers": []}


def test_deploy_reads_both_response_shapes() -> None:
    flat = CustomDeploy.from_dict(
        {
            "uuid": "u",
            "title": "t",
            "type": "DEPLOY",
            "timestamp": "2023-08-16T22:55:38.284Z",
            "deployerEmail": "a@b.c",
            "deployerName": "A",
            "serviceId": 7,
            "id": 3,
        }
    )
    nested = CustomDeploy.from_dict(
        {
            "uuid": "u",
            "title": "t",
            "type": "DEPLOY",
            "timestamp": "2023-08-16T22:55:38.284Z",
            "deployer": {"email": "a@b.c", "name": "A"},
            "customData": {"k": 1},
        }
    )
    assert flat.effective_deployer == nested.effective_deployer
    assert flat.service_id == 7 and nested.custom_data == {"k": 1}


def test_request_bodies_are_camel_case_without_nulls() -> None:
    body = SaveDeployRequest(
        title="t",
        timestamp=dt.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=dt.timezone.utc),
        custom_data={"snake_key": 1},
    ).to_dict()
    assert body == {
        "title": "t",
        "type": "DEPLOY",
        "timestamp": "2024-01-02T03:04:05.678Z",
        "customData": {"snake_key": 1},
    }
    assert RuleExemptionRequest(rule_identifier="r", reason="why").to_dict() == {
        "ruleIdentifier": "r",
        "reason": "why",
    }
    team = CreateTeamRequest(team_tag="t", metadata=TeamMetadata(name="T")).to_dict()
    assert team == {
        "teamTag": "t",
        "metadata": {"name": "T"},
        "type": "CORTEX",
        "links": [],
        "slackChannels": [],
        "cortexTeam": {"members": []},
    }
    idp = CreateTeamRequest(
        team_tag="t",
        type="IDP",
        metadata=TeamMetadata(name="T"),
        idp_group=IdpGroup(group="g@x", provider="OKTA"),
    ).to_dict()
    assert idp["idpGroup"] == {"group": "g@x", "provider": "OKTA"} and "cortexTeam" not in idp


def test_request_models_validate() -> None:
    with pytest.raises(ValueError):
        CreateTeamRequest(team_tag="t", type="IDP", metadata=TeamMetadata(name="T"))
    with pytest.raises(ValueError):
        IdpGroup(group="g", provider="MYSPACE")
    with pytest.raises(ValueError):
        SaveDeployRequest(title="t", type="ROLLOUT")
    with pytest.raises(ValueError):
        RuleExemptionRequest(rule_identifier="r", reason="x", days=-1)
    with pytest.raises(ValueError):
        TeamEdgeRequest(parent_team_tag="a", child_team_tag="a")
    with pytest.raises(ValueError):
        CreateSecretRequest(tag="has space", name="n", secret="v")


def test_secret_value_is_masked_in_repr() -> None:
    request = CreateSecretRequest(tag="db_pw", name="DB", secret="hunter2-plaintext")
    assert "hunter2" not in repr(request)
    assert request.to_dict()["secret"] == "hunter2-plaintext"


def test_workflow_yaml_and_json_round_trip() -> None:
    wf = WorkflowDefinition.from_yaml(CLI_WORKFLOW)
    assert wf.is_draft is True and wf.actions[0].schema.type == "SLACK"
    assert wf.actions[0].schema.settings == {
        "channel": "air-force",
        "message": "Workflow submitted by: {{context.initiatedBy.name}}",
    }
    assert WorkflowDefinition.from_json(wf.to_json()) == wf
    assert WorkflowDefinition.from_yaml(wf.to_yaml()) == wf
    document = json.loads(wf.to_json())
    assert document["actions"][0]["schema"] == {
        "type": "SLACK",
        "channel": "air-force",
        "message": "Workflow submitted by: {{context.initiatedBy.name}}",
    }
    assert document["restrictActionCompletionToRunnerUser"] is False and document["variables"] == []


def test_workflow_graph_is_validated() -> None:
    text = CLI_WORKFLOW.replace("outgoingActions: []", "outgoingActions: [nowhere]")
    with pytest.raises(ValueError, match="unknown actions"):
        WorkflowDefinition.from_yaml(text)


def test_datetimes() -> None:
    assert parse_datetime("2024-01-01T00:00:00Z") == dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    assert parse_datetime("2024-01-01T00:00:00.1234567+02:00").utcoffset() == dt.timedelta(hours=2)
    assert parse_datetime("2024-01-01T10:00:00").tzinfo == dt.timezone.utc
    assert (
        format_datetime(dt.datetime(2024, 1, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=2))))
        == "2024-01-01T10:00:00.000Z"
    )


def test_conversion_error_names_the_path() -> None:
    with pytest.raises(ConversionError) as info:
        structure(
            ScorecardResponse,
            {"tag": "t", "name": "n", "rules": [{"expression": "x"}, {"expression": 5.5, "weight": "w"}]},
        )
    assert info.value.path.startswith("rules[1]")


def test_a_missing_required_field_is_named_as_the_document_spells_it() -> None:
    with pytest.raises(ConversionError) as info:
        ScorecardDescriptor.from_yaml("tag: x\nrules: []\n")
    assert str(info.value) == "name: required field is missing"
    with pytest.raises(ConversionError) as nested:
        ScorecardDescriptor.from_yaml("tag: x\nname: X\nrules:\n- title: t\n")
    assert str(nested.value) == "rules[0].expression: required field is missing"
