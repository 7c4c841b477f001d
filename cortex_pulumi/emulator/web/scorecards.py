"""The scorecards pages: each ladder in its colours, rules by level, settings, entities' levels, exemptions."""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request

from cortex_pulumi.emulator.services import scorecard_store as data
from cortex_pulumi.emulator.services.scorecard_descriptor import find_rule
from cortex_pulumi.emulator.store import Cursor

from .page import NotFound, page

#: A level's colour is drawn only when it is a hex colour: anything else could restyle the page.
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
NO_COLOR = "#8c959f"


def color(level: dict[str, Any] | None) -> str:
    value = str((level or {}).get("color") or "")
    return value if _COLOR.match(value) else NO_COLOR


def levels(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    """The ladder from its lowest rank up (the effective descriptor keeps them sorted), each with its colour."""
    return [{**level, "css": color(level)} for level in (descriptor.get("ladder") or {}).get("levels") or ()]


def _rules_by_level(descriptor: dict[str, Any]) -> list[tuple[dict[str, Any] | None, list[dict[str, Any]]]]:
    ladder = levels(descriptor)
    groups: list[tuple[dict[str, Any] | None, list[dict[str, Any]]]] = [
        (level, [r for r in descriptor["rules"] if r.get("level") == level["name"]]) for level in ladder]
    named = {level["name"] for level in ladder}
    loose = [r for r in descriptor["rules"] if r.get("level") not in named]
    return [g for g in groups if g[1]] + ([(None, loose)] if loose else [])


def _evaluation(tx: Cursor, doc: dict[str, Any]) -> list[dict[str, Any]]:
    now = data.utcnow()
    out = []
    for entity, facts in data.scoped_entities(tx, doc, now):
        result = data.score(tx, doc, entity, facts, now)
        failing = [r.rule["title"] for r in result.results if not r.counts]
        exempt = [r.rule["title"] for r in result.results if r.exempt and not r.passed]
        out.append({"tag": entity["tag"], "name": entity.get("name") or entity["tag"],
                    "team": entity.get("type") == "team", "level": result.level,
                    "css": color(result.level), "score": result.score, "total": result.total,
                    "failing": failing, "exempt": exempt, "evaluated": data.last_evaluated(tx, doc, entity["tag"])})
    return out


def _exemptions(tx: Cursor, tag: str | None) -> list[dict[str, Any]]:
    out = []
    prefix = f"{tag}/" if tag else None
    for key, item in zip(tx.keys(data.EXEMPTION, prefix), tx.list(data.EXEMPTION, prefix), strict=True):
        scorecard, entity, _rule = key.split("/", 2)
        card = tx.get(data.SCORECARD, scorecard)
        rule = find_rule(card["descriptor"], item["ruleIdentifier"]) if card else None
        for record in item["history"]:
            out.append({"scorecard": scorecard, "entity": entity,
                        "rule": rule["title"] if rule else item["ruleIdentifier"],
                        "status": record["exemptionStatus"]["status"], "reason": record.get("requestingReason"),
                        "until": record.get("endDate"), "requested": record.get("requestedDate")})
    return out


@page("/scorecards", "scorecards.html", "scorecards", menu=(2, "Scorecards"))
def scorecards(request: Request, tx: Cursor) -> dict[str, Any]:
    cards = [{"descriptor": doc["descriptor"], "levels": levels(doc["descriptor"])} for doc in tx.list(data.SCORECARD)]
    return {"cards": cards, "exemptions": _exemptions(tx, None)}


@page("/scorecards/{tag}", "scorecard.html", "scorecards")
def scorecard(request: Request, tx: Cursor) -> dict[str, Any]:
    tag = request.path_params["tag"]
    doc = tx.get(data.SCORECARD, tag)
    if doc is None:
        raise NotFound(f"No scorecard has the tag {tag!r}.")
    descriptor = doc["descriptor"]
    return {"card": descriptor, "levels": levels(descriptor), "groups": _rules_by_level(descriptor),
            "entities": _evaluation(tx, doc), "exemptions": _exemptions(tx, tag), "updated": doc["lastUpdated"]}
