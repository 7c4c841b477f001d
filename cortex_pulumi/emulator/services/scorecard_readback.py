"""Scorecard read-back: the descriptor as posted, its effective settings, and its YAML and JSON renderings.

Each read-back normalisation below carries its decision and evidence; docs/emulator.md has the full table.
The sources are abbreviated as:

- TF: cortexapps/terraform-provider-cortex (internal/cortex/scorecards.go, scorecard_parser.go,
  internal/provider/scorecard_resource_models.go, examples/resources/scorecard/resource.tf).
- LIB: cortexapps/scorecard-library, descriptors "exported directly from the Cortex UI" (README.md) and the
  create answer its README quotes for vulnerability-management.cxs.
- SPEC: the official OpenAPI document (ScorecardResponse, Notifications, ExemptionsSettings,
  EvaluationDetails, ScorecardRule).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import yaml

DEFAULT_EVALUATION_WINDOW = 4
DEFAULT_WEIGHT = 1

# Name-based rule identifiers (UUIDv3, like the identifiers real Cortex returns) live in this namespace.
RULE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://api.getcortexapp.com/api/v1/scorecards#rule")


def rule_identifier(scorecard_tag: str, rule: dict[str, Any]) -> str:
    """Stable across re-upserts while the scorecard tag and rule title stay the same."""
    # A rule without a title is named by its expression, the only other required text.
    name = rule.get("title") or rule["expression"]
    return str(uuid.uuid3(RULE_NAMESPACE, f"{scorecard_tag}\n{name}"))


def timestamp(value: Any) -> str | None:
    """An ISO-8601 UTC text for a YAML timestamp or date-time string, or None if it is neither."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------- the posted form


