"""Cross-stack safety at preview: a scorecard change that drops a rule with exemptions says so, naming them, and
an exemption's preview notices that its rule is gone from the scorecard — each with reads only."""

from __future__ import annotations

from typing import Any

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider.exemption import _ExemptionProvider
from cortex_pulumi.provider.scorecard import _ScorecardProvider
from tests.support import api

from .conftest import checked

ONCALL = {"title": "Has on-call", "expression": 'custom("oncall") != null'}
DOCS = {"title": "Has docs", "expression": 'custom("docs") != null'}
EXEMPTION = {"scorecard": "ready", "entity": "payments", "rule": "Has on-call", "reason": "rotation starts in Q1",
             "approve": True}


def _failures(p: Any, news: dict[str, Any], olds: dict[str, Any]) -> dict[str, str]:
    result = p.check(olds, {**news, "__provider": "blob"})
    return {f.property: f.reason for f in result.failures}


def _tenant(make: Any, emu: Emulator) -> tuple[Any, dict[str, Any], Any, dict[str, Any]]:
    emu.register_entity("payments")
    card = make(_ScorecardProvider)
    card_props = checked(card, {"tag": "ready", "name": "Ready", "rules": [ONCALL, DOCS]})
    card.create(card_props)
    ex = make(_ExemptionProvider)
    ex_props = checked(ex, EXEMPTION)
    ex.create(ex_props)
    return card, card_props, ex, ex_props


def test_dropping_a_rule_with_exemptions_fails_the_scorecard_preview_naming_them(make: Any, emu: Emulator) -> None:
    card, props, _, _ = _tenant(make, emu)
    renamed = {**props, "rules": [{**ONCALL, "title": "Has an on-call rotation"}, DOCS]}
    emu.clear_requests()
    got = _failures(card, renamed, props)
    assert set(got) == {"rules"}, got
    assert "'Has on-call': payments (APPROVED, 'rotation starts in Q1')" in got["rules"]
    assert emu.requests("POST") == [] and emu.requests("PUT") == [], "reads only"
    # a rule without exemptions may go; so may the rule once its exemption is withdrawn
    assert _failures(card, {**props, "rules": [ONCALL]}, props) == {}
    text = "tag: ready\nname: Ready\nrules:\n- title: Has docs\n  expression: custom(\"docs\") != null\n"
    assert "payments (APPROVED" in _failures(card, {"descriptor": text}, props)["descriptor"]


def test_an_exemption_preview_notices_its_rule_is_gone(make: Any, emu: Emulator) -> None:
    card, props, ex, ex_props = _tenant(make, emu)
    assert _failures(ex, ex_props, ex_props) == {}
    # The scorecard's repository renames the rule (its own preview check turned off, or in the UI).
    text = api(emu).get("/api/v1/scorecards/ready/descriptor").text.replace("Has on-call", "Has an on-call rotation")
    r = api(emu).post("/api/v1/scorecards/descriptor", data=text, headers={"Content-Type": "application/yaml"})
    assert r.status_code == 200
    got = _failures(ex, ex_props, ex_props)
    assert set(got) == {"rule"} and "has no rule 'Has on-call' any more" in got["rule"], got
    assert "'Has an on-call rotation'" in got["rule"]
    # a new exemption naming a rule that the same `up` may add is left to create
    assert _failures(ex, {**ex_props, "rule": "Has SLOs"}, {}) == {}
    assert api(emu).delete("/api/v1/scorecards/ready").status_code == 200
    assert "no longer exists" in _failures(ex, ex_props, ex_props)["scorecard"]
