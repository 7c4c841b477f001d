"""Emulator contract tests for scorecard rule exemptions: the request/approve/deny/revoke state machine."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import requests

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.emulator.services import scorecard_store
from tests.emulator._scorecard_support import LADDER, create, rule_ids, service
from tests.support import ADMIN_TOKEN, VIEWER_TOKEN, api
from tests.support.openapi import validate_response, validate_schema

BASE = "/api/v1/scorecards/{tag}/entity/{entityTag}/exemption"


@pytest.fixture
def rule(emu: Emulator) -> str:
    """The Gold rule of the ladder scorecard, and an entity "svc" at Silver."""
    service(emu, "svc", custom_data={"owner": "ada"}, groups=["tier-1"])
    return rule_ids(create(emu, LADDER))["Deployed this week"]


def request(emu: Emulator, rule_id: str, token: str = VIEWER_TOKEN, entity: str = "svc", **body: Any) -> requests.Response:
    payload = {"ruleIdentifier": rule_id, "reason": "migrating", **body}
    return api(emu, token).post(f"/api/v1/scorecards/readiness/entity/{entity}/exemption", json=payload)


def act(emu: Emulator, action: str, rule_id: str, token: str = ADMIN_TOKEN, **body: Any) -> requests.Response:
    payload = {"ruleIdentifier": rule_id, **body}
    return api(emu, token).put(f"/api/v1/scorecards/readiness/entity/svc/exemption/{action}", json=payload)


def ok(response: requests.Response, method: str, path: str) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    validate_response(method, path, 200, body)
    return body


def level_of(emu: Emulator) -> list[str]:
    entry = api(emu).get("/api/v1/scorecards/readiness/scores", params={"entityTag": "svc"}).json()["serviceScores"][0]
    return [lv["level"]["name"] for lv in entry["score"]["ladderLevels"]]


def test_viewer_request_approve_revoke_then_deny(emu: Emulator, rule: str) -> None:
    pending = ok(request(emu, rule, dryRun=None), "post", BASE)
    assert pending["exemptionStatus"] == {"status": "PENDING"}
    assert pending["requestedBy"] == {"type": "API", "apiKeyLast4": VIEWER_TOKEN[-4:]}
    assert pending["requestingReason"] == "migrating" and "endDate" not in pending
    assert level_of(emu) == ["Silver"]  # a pending exemption changes nothing

    approved = ok(act(emu, "approve", rule), "put", BASE + "/approve")
    (entry,) = approved["exemptions"]
    assert entry["exemptionStatus"]["status"] == "APPROVED"
    assert entry["exemptionStatus"]["handledBy"] == {"type": "API", "apiKeyLast4": ADMIN_TOKEN[-4:]}
    assert entry["exemptionStatus"]["date"] >= entry["requestedDate"]
    assert level_of(emu) == ["Gold"]  # the exempted rule counts as passed

    scores = api(emu).get("/api/v1/scorecards/readiness/scores").json()
    listed = scores["serviceScores"][0]["ruleExemptions"]
    assert [(e["ruleIdentifier"], e["exemptionStatus"]["status"]) for e in listed] == [(rule, "APPROVED")]
    assert listed[0]["ruleExpression"] == 'deploys(lookback=duration("P7D")).length > 0'
    rule_outcome = next(r for r in scores["serviceScores"][0]["score"]["rules"] if r["identifier"] == rule)
    assert rule_outcome["score"] == 1

    revoked = ok(act(emu, "revoke", rule, reason="done"), "put", BASE + "/revoke")
    assert [e["exemptionStatus"]["status"] for e in revoked["exemptions"]] == ["REJECTED"]
    assert level_of(emu) == ["Silver"]

    again = ok(request(emu, rule), "post", BASE)
    assert again["exemptionStatus"]["status"] == "PENDING"
    denied = ok(act(emu, "deny", rule, reason="no"), "put", BASE + "/deny")
    assert [e["exemptionStatus"]["status"] for e in denied["exemptions"]] == ["REJECTED"]
    assert level_of(emu) == ["Silver"]
    history = api(emu).get("/api/v1/scorecards/readiness/scores").json()["serviceScores"][0]["ruleExemptions"]
    assert [e["exemptionStatus"]["status"] for e in history] == ["REJECTED", "REJECTED"]


def test_admin_requests_are_auto_approved(emu: Emulator, rule: str) -> None:
    body = ok(request(emu, rule, token=ADMIN_TOKEN), "post", BASE)
    status = body["exemptionStatus"]
    assert status["status"] == "APPROVED"
    assert status["handledBy"] == {"type": "API", "apiKeyLast4": ADMIN_TOKEN[-4:]}
    assert level_of(emu) == ["Gold"]
    nothing_pending = act(emu, "approve", rule)
    assert nothing_pending.status_code == 400
    validate_response("put", BASE + "/approve", 400, nothing_pending.json())
    assert nothing_pending.json()["message"] == "No pending exemptions to approve found"


def test_scorecard_auto_approve_setting(emu: Emulator) -> None:
    service(emu, "svc")
    scorecard = create(emu, LADDER.replace("filter:", "exemptions: {autoApprove: true}\nfilter:"))
    body = ok(request(emu, rule_ids(scorecard)["Has owner"]), "post", BASE)
    assert body["exemptionStatus"]["status"] == "APPROVED"
    assert "handledBy" not in body["exemptionStatus"]


def test_exemptions_disabled_is_400(emu: Emulator) -> None:
    service(emu, "svc")
    scorecard = create(emu, LADDER.replace("filter:", "exemptions: {enabled: false}\nfilter:"))
    r = request(emu, rule_ids(scorecard)["Has owner"])
    assert r.status_code == 400
    validate_schema("ErrorResponse", r.json())
    assert "disabled" in r.json()["message"]


@pytest.mark.parametrize("days", [None, 0, "absent"])
def test_days_absent_null_or_zero_is_permanent(emu: Emulator, rule: str, days: Any) -> None:
    payload = {} if days == "absent" else {"days": days}
    body = ok(request(emu, rule, **payload), "post", BASE)
    assert "endDate" not in body


def test_days_set_the_end_date(emu: Emulator, rule: str) -> None:
    body = ok(request(emu, rule, days=30), "post", BASE)
    requested = dt.datetime.fromisoformat(body["requestedDate"].replace("Z", "+00:00"))
    end = dt.datetime.fromisoformat(body["endDate"].replace("Z", "+00:00"))
    assert end - requested == dt.timedelta(days=30)


@pytest.mark.parametrize(
    "payload",
    [{"days": -1}, {"days": True}, {"days": "3"}, {"days": 1.5}, {"reason": None}, {"reason": ""}, {"ruleIdentifier": None}],
)
def test_bad_request_bodies(emu: Emulator, rule: str, payload: dict[str, Any]) -> None:
    r = request(emu, rule, **payload)
    assert r.status_code == 400, payload
    validate_schema("ErrorResponse", r.json())


def test_non_object_body_is_400(emu: Emulator, rule: str) -> None:
    r = api(emu).post("/api/v1/scorecards/readiness/entity/svc/exemption", json=[rule])
    assert r.status_code == 400


def test_unknown_scorecard_entity_or_rule_is_404(emu: Emulator, rule: str) -> None:
    service(emu, "lib", type="library")
    cases = [
        ("/api/v1/scorecards/nope/entity/svc/exemption", rule),
        ("/api/v1/scorecards/readiness/entity/nobody/exemption", rule),
        ("/api/v1/scorecards/readiness/entity/lib/exemption", rule),  # outside the scorecard's filter
        ("/api/v1/scorecards/readiness/entity/svc/exemption", "00000000-0000-3000-8000-000000000000"),
    ]
    for path, rule_id in cases:
        r = api(emu).post(path, json={"ruleIdentifier": rule_id, "reason": "x"})
        assert r.status_code == 404, path
        validate_response("post", BASE, 404, r.json())
        for action in ("approve", "deny", "revoke"):
            moved = api(emu).put(f"{path}/{action}", json={"ruleIdentifier": rule_id, "reason": "x"})
            assert moved.status_code == 404, (path, action)
            validate_response("put", f"{BASE}/{action}", 404, moved.json())


def test_nothing_to_act_on_is_400(emu: Emulator, rule: str) -> None:
    for action, message in (
        ("approve", "No pending exemptions to approve found"),
        ("deny", "No pending exemptions to deny found"),
        ("revoke", "No approved exemptions to revoke found"),
    ):
        r = act(emu, action, rule, reason="x")
        assert r.status_code == 400
        validate_response("put", f"{BASE}/{action}", 400, r.json())
        assert r.json()["message"] == message
    ok(request(emu, rule), "post", BASE)
    assert act(emu, "revoke", rule, reason="x").status_code == 400  # pending, not approved


def test_a_second_request_while_one_is_open_is_400(emu: Emulator, rule: str) -> None:
    ok(request(emu, rule), "post", BASE)
    assert request(emu, rule).status_code == 400
    ok(act(emu, "approve", rule), "put", BASE + "/approve")
    assert request(emu, rule).status_code == 400


def test_deny_and_revoke_need_a_reason(emu: Emulator, rule: str) -> None:
    ok(request(emu, rule), "post", BASE)
    assert act(emu, "deny", rule).status_code == 400
    ok(act(emu, "approve", rule), "put", BASE + "/approve")
    assert act(emu, "revoke", rule).status_code == 400


def test_only_exemption_configurers_may_decide(emu: Emulator, rule: str) -> None:
    ok(request(emu, rule), "post", BASE)
    for action in ("approve", "deny", "revoke"):
        r = act(emu, action, rule, token=VIEWER_TOKEN, reason="x")
        assert r.status_code == 403
        validate_schema("ErrorResponse", r.json())
    assert api(emu, None).post("/api/v1/scorecards/readiness/entity/svc/exemption", json={}).status_code == 401


def test_expired_exemptions_stop_counting(emu: Emulator, rule: str) -> None:
    ok(request(emu, rule, token=ADMIN_TOKEN, days=2), "post", BASE)
    with emu.store.read() as tx:
        doc = scorecard_store.load_scorecard(tx, "readiness")
        now = scorecard_store.utcnow()
        assert scorecard_store.exemptions_for(tx, doc, "svc", now)[0] == {rule}
        later = now + dt.timedelta(days=3)
        assert scorecard_store.exemptions_for(tx, doc, "svc", later)[0] == set()


def test_exemptions_of_a_removed_rule_are_not_listed(emu: Emulator, rule: str) -> None:
    ok(request(emu, rule, token=ADMIN_TOKEN), "post", BASE)
    create(emu, LADDER.replace("Deployed this week", "Deployed recently"))
    entry = api(emu).get("/api/v1/scorecards/readiness/scores").json()["serviceScores"][0]
    assert entry["ruleExemptions"] == []
    assert level_of(emu) == ["Silver"]


def test_deleting_the_scorecard_drops_its_exemptions(emu: Emulator, rule: str) -> None:
    ok(request(emu, rule, token=ADMIN_TOKEN), "post", BASE)
    api(emu).delete("/api/v1/scorecards/readiness")
    create(emu, LADDER)
    assert level_of(emu) == ["Silver"]
    assert act(emu, "revoke", rule, reason="x").status_code == 400
