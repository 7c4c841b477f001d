"""Updates send what the program declares: for every kind, what Cortex holds after `create(P)` equals what it holds
after `create(Q)` then `update(Q -> P)`, with no setting the program never asked for."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider.deploy import _DeployProvider
from cortex_pulumi.provider.exemption import _ExemptionProvider
from cortex_pulumi.provider.scorecard import _ScorecardProvider
from cortex_pulumi.provider.secret import _SecretProvider
from cortex_pulumi.provider.team import _TeamProvider
from cortex_pulumi.provider.team_hierarchy import _TeamHierarchyProvider
from cortex_pulumi.provider.workflow import _WorkflowProvider
from tests.support import ADMIN_TOKEN, api

from .conftest import checked, configured

#: A key that may approve exemptions but whose own requests stay PENDING (not ADMIN).
APPROVER = "approver-token-0002"

#: Keys Cortex stamps on every write (ids, times): not part of what the program declares.
VOLATILE = {"id", "uuid", "lastUpdated", "cortexId", "identifier", "requestedDate", "approvedDate", "dateCreated",
            "dateUpdated", "createdAt", "updatedAt", "ruleIdentifier", "ruleId", "requestedBy", "approvedBy"}
RULE = {"title": "Has on-call", "expression": 'custom("oncall") != null'}
CARD = "tag: ready\nname: Ready\nrules:\n- title: Has on-call\n  expression: custom(\"oncall\") != null\n"


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def _team(emu: Emulator, tag: str) -> None:
    body = {"teamTag": tag, "type": "CORTEX", "metadata": {"name": tag}, "links": [], "slackChannels": [],
            "cortexTeam": {"members": []}}
    assert api(emu).post("/api/v1/teams", json=body).status_code == 200


def _card(emu: Emulator) -> None:
    emu.register_entity("payments-svc")
    r = api(emu).post("/api/v1/scorecards/descriptor", data=CARD, headers={"Content-Type": "application/yaml"})
    assert r.status_code == 200


@dataclass(frozen=True)
class Case:
    provider: type[Any]
    #: The program before (Q) and the program both paths end with (P).
    before: dict[str, Any]
    after: dict[str, Any]
    #: What Cortex holds of the object, as raw API answers.
    held: Callable[[Emulator], Any]
    setup: Callable[[Emulator], None] = lambda emu: None
    #: The key the provider uses (exemptions: one whose requests stay pending until approved).
    token: str = ADMIN_TOKEN


def _scorecard_held(emu: Emulator) -> Any:
    return (api(emu).get("/api/v1/scorecards/ready/descriptor").text,
            _stable(api(emu).get("/api/v1/scorecards/ready").json()))


def _exemptions_held(emu: Emulator) -> Any:
    body = api(emu).get("/api/v1/scorecards/ready/scores?entityTag=payments-svc").json()
    held = [e for s in body["serviceScores"] for e in s["ruleExemptions"]
            if e["exemptionStatus"]["status"] in ("PENDING", "APPROVED")]  # withdrawn ones stay listed
    return [{**_stable(e), "exemptionStatus": e["exemptionStatus"]["status"]} for e in held]


CASES = {
    "scorecard": Case(_ScorecardProvider, {"tag": "ready", "name": "Ready", "description": "old", "rules": [RULE]},
                      {"tag": "ready", "name": "Ready", "rules": [RULE]}, _scorecard_held),
    "scorecard descriptor": Case(_ScorecardProvider, {"descriptor": CARD.replace("name: Ready", "name: Old")},
                                 {"descriptor": CARD}, _scorecard_held),
    "team": Case(_TeamProvider,
                 {"team_tag": "platform", "name": "Platform", "description": "old", "summary": "s",
                  "members": [{"email": "ada@example.com", "name": "Ada", "roles": ["lead"]}]},
                 {"team_tag": "platform", "name": "Platform",
                  "members": [{"email": "ada@example.com", "name": "Ada"}]},
                 lambda emu: _stable(api(emu).get("/api/v1/teams/platform").json())),
    "team hierarchy": Case(_TeamHierarchyProvider, {"edges": [{"parent": "org", "child": "platform"}]},
                           {"edges": [{"parent": "org", "child": "payments"}], "ownership": "DECLARED"},
                           lambda emu: _stable(api(emu).get("/api/v1/teams/relationships").json()),
                           setup=lambda emu: [_team(emu, t) for t in ("org", "platform", "payments")] and None),
    "secret": Case(_SecretProvider, {"tag": "db", "name": "Old", "value": "v1-secret-value"},
                   {"tag": "db", "name": "DB", "value": "v2-secret-value"},
                   lambda emu: _stable(api(emu).get("/api/v1/secrets/db").json())),
    "workflow": Case(_WorkflowProvider,
                     {"tag": "hello", "name": "Hello", "description": "old", "is_runnable_via_api": True,
                      "actions": [{"name": "Say", "slug": "say", "schema": {"type": "SLACK", "channel": "a",
                                                                             "message": "hi"}}]},
                     {"tag": "hello", "name": "Hello",
                      "actions": [{"name": "Say", "slug": "say", "schema": {"type": "SLACK", "channel": "b",
                                                                             "message": "hi"}}]},
                     lambda emu: _stable(api(emu).get("/api/v1/workflows/hello").json())),
    "deploy": Case(_DeployProvider,
                   {"entity": "payments-svc", "title": "1.0", "sha": "abc", "environment": "staging",
                    "custom_data": {"run": 1}, "timestamp": "2024-05-01T10:00:00Z"},
                   {"entity": "payments-svc", "title": "1.1", "timestamp": "2024-05-01T10:00:00Z"},
                   lambda emu: _stable(api(emu).get("/api/v1/catalog/payments-svc/deploys").json()),
                   setup=lambda emu: emu.register_entity("payments-svc")),
    "exemption": Case(_ExemptionProvider,
                      {"scorecard": "ready", "entity": "payments-svc", "rule": "Has on-call", "reason": "Q1"},
                      {"scorecard": "ready", "entity": "payments-svc", "rule": "Has on-call", "reason": "Q1",
                       "approve": True},
                      _exemptions_held, setup=_card, token=APPROVER),
}


@pytest.fixture(scope="module")
def tenant() -> Iterator[Emulator]:
    perms = ["View Scorecards", "Edit Scorecards", "Configure Scorecard exemptions", "Edit entities"]
    with Emulator(api_keys={ADMIN_TOKEN: "ADMIN", APPROVER: perms}) as emu:
        yield emu


@pytest.mark.parametrize("name", list(CASES))
def test_update_leaves_what_a_create_leaves(name: str, tenant: Emulator) -> None:
    emu, case = tenant, CASES[name]
    emu.reset()
    case.setup(emu)
    p = configured(case.provider, emu, token=case.token)
    after = checked(p, case.after)
    created = p.create(after)
    fresh = case.held(emu)
    p.delete(created.id, created.outs)

    old = p.create(checked(p, case.before))
    assert case.held(emu) != fresh, "the two programs must differ for the test to mean anything"
    assert p.diff(old.id, old.outs, after).replaces == []
    p.update(old.id, old.outs, after)
    assert case.held(emu) == fresh


def _descriptor(emu: Emulator) -> str:
    return api(emu).get("/api/v1/scorecards/ready/descriptor").text


def test_a_setting_cortex_holds_is_kept_and_no_default_is_added(tenant: Emulator) -> None:
    emu = tenant
    emu.reset()
    p = configured(_ScorecardProvider, emu)
    created = p.create(checked(p, {"tag": "ready", "name": "Ready", "rules": [RULE]}))
    assert created.outs["evaluation_window"] == 4  # Cortex's default is reported ...
    text = _descriptor(emu) + "evaluation:\n  window: 8\n"  # ... and a window set in the UI is held
    r = api(emu).post("/api/v1/scorecards/descriptor", data=text, headers={"Content-Type": "application/yaml"})
    assert r.status_code == 200
    refreshed = p.read("ready", created.outs).outs
    assert refreshed["held_settings"] == ["evaluation_window"]
    emu.clear_requests()
    p.update("ready", refreshed, checked(p, {"tag": "ready", "name": "Renamed", "rules": [RULE]}))
    assert [r["method"] for r in emu.requests(path_prefix="/api/v1/scorecards")] == ["POST"]
    held = _descriptor(emu)
    assert "window: 8" in held and "notifications" not in held and "exemptions" not in held


def test_a_state_recorded_before_held_settings_reads_what_cortex_holds(tenant: Emulator) -> None:
    emu = tenant
    emu.reset()
    p = configured(_ScorecardProvider, emu)
    created = p.create(checked(p, {"tag": "ready", "name": "Ready", "rules": [RULE]}))
    legacy = {k: v for k, v in created.outs.items() if k != "held_settings"}
    p.update("ready", legacy, checked(p, {"tag": "ready", "name": "Renamed", "rules": [RULE]}))
    assert "evaluation" not in _descriptor(emu) and "notifications" not in _descriptor(emu)
