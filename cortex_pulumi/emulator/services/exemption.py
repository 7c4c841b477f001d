"""Emulator routes for scorecard rule exemptions: request, approve, deny and revoke.

State machine per (scorecard, entity, rule): request -> PENDING (APPROVED at once for an ADMIN key or
when the scorecard sets ``exemptions.autoApprove``); approve: PENDING -> APPROVED; deny: PENDING ->
REJECTED; revoke: APPROVED -> REJECTED. A new request is refused while one is pending or in force.
``days`` null, absent or 0 means permanent (no ``endDate``); n > 0 gives ``endDate = requestedDate + n``.
Store layout: see services/scorecard_store.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from cortex_pulumi.emulator.auth import CONFIGURE_EXEMPTIONS, ApiKey
from cortex_pulumi.emulator.checks import every
from cortex_pulumi.emulator.http import (
    ApiError,
    Router,
    api_key,
    field_str,
    json_response,
    read_json_object,
    store_of,
)
from cortex_pulumi.emulator.services import scorecard_store as data
from cortex_pulumi.emulator.store import Cursor

router = Router()


def iso(moment: dt.datetime) -> str:
    """Millisecond UTC timestamps, like every other date the emulator returns."""
    utc = moment.astimezone(dt.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def actor(key: ApiKey) -> dict[str, Any]:
    return {"type": "API", "apiKeyLast4": key.last4}


def _days(body: dict[str, Any]) -> int:
    days = body.get("days")
    if days is None:
        return 0
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise ApiError(400, "Field 'days' must be a non-negative integer or null", details="invalid field: days")
    return days


def _target(request: Request, tx: Cursor, rule_id: str | None, now: dt.datetime) -> tuple[Any, Any, str]:
    """(scorecard document, entity, store key) of the exemptions a request addresses; 404/400 when either the
    scorecard, the entity (in the scorecard's scope) or the rule is not there."""
    doc = data.load_scorecard(tx, request.path_params["tag"])
    entity, _ = data.scoped_entity(tx, doc, request.path_params["entityTag"], now)
    data.require_rule(doc, rule_id)
    assert rule_id is not None
    return doc, entity, data.exemption_key(request.path_params["tag"], entity["tag"], rule_id)


@router.post("/api/v1/scorecards/{tag}/entity/{entityTag}/exemption", needs=None)  # any key may request one
async def request_exemption(request: Request) -> Response:
    key = api_key(request)
    body = await read_json_object(request)
    rule_id, reason, days = every(lambda: field_str(body, "ruleIdentifier"), lambda: field_str(body, "reason"),
                                  lambda: _days(body))
    now = data.utcnow()
    tag = request.path_params["tag"]
    with store_of(request).transaction() as tx:
        doc, entity, store_key = _target(request, tx, rule_id, now)
        settings = doc["descriptor"]["exemptions"]
        if not settings["enabled"]:
            raise ApiError(400, f"Rule exemptions are disabled for scorecard '{tag}'", details="exemptions.enabled is false")
        item = tx.get(data.EXEMPTION, store_key) or {"ruleIdentifier": rule_id, "history": []}
        active, _ = data.exemptions_for(tx, doc, entity["tag"], now)
        if rule_id in active or any(r["exemptionStatus"]["status"] == "PENDING" for r in item["history"]):
            raise ApiError(
                400,
                "An exemption for this rule is already pending or approved",
                details=f"rule {rule_id} for entity {entity['tag']}",
            )
        record: dict[str, Any] = {"requestedBy": actor(key), "requestedDate": iso(now), "requestingReason": reason}
        if days > 0:
            record["endDate"] = iso(now + dt.timedelta(days=days))
        if key.is_admin:
            record["exemptionStatus"] = {"status": "APPROVED", "date": iso(now), "handledBy": actor(key)}
        elif settings["autoApprove"]:
            record["exemptionStatus"] = {"status": "APPROVED", "date": iso(now)}
        else:
            record["exemptionStatus"] = {"status": "PENDING"}
        item["history"].append(record)
        tx.put(data.EXEMPTION, store_key, item)
    return json_response(record)


async def _transition(request: Request, source: str, target: str, needs_reason: bool, empty_message: str) -> Response:
    key = api_key(request)
    body = await read_json_object(request)
    # The reason is required by the contract; Cortex keeps no rejection reason in the record.
    rule_id, _ = every(lambda: field_str(body, "ruleIdentifier"),
                       lambda: field_str(body, "reason") if needs_reason else None)
    now = data.utcnow()
    with store_of(request).transaction() as tx:
        _, entity, store_key = _target(request, tx, rule_id, now)
        item = tx.get(data.EXEMPTION, store_key) or {"ruleIdentifier": rule_id, "history": []}
        changed = []
        for record in item["history"]:
            if record["exemptionStatus"]["status"] == source:
                record["exemptionStatus"] = {"status": target, "date": iso(now), "handledBy": actor(key)}
                changed.append(record)
        if not changed:
            raise ApiError(400, empty_message, details=f"rule {rule_id} for entity {entity['tag']}")
        tx.put(data.EXEMPTION, store_key, item)
    return json_response({"exemptions": changed})


@router.put("/api/v1/scorecards/{tag}/entity/{entityTag}/exemption/approve", needs=CONFIGURE_EXEMPTIONS)
async def approve(request: Request) -> Response:
    return await _transition(request, "PENDING", "APPROVED", False, "No pending exemptions to approve found")


@router.put("/api/v1/scorecards/{tag}/entity/{entityTag}/exemption/deny", needs=CONFIGURE_EXEMPTIONS)
async def deny(request: Request) -> Response:
    return await _transition(request, "PENDING", "REJECTED", True, "No pending exemptions to deny found")


@router.put("/api/v1/scorecards/{tag}/entity/{entityTag}/exemption/revoke", needs=CONFIGURE_EXEMPTIONS)
async def revoke(request: Request) -> Response:
    return await _transition(request, "APPROVED", "REJECTED", True, "No approved exemptions to revoke found")


routes = router.routes
