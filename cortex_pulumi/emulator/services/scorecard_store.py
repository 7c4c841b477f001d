"""Store access shared by the scorecard and exemption services: documents, scope and exemption lookups.

Kinds and keys (documents in the emulator store):

- ``scorecard``/``<tag>`` -> ``{"id": int, "descriptor": <effective settings>, "posted": <descriptor as read back>,
  "lastUpdated": iso}`` (see services/scorecard_readback.py); ``id`` is the numeric ``scorecardId`` (the
  ``scorecard`` counter), kept across upserts.
- ``scorecard_eval``/``<scorecard tag>/<entity tag>`` -> ``{"lastEvaluated": iso}`` (set by evaluate).
- ``exemption``/``<scorecard tag>/<entity tag>/<rule identifier>`` ->
  ``{"ruleIdentifier": str, "history": [RuleExemptionDefinition, ...]}`` oldest first.

Entities come from emulator/entities.py (teams and registered entities), deploys from the ``deploy`` kind
(``<entity tag>/<uuid>`` documents with an ISO ``timestamp``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cortex_pulumi.emulator.entities import find_entity, list_entities
from cortex_pulumi.emulator.http import ApiError
from cortex_pulumi.emulator.scoring import cql, scores
from cortex_pulumi.emulator.services.scorecard_descriptor import find_rule, rule_identifier
from cortex_pulumi.emulator.store import Cursor

SCORECARD = "scorecard"
EVALUATION = "scorecard_eval"
EXEMPTION = "exemption"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def load_scorecard(tx: Cursor, tag: str) -> dict[str, Any]:
    doc = tx.get(SCORECARD, tag)
    if doc is None:
        raise ApiError(404, f"Scorecard '{tag}' not found", details=f"no scorecard has tag {tag}")
    return doc


def facts(tx: Cursor, entity: dict[str, Any]) -> cql.EntityFacts:
    return scores.facts_for(entity, tx.list("deploy", prefix=f"{entity['tag']}/"))


def in_scope(descriptor: dict[str, Any], entity: dict[str, Any], entity_facts: cql.EntityFacts, now: dt.datetime) -> bool:
    return scores.filter_matches(descriptor.get("filter"), entity, entity_facts, now)


def scoped_entity(tx: Cursor, doc: dict[str, Any], tag_or_id: str, now: dt.datetime) -> tuple[dict[str, Any], cql.EntityFacts]:
    """The entity view and its CQL facts; 404 when unknown or outside the scorecard's filter."""
    entity = find_entity(tx, tag_or_id)
    entity_facts = facts(tx, entity)
    descriptor = doc["descriptor"]
    if not in_scope(descriptor, entity, entity_facts, now):
        raise ApiError(
            404,
            f"Entity '{tag_or_id}' is not evaluated by scorecard '{descriptor['tag']}'",
            details="the scorecard's filter does not select this entity",
        )
    return entity, entity_facts


def scoped_entities(tx: Cursor, doc: dict[str, Any], now: dt.datetime) -> list[tuple[dict[str, Any], cql.EntityFacts]]:
    """Every entity the scorecard's filter selects, teams first, in creation order."""
    out = []
    for entity in list_entities(tx):
        entity_facts = facts(tx, entity)
        if in_scope(doc["descriptor"], entity, entity_facts, now):
            out.append((entity, entity_facts))
    return out


def exemption_key(scorecard_tag: str, entity_tag: str, rule_id: str) -> str:
    return f"{scorecard_tag}/{entity_tag}/{rule_id}"


def _active(record: dict[str, Any], now: dt.datetime) -> bool:
    if record["exemptionStatus"]["status"] != "APPROVED":
        return False
    end = scores.parse_time(record.get("endDate"))
    return end is None or end > now


def exemptions_for(tx: Cursor, doc: dict[str, Any], entity_tag: str, now: dt.datetime) -> tuple[set[str], list[dict[str, Any]]]:
    """Identifiers of rules with an active approved exemption, and every exemption (with its rule)."""
    descriptor = doc["descriptor"]
    active: set[str] = set()
    listed: list[dict[str, Any]] = []
    for item in tx.list(EXEMPTION, prefix=f"{descriptor['tag']}/{entity_tag}/"):
        rule = find_rule(descriptor, item["ruleIdentifier"])
        if rule is None:
            continue  # the rule was removed or retitled since
        for record in item["history"]:
            if _active(record, now):
                active.add(item["ruleIdentifier"])
            listed.append({**record, "ruleIdentifier": item["ruleIdentifier"], "ruleExpression": rule["expression"]})
    return active, listed


def score(tx: Cursor, doc: dict[str, Any], entity: dict[str, Any], entity_facts: cql.EntityFacts, now: dt.datetime) -> scores.EntityScore:
    active, _ = exemptions_for(tx, doc, entity["tag"], now)
    return scores.score_entity(doc["descriptor"], entity, entity_facts, active, now)


def last_evaluated(tx: Cursor, doc: dict[str, Any], entity_tag: str) -> str:
    evaluation = tx.get(EVALUATION, f"{doc['descriptor']['tag']}/{entity_tag}")
    last: str = evaluation["lastEvaluated"] if evaluation else doc["lastUpdated"]
    return last


def require_rule(doc: dict[str, Any], identifier: Any) -> dict[str, Any]:
    descriptor = doc["descriptor"]
    rule = find_rule(descriptor, identifier) if isinstance(identifier, str) else None
    if rule is None:
        raise ApiError(
            404,
            f"Rule '{identifier}' not found in scorecard '{descriptor['tag']}'",
            details="ruleIdentifier must be one of the scorecard's rule identifiers",
        )
    return rule


__all__ = [
    "EVALUATION",
    "EXEMPTION",
    "SCORECARD",
    "exemption_key",
    "exemptions_for",
    "last_evaluated",
    "load_scorecard",
    "require_rule",
    "rule_identifier",
    "score",
    "scoped_entities",
    "scoped_entity",
    "utcnow",
]
