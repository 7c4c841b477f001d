"""Scorecard scoring: which entities a scorecard applies to, rule outcomes, levels, next steps, badges."""

from __future__ import annotations

import dataclasses
import datetime as dt
import urllib.parse
from collections.abc import Iterable, Mapping
from typing import Any

from cortex_pulumi.emulator.scoring import cql
from cortex_pulumi.emulator.services.scorecard_descriptor import rule_identifier

# Legacy `filter.category` values and the entity type each one stands for.
CATEGORY_TYPES = {"SERVICE": "service", "RESOURCE": "resource", "DOMAIN": "domain"}


def parse_time(text: Any) -> dt.datetime | None:
    """An aware datetime from an ISO-8601 string (``Z`` accepted on Python 3.10), or None."""
    if not isinstance(text, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def facts_for(entity: Mapping[str, Any], deploys: Iterable[Mapping[str, Any]] = ()) -> cql.EntityFacts:
    """What CQL sees of an entity view (see emulator/entities.py) and its deploy documents."""
    times = [t for t in (parse_time(d.get("timestamp")) for d in deploys) if t is not None]
    return cql.EntityFacts(
        tag=entity["tag"],
        groups=tuple(entity.get("groups") or ()),
        custom=dict(entity.get("customData") or {}),
        deploy_times=tuple(times),
    )


def filter_matches(flt: Mapping[str, Any] | None, entity: Mapping[str, Any], facts: cql.EntityFacts, now: dt.datetime) -> bool:
    """Whether a descriptor filter (types, groups, legacy category, CQL query) selects the entity."""
    if not flt:
        return True
    etype = entity.get("type", "")
    category = flt.get("category")
    if category is not None and CATEGORY_TYPES.get(category) != etype:
        return False
    types = flt.get("types") or {}
    if types.get("include") and etype not in types["include"]:
        return False
    if etype in (types.get("exclude") or ()):
        return False
    groups = set(entity.get("groups") or ())
    group_filter = flt.get("groups") or {}
    if group_filter.get("include") and not groups.intersection(group_filter["include"]):
        return False
    if groups.intersection(group_filter.get("exclude") or ()):
        return False
    query = flt.get("query")
    # An unsupported or failing filter query selects nothing, as a query error would on Cortex.
    return not query or cql.check(query, facts, now).passed


@dataclasses.dataclass(frozen=True)
class RuleResult:
    """One applicable rule's outcome for one entity."""

    rule: dict[str, Any]
    identifier: str
    passed: bool
    exempt: bool
    error: str | None

    @property
    def counts(self) -> bool:
        """Approved exemptions make a rule count as passed."""
        return self.passed or self.exempt

    @property
    def score(self) -> float:
        weight: float = self.rule["weight"]
        return weight if self.counts else 0


@dataclasses.dataclass(frozen=True)
class EntityScore:
    """A scorecard's evaluation of one entity."""

    entity: dict[str, Any]
    results: list[RuleResult]
    level: dict[str, Any] | None  # the achieved ladder level (descriptor form), None when none/no ladder
    next_level: dict[str, Any] | None

    @property
    def score(self) -> float:
        return sum(r.score for r in self.results)

    @property
    def total(self) -> float:
        total: float = sum(r.rule["weight"] for r in self.results)
        return total

    @property
    def percentage(self) -> float:
        return self.score / self.total if self.total else 0.0


def score_entity(
    descriptor: Mapping[str, Any],
    entity: dict[str, Any],
    facts: cql.EntityFacts,
    exempt_rules: set[str],
    now: dt.datetime,
) -> EntityScore:
    """Evaluate every rule whose own filter selects the entity; derive the ladder level."""
    tag = descriptor["tag"]
    results = []
    for rule in descriptor["rules"]:
        if not filter_matches(rule.get("filter"), entity, facts, now):
            continue
        effective = parse_time(rule.get("effectiveFrom"))
        if effective is not None and effective > now:
            continue  # not evaluated before its effective date
        ident = rule_identifier(tag, rule)
        outcome = cql.check(rule["expression"], facts, now)
        results.append(RuleResult(rule, ident, outcome.passed, ident in exempt_rules, outcome.error))
    level, nxt = _levels(descriptor, results)
    return EntityScore(entity, results, level, nxt)


def _levels(descriptor: Mapping[str, Any], results: list[RuleResult]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The highest level whose rules, and those of every level below it, all count as passed."""
    ladder = descriptor.get("ladder")
    if not ladder:
        return None, None
    achieved: dict[str, Any] | None = None
    for level in ladder["levels"]:  # normalised: ascending rank, 1 = lowest
        if all(r.counts for r in results if r.rule.get("level") == level["name"]):
            achieved = level
            continue
        return achieved, level
    return achieved, None


def level_json(level: Mapping[str, Any]) -> dict[str, Any]:
    return {"level": {"name": level["name"], "number": level["rank"]}}


def _ladder_levels(es: EntityScore) -> list[dict[str, Any]]:
    return [level_json(es.level)] if es.level else []


def service_score_json(es: EntityScore, last_evaluated: str, exemptions: list[dict[str, Any]]) -> dict[str, Any]:
    """A `ServiceScore` entry of the scores endpoint."""
    rules = []
    for r in es.results:
        item: dict[str, Any] = {"identifier": r.identifier, "expression": r.rule["expression"], "score": r.score}
        if r.error is not None and not r.exempt:
            item["error"] = r.error
        rules.append(item)
    entity = es.entity
    return {
        "lastEvaluated": last_evaluated,
        "service": {
            "id": entity["id"],
            "tag": entity["tag"],
            "name": entity.get("name") or entity["tag"],
            "groups": list(entity.get("groups") or []),
            "owners": {
                "groups": list((entity.get("owners") or {}).get("groups") or []),
                "individuals": list((entity.get("owners") or {}).get("individuals") or []),
            },
        },
        "score": {
            "ladderLevels": _ladder_levels(es),
            "rules": rules,
            "summary": {"score": es.score, "totalPossibleScore": es.total, "percentage": es.percentage},
        },
        "ruleExemptions": exemptions,
    }


def scorecard_score_json(scorecard_id: int, descriptor: Mapping[str, Any], es: EntityScore) -> dict[str, Any]:
    """A `ScorecardScore` entry of an entity's scorecard scores."""
    return {
        "scorecardId": scorecard_id,
        "scorecardName": descriptor["name"],
        "score": es.score,
        "scorePercentage": es.percentage,
        "totalPossibleScore": es.total,
        "ladderLevels": _ladder_levels(es),
    }


def next_steps_json(descriptor: Mapping[str, Any], es: EntityScore) -> dict[str, Any]:
    """`NextSteps1`: the rules still failing on the way to the next level (all failing rules without a ladder)."""
    if descriptor.get("ladder"):
        ranks = {lv["name"]: lv["rank"] for lv in descriptor["ladder"]["levels"]}
        limit = es.next_level["rank"] if es.next_level else None
        todo = [
            r
            for r in es.results
            if not r.counts and limit is not None and r.rule.get("level") in ranks and ranks[r.rule["level"]] <= limit
        ]
    else:
        todo = [r for r in es.results if not r.counts]
    step: dict[str, Any] = {}
    if es.level:
        step["currentLevel"] = level_json(es.level)
    if es.next_level:
        step["nextLevel"] = level_json(es.next_level)
    step["rulesToComplete"] = [_rule_json(r) for r in todo]
    return {"nextSteps": [step]}


def _rule_json(r: RuleResult) -> dict[str, Any]:
    out: dict[str, Any] = {"expression": r.rule["expression"], "identifier": r.identifier}
    for key in ("title", "description"):
        if key in r.rule:
            out[key] = r.rule[key]
    return out


def _shield(text: str) -> str:
    # shields.io static badges: "-" and "_" are separators, doubled to be literal; the rest is URL-encoded.
    return urllib.parse.quote(text.replace("-", "--").replace("_", "__"), safe="")


def badge_markdown(descriptor: Mapping[str, Any], es: EntityScore, base_url: str) -> str:
    """``[![<name>](https://img.shields.io/badge/<name>-<level or score>-<color>)](<base url>)``."""
    name = descriptor["name"]
    if descriptor.get("ladder"):
        message = es.level["name"] if es.level else "No Level"
        color = str(es.level["color"]).lstrip("#") if es.level else "lightgrey"
    else:
        message = f"{round(es.percentage * 100)}%"
        color = "brightgreen" if es.percentage >= 0.8 else "yellow" if es.percentage >= 0.5 else "red"
    url = f"https://img.shields.io/badge/{_shield(name)}-{_shield(message)}-{_shield(color)}"
    return f"[![{name}]({url})]({base_url})"
