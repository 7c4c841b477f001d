"""Lossless documents: an unknown key anywhere in a descriptor or workflow fails at preview with its path and a
likely intent; every key the package knows reaches Cortex and comes back."""

from __future__ import annotations

from typing import Any

import yaml

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider.scorecard import _ScorecardProvider
from cortex_pulumi.provider.workflow import _WorkflowProvider
from tests.support import api

from .conftest import checked, failures

CARD = """
tag: ops
name: Ops
exemptions: {enabled: true, autoApprove: false, userSpecificNotifications: true}
ladder:
  name: Maturity
  levels: [{name: Bronze, rank: 1, color: "#cd7f32"}]
rules:
  - {title: a, expression: "true", level: Bronze}
  - {title: b, expression: "true", level: Bronze}
  - {title: c, expression: "true", level: Bronze, failureMesage: fix it}
"""


def test_unknown_scorecard_keys_name_their_path_and_the_likely_key(make: Any) -> None:
    p = make(_ScorecardProvider)
    reason = failures(p, {"descriptor": CARD})["descriptor"]
    assert "rules[2].failureMesage: unknown key (did you mean failureMessage?)" in reason
    doc = yaml.safe_load(CARD)
    doc["exemptions"]["autoAprove"] = True
    doc["ladder"]["levels"][0]["colour"] = "#fff"
    doc["zzz"] = 1
    reason = failures(p, {"descriptor": yaml.safe_dump(doc)})["descriptor"]
    assert "exemptions.autoAprove: unknown key (did you mean autoApprove?)" in reason
    assert "ladder.levels[0].colour: unknown key (did you mean color?)" in reason
    assert "zzz: unknown key" in reason and "zzz: unknown key (" not in reason


def test_user_specific_notifications_reaches_cortex_and_comes_back(make: Any, emu: Emulator) -> None:
    p = make(_ScorecardProvider)
    props = checked(p, {"descriptor": CARD.replace("failureMesage", "failureMessage")})
    assert props["exemptions_user_specific_notifications"] is True
    outs = p.create(props).outs
    stored = api(emu).get("/api/v1/scorecards/ops/descriptor").text
    assert yaml.safe_load(stored)["exemptions"]["userSpecificNotifications"] is True
    read = p.read("ops", outs)
    assert read.outs["exemptions_user_specific_notifications"] is True
    assert p.diff("ops", read.outs, props).changes is False


FLOW = {"tag": "hello", "name": "Hello", "isDraft": False, "filter": {"type": "GLOBAL"},
        "actions": [{"name": "Ask", "slug": "ask", "isRootAction": True, "outgoingActions": ["branch"],
                     "schema": {"type": "SLACK", "channel": "#x", "mesage": "hi"}},
                    {"name": "Branch", "slug": "branch", "isRootAction": False, "outgoingActions": [],
                     "schema": {"type": "CONDITIONAL_BRANCH", "branches": [
                         {"name": "b", "slug": "b", "expression": "true", "outgoingActon": "ask"}]}},
                    {"name": "New", "slug": "new", "isRootAction": False, "outgoingActions": [],
                     "schema": {"type": "SOMETHING_CORTEX_ADDS", "anything": 1}}],
        "filtr": {"type": "GLOBAL"}}


def test_unknown_workflow_keys_name_their_path(make: Any) -> None:
    p = make(_WorkflowProvider)
    reason = failures(p, {"definition": yaml.safe_dump(FLOW)})["definition"]
    assert "filtr: unknown key (did you mean filter?)" in reason
    assert "actions[0].schema.mesage: unknown key (did you mean message?)" in reason
    assert "actions[1].schema.branches[0].outgoingActon: unknown key (did you mean outgoingAction?)" in reason
    assert "actions[2]" not in reason  # an action type the package does not know is sent as written
    structured = {"tag": "hi", "name": "Hi", "actions": [
        {"name": "x", "slug": "x", "schema": {"type": "JQ", "expresion": "."}}]}
    assert "actions[0].schema.expresion: unknown key (did you mean expression?)" in failures(p, structured)[
        "actions[0].schema"]


def test_an_http_request_body_lists_the_accepted_keys(make: Any) -> None:
    p = make(_WorkflowProvider)
    doc = {"tag": "rotate", "name": "Rotate", "actions": [{"name": "Call", "slug": "call", "schema": {
        "type": "HTTP_REQUEST", "url": "https://x", "httpMethod": "POST", "headers": {}, "body": "{}"}}]}
    reason = failures(p, {"definition": yaml.safe_dump(doc)})["definition"]
    assert "actions[0].schema.body: unknown key; accepted keys: headers, httpMethod, integration, integrationAlias, payload, type, url" in reason
    card = yaml.safe_load(CARD)
    card["rules"][0]["expresion"] = "true"
    reason = failures(make(_ScorecardProvider), {"descriptor": yaml.safe_dump(card)})["descriptor"]
    assert "rules[0].expresion: unknown key (did you mean expression?); accepted keys: " in reason
    assert "failureMessage" in reason.split("rules[0].expresion", 1)[1].split("\n", 1)[0]