def _given(obj: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """The keys the client gave, in this order; a null counts as not given (no client sends one on purpose)."""
    return {key: obj[key] for key in keys if obj.get(key) is not None}


def _posted_filter(flt: dict[str, Any]) -> dict[str, Any]:
    out = _given(flt, ("kind", "category"))
    for part in ("types", "groups"):
        if isinstance(flt.get(part), dict):
            out[part] = {side: list(values) for side, values in _given(flt[part], ("include", "exclude")).items()}
    return {**out, **_given(flt, ("query",))}


def _posted_rule(rule: dict[str, Any]) -> dict[str, Any]:
    # No `weight: 1` is added: TF's parser itself assumes 1 when `weight` is missing (scorecard_parser.go),
    # and nothing shows Cortex writing it into the descriptor; the JSON view and scoring apply the default.
    out = _given(rule, ("title", "description", "expression", "weight", "level", "failureMessage"))
    if rule.get("effectiveFrom") is not None:
        # A YAML timestamp loads as a date-time; it is kept as the ISO-8601 UTC text SPEC shows (a string).
        out["effectiveFrom"] = timestamp(rule["effectiveFrom"])
    if isinstance(rule.get("filter"), dict):
        out["filter"] = _posted_filter(rule["filter"])
    return out


def posted(doc: dict[str, Any]) -> dict[str, Any]:
    """A valid descriptor as read back: what was posted, unknown keys dropped, keys in LIB's export order."""
    out = _given(doc, ("tag", "name", "description", "draft"))
    # `draft`, `notifications`, `exemptions` and `evaluation` come back only as posted: LIB's exports carry
    # partial blocks (`exemptions: {enabled: true}` with no `autoApprove`, `notifications: {enabled: true}`
    # with no `scoreDropNotificationsEnabled`) and no `evaluation` at all, so Cortex stores what it is given.
    # Adding `evaluation: {window: 4}` breaks TF, whose optional `evaluation` must read back null.
    for block, keys in (
        ("notifications", ("enabled", "scoreDropNotificationsEnabled")),
        ("exemptions", ("enabled", "autoApprove", "userSpecificNotifications")),
        ("evaluation", ("window",)),
    ):
        if isinstance(doc.get(block), dict):
            out[block] = _given(doc[block], keys)
    if isinstance(doc.get("ladder"), dict):
        ladder = _given(doc["ladder"], ("name",))
        # Levels keep the posted order: TF keeps them as an ordered list and its own example declares
        # Gold (3), Silver (2), Bronze (1); sorting them makes that example fail after apply.
        ladder["levels"] = [_given(lv, ("name", "rank", "description", "color")) for lv in doc["ladder"]["levels"]]
        out["ladder"] = ladder
    # Rules keep the posted order: LIB's service-onboarding export lists them neither by title nor by level,
    # and TF dropped its own rule sorting to rely on the order Cortex returns.
    out["rules"] = [_posted_rule(rule) for rule in doc["rules"]]
    if isinstance(doc.get("filter"), dict):
        out["filter"] = _posted_filter(doc["filter"])
    return out


# --------------------------------------------------------------------------- effective settings


def effective(descriptor: dict[str, Any]) -> dict[str, Any]:
    """The settings Cortex applies to a posted descriptor (scoring, exemptions, the JSON view); never rendered as YAML."""
    draft = bool(descriptor.get("draft", False))
    notifications = descriptor.get("notifications") or {}
    exemptions = descriptor.get("exemptions") or {}
    out = dict(descriptor)
    out["draft"] = draft
    # SPEC Notifications: `enabled` "defaults to true for non-draft Scorecards and to false for draft
    # Scorecards"; `scoreDropNotificationsEnabled` "defaults to false".
    out["notifications"] = {
        "enabled": notifications.get("enabled", not draft),
        "scoreDropNotificationsEnabled": notifications.get("scoreDropNotificationsEnabled", False),
    }
    # SPEC ExemptionsSettings: `enabled` "defaults to true", `autoApprove` "defaults to false".
    out["exemptions"] = {**exemptions, "enabled": exemptions.get("enabled", True),
                         "autoApprove": exemptions.get("autoApprove", False)}
    # SPEC EvaluationDetails: "If the evaluation window is not set, the Scorecard is evaluated every 4 hours";
    # LIB's quoted create answer shows `"evaluation":{"window":4}` for a descriptor without `evaluation`.
    out["evaluation"] = {"window": (descriptor.get("evaluation") or {}).get("window") or DEFAULT_EVALUATION_WINDOW}
    if "ladder" in descriptor:
        # Scoring walks the ladder from the lowest rank up; the rendered views keep the posted order.
        levels = sorted(descriptor["ladder"]["levels"], key=lambda lv: lv["rank"])
        out["ladder"] = {**descriptor["ladder"], "levels": levels}
    # SPEC ScorecardRule.weight: "When using levels, this defaults to 1". Scoring of a points-only rule
    # without a weight uses the same 1 (the JSON view shows no weight for it: SPEC is silent there).
    out["rules"] = [{**rule, "weight": rule.get("weight", DEFAULT_WEIGHT)} for rule in descriptor["rules"]]
    return out


# --------------------------------------------------------------------------- rendering


def to_yaml(descriptor: dict[str, Any]) -> str:
    """The posted descriptor as YAML text, keys in the read-back order."""
    return yaml.safe_dump(descriptor, sort_keys=False, allow_unicode=True, default_flow_style=False)


def _filter_json(flt: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in ("types", "groups"):
        if part in flt:
            # LIB's quoted create answer: `"types":{"include":["service"],"exclude":[]}`.
            out[part] = {"include": flt[part].get("include", []), "exclude": flt[part].get("exclude", [])}
    if "query" in flt:
        out["query"] = flt["query"]
    return out


def _rule_json(tag: str, rule: dict[str, Any], has_ladder: bool) -> dict[str, Any]:
    item: dict[str, Any] = {"identifier": rule_identifier(tag, rule)}
    item.update(_given(rule, ("title", "description", "expression")))
    if "weight" in rule or has_ladder:
        item["weight"] = rule.get("weight", DEFAULT_WEIGHT)
    if "level" in rule:
        item["levelName"] = rule["level"]
    item.update(_given(rule, ("failureMessage", "effectiveFrom")))
    if "filter" in rule:
        item["filter"] = _filter_json(rule["filter"])
    return item


def to_json(descriptor: dict[str, Any], last_updated: str) -> dict[str, Any]:
    """The `ScorecardResponse` JSON for a posted descriptor: SPEC's required settings filled, lists in posted order."""
    settings = effective(descriptor)
    tag = descriptor["tag"]
    out: dict[str, Any] = {"tag": tag, "name": descriptor["name"], **_given(descriptor, ("description",))}
    out["isDraft"] = settings["draft"]
    out["lastUpdated"] = last_updated
    out["notifications"] = settings["notifications"]
    out["exemptions"] = {k: settings["exemptions"][k] for k in ("enabled", "autoApprove")}
    out["evaluation"] = settings["evaluation"]
    if "filter" in descriptor:
        out["filter"] = _filter_json(descriptor["filter"])
    if "ladder" in descriptor:
        out["levels"] = [{"level": {"name": lv["name"], "number": lv["rank"]}} for lv in descriptor["ladder"]["levels"]]
    out["rules"] = [_rule_json(tag, rule, "ladder" in descriptor) for rule in descriptor["rules"]]
    return out


__all__ = [
    "DEFAULT_EVALUATION_WINDOW",
    "DEFAULT_WEIGHT",
    "effective",
    "posted",
    "rule_identifier",
    "timestamp",
    "to_json",
    "to_yaml",
]
