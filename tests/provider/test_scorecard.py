"""Scorecard provider against the emulator: structured args and descriptors, rule identifiers, server
defaults that never show as changes, adopt guard, dry-run validation and every check failure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider._errors import CortexResourceError
from cortex_pulumi.provider.scorecard import _ScorecardProvider
from tests.support import api

from .conftest import checked, failures

DATA = Path(__file__).parent / "data"
LEVELS = [{"name": "Bronze", "rank": 1, "color": "#CD7F32"}, {"name": "Gold", "rank": 2, "color": "#D7AC58"}]
RULES = [{"title": "Has on-call", "expression": 'custom("oncall") != null', "level": "Bronze"},
         {"title": "Has docs", "expression": 'custom("docs") != null', "level": "Gold", "weight": 2}]


def _card(**over: Any) -> dict[str, Any]:
    return {"tag": "ops", "name": "Ops", "levels": LEVELS, "rules": RULES,
            "filter": {"types": {"include": ["service"]}}, **over}


def test_structured_lifecycle(make: Any, emu: Emulator) -> None:
    p = make(_ScorecardProvider)
    props = checked(p, _card())
    created = p.create(props)
    assert created.id == "ops"
    outs = created.outs
    ids = outs["rule_identifiers"]
    assert set(ids) == {"Has on-call", "Has docs"} and all(len(v) == 36 for v in ids.values())
    # server-filled settings are reported, and not a change against the program that left them out
    assert outs["evaluation_window"] == 4 and outs["exemptions_enabled"] is True
    assert p.diff("ops", outs, props).changes is False

    read = p.read("ops", outs)
    assert read.outs["rule_identifiers"] == ids
    assert read.outs["rules"][1]["weight"] == 2 and read.outs["levels"][0]["color"] == "#CD7F32"
    assert p.diff("ops", read.outs, props).changes is False, "refresh must not invent changes"
    assert read.inputs is None  # unchanged in Cortex: the recorded inputs stay

    # rules compared by title: order and int/float weights do not matter
    shuffled = checked(p, _card(rules=[{**RULES[1], "weight": 2.0}, RULES[0]]))
    assert p.diff("ops", outs, shuffled).changes is False

    new = checked(p, _card(rules=[RULES[0], {**RULES[1], "expression": 'custom("docs") == true'}],
                           exemptions_auto_approve=True))
    d = p.diff("ops", outs, new)
    assert d.changes is True and d.replaces == []
    emu.clear_requests()
    updated = p.update("ops", outs, new)
    assert [r["method"] for r in emu.requests(path_prefix="/api/v1/scorecards")] == ["POST"]
    assert updated.outs["exemptions_auto_approve"] is True
    assert updated.outs["evaluation_window"] == 4
    assert updated.outs["rule_identifiers"]["Has on-call"] == ids["Has on-call"]
    assert p.diff("ops", updated.outs, new).changes is False
    assert p.diff("ops", updated.outs, checked(p, _card(tag="ops2"))).replaces == ["tag"]

    # drift: the descriptor was replaced out of band
    text = api(emu).get("/api/v1/scorecards/ops/descriptor").text.replace("name: Ops", "name: Ops (edited)")
    headers = {"Content-Type": "application/yaml"}
    assert api(emu).post("/api/v1/scorecards/descriptor?dryRun=false", data=text, headers=headers).status_code == 200
    drift = p.read("ops", updated.outs)
    assert drift.outs["name"] == "Ops (edited)" and p.diff("ops", drift.outs, new).changes is True

    assert api(emu).delete("/api/v1/scorecards/ops").status_code == 200
    assert p.read("ops", updated.outs).id == ""
    p.delete("ops", updated.outs)
    p.delete("ops", updated.outs)


def test_levels_in_descending_rank_and_unsorted_rules_refresh_without_changes(make: Any, emu: Emulator) -> None:
    p = make(_ScorecardProvider)
    props = checked(p, _card(levels=list(reversed(LEVELS)), rules=list(reversed(RULES))))
    created = p.create(props)
    # Re-store the same descriptor out of band, so that the refresh reads the descriptor back.
    text = api(emu).get("/api/v1/scorecards/ops/descriptor").text
    headers = {"Content-Type": "application/yaml"}
    assert api(emu).post("/api/v1/scorecards/descriptor?dryRun=false", data=text, headers=headers).status_code == 200
    emu.clear_requests()
    read = p.read("ops", created.outs)
    assert "/api/v1/scorecards/ops/descriptor" in [r["path"] for r in emu.requests(path_prefix="/api/v1/scorecards")]
    assert [lv["name"] for lv in read.outs["levels"]] == ["Gold", "Bronze"]
    assert [rule["title"] for rule in read.outs["rules"]] == ["Has docs", "Has on-call"]
    assert p.diff("ops", read.outs, props).changes is False
    assert p.diff("ops", read.outs, checked(p, _card())).changes is False  # compared by name and title


def test_descriptor_file(make: Any, emu: Emulator) -> None:
    p = make(_ScorecardProvider)
    text = (DATA / "prod-readiness.yaml").read_text()
    props = checked(p, {"descriptor": text})
    assert props["tag"] == "prod-readiness" and props["evaluation_window"] == 24
    assert props["rules"][1]["failure_message"] == "Ship something"
    # State records the expansion only (the text would store the scorecard twice), without nested nulls.
    assert "descriptor" not in props
    assert all(None not in rule.values() for rule in props["rules"])
    created = p.create(props)
    assert all(None not in rule.values() for rule in created.outs["rules"])
    assert set(created.outs["rule_identifiers"]) == {"Has on-call rotation", "Deployed this week"}
    assert p.diff(created.id, created.outs, props).changes is False
    read = p.read(created.id, created.outs)
    assert p.diff(created.id, read.outs, props).changes is False
    # reformatting the descriptor is not a change; editing a rule is
    reformatted = text.replace("    - {name: Gold, rank: 2, color: \"#D7AC58\"}", "    - name: Gold\n      color: '#D7AC58'\n      rank: 2")
    assert p.diff(created.id, read.outs, checked(p, {"descriptor": reformatted})).changes is False
    edited = text.replace("P7D", "P14D")
    assert p.diff(created.id, read.outs, checked(p, {"descriptor": edited})).changes is True


def test_existing_scorecard_needs_adopt(make: Any, emu: Emulator) -> None:
    p = make(_ScorecardProvider, previewChecks="false")  # create's own check (an object made after preview)
    theirs = "tag: ops\nname: Theirs\nrules:\n- title: x\n  expression: 'true'\n"
    assert api(emu).post("/api/v1/scorecards/descriptor", data=theirs,
                         headers={"Content-Type": "application/yaml"}).status_code == 200
    with pytest.raises(CortexResourceError, match="adopt=True"):
        p.create(checked(p, _card()))
    assert api(emu).get("/api/v1/scorecards/ops").json()["scorecard"]["name"] == "Theirs"
    adopted = p.create(checked(p, _card(adopt=True)))
    assert adopted.outs["name"] == "Ops" and set(adopted.outs["rule_identifiers"]) == {"Has on-call", "Has docs"}


def test_dry_run_validation_is_opt_in(make: Any, emu: Emulator) -> None:
    bad = _card(filter={"kind": "NOT_A_KIND"})  # free text locally; Cortex knows the valid kinds
    assert failures(make(_ScorecardProvider), bad) == {}
    strict = make(_ScorecardProvider, validateWithServer="true")
    emu.clear_requests()
    got = failures(strict, bad)
    requests = emu.requests("POST", "/api/v1/scorecards/descriptor")
    assert requests and "dryRun=true" in str(requests[0]).replace("True", "true")
    assert got and all("Cortex rejects" in v for v in got.values()), got
    assert api(emu).get("/api/v1/scorecards/ops").status_code == 404, "a dry run must not store anything"


@pytest.mark.parametrize(
    ("news", "field"),
    [
        ({"name": "n"}, "tag"),
        (_card(tag="bad tag"), "tag"),
        (_card(name=""), "name"),
        (_card(levels=[{"name": "B", "rank": 1, "color": "#fff"}, {"name": "S", "rank": 1, "color": "#eee"}]), "levels[1]"),
        (_card(levels=[*LEVELS, {"name": "Bronze", "rank": 3, "color": "#fff"}]), "levels[2]"),
        (_card(levels=[{"name": "B", "color": "#fff"}]), "levels[0].rank"),
        (_card(levels=[{"name": "B", "rank": 0, "color": "#fff"}]), "levels[0].rank"),
        (_card(levels=[{"name": "B", "rank": 1.5, "color": "#fff"}]), "levels[0].rank"),
        (_card(levels=[{"name": "B", "rank": 1}]), "levels[0].color"),
        (_card(rules=[{**RULES[0], "level": "Platinum"}]), "rules[0].level"),
        (_card(levels=None, rules=[RULES[0]]), "rules[0].level"),
        (_card(rules=[RULES[0], {**RULES[1], "title": "Has on-call"}]), "rules[1]"),
        (_card(rules=[{"title": "x", "level": "Bronze"}]), "rules[0].expression"),
        (_card(rules=[{"expression": "true", "level": "Bronze"}]), "rules[0].title"),
        (_card(rules=[{**RULES[0], "weight": -1}]), "rules[0].weight"),
        (_card(rules=[{**RULES[0], "effective_from": "soon"}]), "rules[0].effective_from"),
        (_card(rules=[{**RULES[0], "failureMessage": "x"}]), "rules[0].failureMessage"),
        (_card(filter={"types": {"include": ["service"], "exclude": ["library"]}}), "filter.types"),
        (_card(rules=[{**RULES[0], "filter": {"groups": {"include": ["a"], "exclude": ["b"]}}}]), "rules[0].filter.groups"),
        (_card(evaluation_window=0), "evaluation_window"),
        (_card(draft="false"), "draft"),
        ({"descriptor": "tag: ops\nname: x\nrules: 5\n"}, "descriptor"),
        ({"descriptor": "tag: ops\nname: x\nrules: []\nsurprise: 1\n"}, "descriptor"),
        ({"descriptor": (DATA / "prod-readiness.yaml").read_text(), "rules": RULES}, "rules"),
    ],
)
def test_check_failures(make: Any, news: dict[str, Any], field: str) -> None:
    got = failures(make(_ScorecardProvider), news)
    assert field in got, got


def test_unknown_descriptor_in_preview_is_a_change_not_a_replace(make: Any) -> None:
    from pulumi.output import Unknown

    p = make(_ScorecardProvider)
    assert p.check({}, {"descriptor": Unknown()}).failures == []
    d = p.diff("ops", {"tag": "ops", "name": "Ops"}, {"descriptor": Unknown()})
    assert d.changes is True and d.replaces == []
    # unknown structured values: a change; an unknown tag may mean a replacement
    d = p.diff("ops", {"tag": "ops", "name": "Ops"}, {"tag": Unknown(), "name": "Ops"})
    assert d.changes is True and d.replaces == ["tag"]


@pytest.mark.parametrize(("rule", "field", "fragment"), [
    ({"expression": 'deploys(lookback="P14D").length > 0'}, "rules[0].expression",
     'takes a duration, not \'P14D\': write lookback=duration("P14D") (at position 17)'),
    ({"expression": 'custom("owner") !='}, "rules[0].expression", "expected a value at position 18"),
    ({"filter": {"query": 'hasGroup("a"'}}, "rules[0].filter.query", "expected ')' at position 12"),
])
def test_malformed_cql_fails_the_check_with_its_position(make: Any, emu: Emulator, rule: dict[str, Any], field: str,
                                                         fragment: str) -> None:
    p = make(_ScorecardProvider)
    got = failures(p, _card(rules=[{**RULES[0], **rule}]))
    assert set(got) == {field} and "is not valid CQL" in got[field] and fragment in got[field], got
    text = f"tag: ops\nname: Ops\nrules:\n- title: x\n  expression: '{rule.get('expression', 'true')}'\n"
    if "expression" in rule:  # the same rule in a descriptor file names its place there
        assert fragment in failures(p, {"descriptor": text})["descriptor"]
    assert emu.requests("POST") == [], "nothing is written"
    assert failures(p, _card(rules=[{**RULES[0], "expression": 'deploys(lookback=duration("P14D")).length > 0'}])) == {}
