"""ScorecardExemption provider against the emulator: request/approve/revoke, rule by title or identifier,
re-request on reason change, drift (revoked out of band), adopt, checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider._errors import CortexResourceError
from cortex_pulumi.provider._ids import exemption_id, parse_exemption_id
from cortex_pulumi.provider.exemption import _ExemptionProvider
from tests.support import ADMIN_TOKEN, api

from .conftest import checked, configured, failures

#: A key that may approve exemptions but whose own requests stay PENDING (not ADMIN).
APPROVER = "approver-token-0001"
DESCRIPTOR = """tag: ready
name: Ready
rules:
- title: Has on-call
  expression: custom("oncall") != null
- title: Has docs
  expression: custom("docs") != null
"""


@pytest.fixture(scope="module")
def approver_emu() -> Iterator[Emulator]:
    perms = ["View Scorecards", "Edit Scorecards", "Configure Scorecard exemptions", "Edit entities"]
    with Emulator(api_keys={ADMIN_TOKEN: "ADMIN", APPROVER: perms}) as emu:
        yield emu


def _setup(emu: Emulator) -> dict[str, str]:
    emu.register_entity("payments-svc")
    r = api(emu).post("/api/v1/scorecards/descriptor", data=DESCRIPTOR, headers={"Content-Type": "application/yaml"})
    assert r.status_code == 200
    return {rule["title"]: rule["identifier"] for rule in r.json()["scorecard"]["rules"]}


def _ex(**over: Any) -> dict[str, Any]:
    return {"scorecard": "ready", "entity": "payments-svc", "rule": "Has on-call", "reason": "rotation starts in Q1",
            "days": 30, **over}


def _statuses(emu: Emulator) -> list[str]:
    body = api(emu).get("/api/v1/scorecards/ready/scores?entityTag=payments-svc").json()
    return [e["exemptionStatus"]["status"] for s in body["serviceScores"] for e in s["ruleExemptions"]]


def test_ids_round_trip() -> None:
    assert parse_exemption_id(exemption_id("ready", "svc", "1234")) == ("ready", "svc", "1234")
    with pytest.raises(ValueError, match="rule identifier"):
        parse_exemption_id("ready/svc")


def test_lifecycle_with_admin_key(make: Any, emu: Emulator) -> None:
    ids = _setup(emu)
    p = make(_ExemptionProvider)
    props = checked(p, _ex())
    created = p.create(props)
    rule_id = ids["Has on-call"]
    assert created.id == f"ready/payments-svc/{rule_id}"
    outs = created.outs
    assert outs["status"] == "APPROVED" and outs["rule_identifier"] == rule_id and outs["rule_title"] == "Has on-call"
    assert outs["end_date"] is not None
    assert p.diff(created.id, outs, props).changes is False
    # naming the rule by identifier instead of title is the same exemption
    assert p.diff(created.id, outs, checked(p, _ex(rule=rule_id))).changes is False

    read = p.read(created.id, outs)
    assert read.outs["status"] == "APPROVED" and read.outs["reason"] == "rotation starts in Q1"
    assert read.inputs is None  # unchanged in Cortex: the recorded inputs stay

    # reason change: no update API, so replace, withdrawing the old one first (same id)
    d = p.diff(created.id, outs, checked(p, _ex(reason="new reason")))
    assert d.replaces == ["reason"] and d.delete_before_replace
    d = p.diff(created.id, outs, checked(p, _ex(rule="Has docs")))
    assert d.replaces == ["rule"] and not d.delete_before_replace

    # drift: revoked out of band -> gone
    body = {"ruleIdentifier": rule_id, "reason": "no"}
    assert api(emu).put("/api/v1/scorecards/ready/entity/payments-svc/exemption/revoke", json=body).status_code == 200
    assert p.read(created.id, outs).id == ""

    again = p.create(props)
    p.delete(again.id, again.outs)
    assert _statuses(emu) == ["REJECTED", "REJECTED"]
    p.delete(again.id, again.outs)  # nothing left to revoke: fine


def test_pending_then_approve_in_the_same_apply(approver_emu: Emulator) -> None:
    approver_emu.reset()
    _setup(approver_emu)
    p = configured(_ExemptionProvider, approver_emu, token=APPROVER)
    pending = p.create(checked(p, _ex()))
    assert pending.outs["status"] == "PENDING"
    d = p.diff(pending.id, pending.outs, checked(p, _ex(approve=True)))
    assert d.changes is True and d.replaces == []
    approved = p.update(pending.id, pending.outs, checked(p, _ex(approve=True)))
    assert approved.outs["status"] == "APPROVED"
    p.delete(pending.id, approved.outs)
    assert _statuses(approver_emu) == ["REJECTED"]

    direct = p.create(checked(p, _ex(approve=True, rule="Has docs")))
    assert direct.outs["status"] == "APPROVED"

    # deleting a pending request denies it
    pend = p.create(checked(p, _ex(reason="later")))
    assert pend.outs["status"] == "PENDING"
    p.delete(pend.id, pend.outs)
    assert p.read(pend.id, pend.outs).id == ""


def test_conflict_then_adopt(make: Any, emu: Emulator) -> None:
    ids = _setup(emu)
    body = {"ruleIdentifier": ids["Has on-call"], "reason": "theirs", "days": None}
    assert api(emu).post("/api/v1/scorecards/ready/entity/payments-svc/exemption", json=body).status_code == 200
    p = make(_ExemptionProvider)
    with pytest.raises(CortexResourceError) as err:
        p.create(checked(p, _ex()))
    assert "adopt=True" in str(err.value) and "ready/payments-svc/Has on-call" in str(err.value)
    adopted = p.create(checked(p, _ex(adopt=True, reason="theirs", days=None)))
    assert adopted.outs["reason"] == "theirs" and _statuses(emu) == ["APPROVED"]
    redeclared = p.create(checked(p, _ex(adopt=True)))
    assert redeclared.outs["reason"] == "rotation starts in Q1"
    assert sorted(_statuses(emu)) == ["APPROVED", "REJECTED"]


def test_unknown_rule_names_the_known_ones(make: Any, emu: Emulator) -> None:
    _setup(emu)
    p = make(_ExemptionProvider)
    with pytest.raises(CortexResourceError, match="'Has on-call', 'Has docs'"):
        p.create(checked(p, _ex(rule="Nope")))


@pytest.mark.parametrize(
    ("news", "field"),
    [
        (_ex(scorecard=None), "scorecard"),
        (_ex(entity="a b"), "entity"),
        (_ex(rule=""), "rule"),
        (_ex(reason=None), "reason"),
        (_ex(days=-1), "days"),
        (_ex(days=1.5), "days"),
        (_ex(approve="yes"), "approve"),
    ],
)
def test_check_failures(make: Any, news: dict[str, Any], field: str) -> None:
    got = failures(make(_ExemptionProvider), news)
    assert field in got, got
