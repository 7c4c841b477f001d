"""The summary on the recorded engine previews (goldens) and on small hand-made documents (edge cases)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cortex_pulumi.summary import PreviewFormatError, from_document, parse, render, summarize
from cortex_pulumi.summary.kinds import missing_summaries, summary_of_type
from cortex_pulumi.summary.markdown import FOLD_AFTER
from tests.summary.goldens import STAGES, data_path, golden_path, rendered

TEAM = "pulumi-python:dynamic/cortex:Team"


def step(op: str, name: str, old: dict[str, Any] | None, new: dict[str, Any] | None, type_: str = TEAM,
         **extra: Any) -> dict[str, Any]:
    urn = f"urn:pulumi:prod::infra::{type_}::{name}"
    out: dict[str, Any] = {"op": op, "urn": urn, **extra}
    if old is not None:
        out["oldState"] = {"urn": urn, "type": type_, "inputs": {"__provider": "blob", **old}}
    if new is not None:
        out["newState"] = {"urn": urn, "type": type_, "inputs": {"__provider": "blob", **new}}
    return out


def text_of(*steps: dict[str, Any], fmt: str = "text", drift: bool | None = None) -> str:
    return render(summarize(from_document({"steps": list(steps)}), drift), fmt)


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_recorded_previews_match_the_goldens(stage: str, fmt: str) -> None:
    document = json.loads(data_path(stage).read_text())
    assert rendered(document, fmt) == golden_path(stage, fmt).read_text()


def test_goldens_show_every_kind_of_change() -> None:
    change = golden_path("change", "text").read_text()
    for expected in (
        'Rule "Has a runbook": level Silver → Bronze',
        'Rule added: "Has SLOs" (level "Gold")',
        'Rule removed: "Has an owner"',
        'Level added: "Gold" (rank 3)',
        "Evaluation window: 24 h → 12 h",
        'Member added: "Linus Torvalds" linus@example.com',
        'Member removed: "Grace Hopper" grace@example.com',
        "Archived",
        "Edges added (1):",
        "Edges removed (2):",
        "Renamed: Webhook token → Release webhook token",
        "Value rotated",
        "Value written again (version 1 → 2)",
        "Action added: page",
        "Action removed: log",
        "url https://hooks.example.com/release → https://hooks.example.com/v2/release",
        "Commit: 3f2c2d8a9b1e → b7e41c09d2aa",
        "Reason: Rotation starts next quarter → Rotation starts next month",
        "Replace team payments: IdP group payments@example.com (OKTA) → payments-eng@example.com (OKTA)",
        "Replace scorecard exemption payments on readiness: it depends on team payments, replaced first",
        "Delete team identity",
    ):
        assert expected in change, expected
    for value in ("whk-base-value", "stp-base-value", "stp-rotated-value", "pgr-value", "lgc-value"):
        assert value not in change


def test_every_registered_kind_has_a_summary() -> None:
    assert missing_summaries() == []
    assert summary_of_type("aws:s3/bucket:Bucket") is None


@pytest.mark.parametrize(("text", "message"), [
    ("", "the input is empty"),
    ("{not json", "the input is not JSON"),
    ("[]", "not a `pulumi preview --json` result"),
    ('{"steps": {}}', "steps: expected a list"),
    ('{"steps": [{"urn": "u"}]}', "steps[0].op: missing"),
    ('{"steps": [{"op": "same", "urn": "u", "newState": []}]}', "steps[0].newState: expected an object"),
])
def test_bad_input_names_the_field(text: str, message: str) -> None:
    with pytest.raises(PreviewFormatError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse(text)


def test_a_replace_in_three_steps_is_one_change() -> None:
    old, new = {"team_tag": "pay", "name": "Payments"}, {"team_tag": "payments", "name": "Payments"}
    steps = [step(op, "payments", old, new, replaceReasons=["team_tag"])
             for op in ("create-replacement", "replace", "delete-replaced")]
    summary = summarize(from_document({"steps": steps}))
    assert summary.counts == {"Teams": {"replace": 1}}
    assert summary.deletes_or_replaces
    assert "Replace team payments: team tag pay → payments" in render(summary, "text")


def test_program_values_cannot_inject_markup() -> None:
    old = {"team_tag": "t", "name": "A", "members": []}
    new = {"team_tag": "t", "name": "<img src=x onerror=alert(1)> **bold** [link](http://x)",
           "members": [{"email": "`x`@example.com", "name": "<b>Eve</b>"}]}
    markdown = text_of(step("update", "t", old, new), fmt="markdown")
    assert "<img" not in markdown and "<b>Eve" not in markdown
    # Values are code (inert) or escaped text: the link and emphasis stay literal.
    assert "<code>&lt;img src=x onerror=alert(1)&gt; **bold** [link](http://x)</code>" in markdown
    assert "“\\<b\\>Eve\\</b\\>”" in markdown
    assert "<code>&#96;x&#96;@example.com</code>" in markdown


def test_long_lists_fold_into_details() -> None:
    members = [{"email": f"m{i}@example.com", "name": f"M {i}"} for i in range(FOLD_AFTER + 2)]
    markdown = text_of(step("create", "big", None, {"team_tag": "big", "name": "Big", "members": members}),
                       fmt="markdown")
    assert f"<details><summary>{FOLD_AFTER + 2} items</summary>" in markdown
    short = text_of(step("create", "small", None, {"team_tag": "s", "name": "S", "members": members[:2]}),
                    fmt="markdown")
    assert "<details>" not in short


def test_other_resources_are_counted_and_their_deletes_flagged() -> None:
    bucket = "aws:s3/bucket:Bucket"
    text = text_of(step("delete", "logs", {"bucket": "logs"}, None, type_=bucket),
                   step("same", "stack", {}, {}, type_="pulumi:pulumi:Stack"))
    assert "Delete aws:s3/bucket:Bucket logs" in text
    assert "pulumi:pulumi:Stack" not in text


def test_unknown_values_read_as_known_after_apply() -> None:
    unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
    text = text_of(step("create", "org", None, {"edges": [{"parent": "eng", "child": unknown}]},
                        type_="pulumi-python:dynamic/cortex:TeamHierarchy"))
    assert "eng → (known after apply)" in text


def test_failed_preview_shows_its_errors() -> None:
    document = {"diagnostics": [{"severity": "error", "message": "\x1b[31mscorecard rules[2].level: unknown\x1b[0m"},
                                {"severity": "info", "message": "ignored"}]}
    markdown = render(summarize(from_document(document)), "markdown")
    assert "**The preview failed:**" in markdown and "> scorecard rules[2].level: unknown" in markdown
    assert "ignored" not in markdown


def test_a_replace_pending_on_an_unknown_value_says_so() -> None:
    exemption = "pulumi-python:dynamic/cortex:ScorecardExemption"
    old = {"scorecard": "ready", "entity": "payments", "rule": "9fac9983", "reason": "r"}
    new = {**old, "rule": "04da6b54-80e4-46f7-96ec-b56ff0331ba9"}
    text = text_of(step("replace", "oncall", old, new, type_=exemption, replaceReasons=["rule"]))
    assert "rule 9fac9983 → (known after apply)" in text
    assert "if it is the same then nothing is replaced" in text


def test_unchanged_objects_without_steps_are_counted_in_the_headline() -> None:
    stack = step("same", "infra-prod", {}, {}, type_="pulumi:pulumi:Stack")
    changed = step("update", "t", {"team_tag": "t", "name": "A"}, {"team_tag": "t", "name": "B"})
    summary = summarize(from_document({"steps": [stack, changed], "changeSummary": {"same": 8, "update": 1}}))
    assert summary.headline() == "1 to update, 7 unchanged"  # the stack's own step is not an object
    assert summary.columns == ("create", "update", "replace", "delete")
    listed = summarize(from_document({"steps": [stack, changed, step("same", "u", {"team_tag": "u"}, {})]}))
    assert listed.columns[-1] == "same" and listed.headline() == "1 to update, 1 unchanged"


def test_counts_take_the_right_number_and_a_created_team_shows_its_description() -> None:
    workflow = "pulumi-python:dynamic/cortex:Workflow"
    one = {"tag": "notify", "name": "Notify", "actions": [{"slug": "say", "name": "Say", "schema": {"type": "JQ"}}]}
    assert "Deleted with its 1 action\n" in text_of(step("delete", "notify", one, None, type_=workflow))
    two = {**one, "actions": one["actions"] * 2}
    assert "Deleted with its 2 actions\n" in text_of(step("delete", "notify", two, None, type_=workflow))
    card = {"tag": "ready", "name": "Ready", "rules": [{"title": "Has docs", "expression": "true"}]}
    scorecard = "pulumi-python:dynamic/cortex:Scorecard"
    assert "Deleted with its 1 rule and their scores" in text_of(step("delete", "ready", card, None, type_=scorecard))
    created = text_of(step("create", "payments", None, {"team_tag": "payments", "name": "Payments",
                                                         "description": "Owns the payments gateway"}))
    assert 'Description "Owns the payments gateway"' in created, created
