"""Scorecard property shape: snake_case props <-> the client's `ScorecardDescriptor`, and canonical forms for diff."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ...client._json import camel_case
from ...client.dates import format_datetime, parse_datetime
from ...client.models.common import Filter, IncludeExclude
from ...client.models.scorecard import (
    DescriptorRule,
    EvaluationSettings,
    ExemptionSettings,
    Ladder,
    LadderLevelDefinition,
    NotificationSettings,
    ScorecardDescriptor,
    ScorecardResponse,
)
from .._diff import Canon, Record, flag, keyed_set, number, plain, text

#: Settings Cortex fills in when the program leaves them out: unset means "whatever Cortex has".
COMPUTED = ("ladder_name", "evaluation_window", "notifications_enabled", "score_drop_notifications_enabled",
            "exemptions_enabled", "exemptions_auto_approve", "exemptions_user_specific_notifications")
#: The output listing which `COMPUTED` settings the descriptor stored in Cortex sets (the others are Cortex's
#: defaults, reported in the outputs but never written back).
HELD = "held_settings"
STRUCTURED = ("name", "description", "draft", "levels", "rules", "filter", *COMPUTED)
FILTER_KEYS = ("kind", "category", "types", "groups", "query")


def filter_canon(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return plain(value)

    def side(part: Any) -> Any:
        part = part if isinstance(part, Mapping) else {}
        inc, exc = tuple(sorted(part.get("include") or ())), tuple(sorted(part.get("exclude") or ()))
        return (inc, exc) if inc or exc else None

    out = (text(value.get("kind")), text(value.get("category")), side(value.get("types")),
           side(value.get("groups")), text(value.get("query")))
    return None if out == (None, None, None, None, None) else out


def _stamp(value: Any) -> Any:
    try:
        return parse_datetime(value) if isinstance(value, str) else value
    except ValueError:
        return value


#: A rule: weight 1 unless given.
RULE = Record({"title": plain, "expression": plain, "description": text, "weight": number(1), "level": text,
               "failure_message": text, "effective_from": _stamp, "filter": filter_canon})
LEVEL = Record({"name": plain, "rank": plain, "color": text, "description": text})
RULE_KEYS, LEVEL_KEYS = tuple(RULE.fields), tuple(LEVEL.fields)


FIELDS: dict[str, Canon] = {
    "tag": plain,
    "name": text,
    "description": text,
    "draft": flag(False),
    "levels": keyed_set("name", LEVEL),
    "rules": keyed_set("title", RULE),
    "filter": filter_canon,
    "ladder_name": text,
    "evaluation_window": plain,
    "notifications_enabled": plain,
    "score_drop_notifications_enabled": plain,
    "exemptions_enabled": plain,
    "exemptions_auto_approve": plain,
    "exemptions_user_specific_notifications": plain,
}


def _include_exclude(value: Any) -> IncludeExclude | None:
    if not isinstance(value, Mapping):
        return None
    return IncludeExclude(include=value.get("include") or (), exclude=value.get("exclude") or ())


def _filter_model(value: Any) -> Filter | None:
    if not isinstance(value, Mapping) or filter_canon(value) is None:
        return None
    return Filter(kind=value.get("kind"), category=value.get("category"), types=_include_exclude(value.get("types")),
                  groups=_include_exclude(value.get("groups")), query=value.get("query"))


def _filter_props(f: Filter | None) -> dict[str, Any] | None:
    if f is None:
        return None
    out: dict[str, Any] = {}
    for key in ("kind", "category", "query"):
        if getattr(f, key) is not None:
            out[key] = getattr(f, key)
    for key in ("types", "groups"):
        part: IncludeExclude | None = getattr(f, key)
        if part is not None and (part.include or part.exclude):
            out[key] = {k: list(getattr(part, k)) for k in ("include", "exclude") if getattr(part, k)}
    return out or None


def _some(**values: Any) -> dict[str, Any] | None:
    given = {k: v for k, v in values.items() if v is not None}
    return given or None


def to_api(p: Mapping[str, Any]) -> ScorecardDescriptor:
    """The descriptor to upsert, from checked properties."""
    notifications = _some(enabled=p.get("notifications_enabled"),
                          score_drop_notifications_enabled=p.get("score_drop_notifications_enabled"))
    exemptions = _some(enabled=p.get("exemptions_enabled"), auto_approve=p.get("exemptions_auto_approve"),
                       user_specific_notifications=p.get("exemptions_user_specific_notifications"))
    levels = [LadderLevelDefinition(name=lv["name"], rank=int(lv["rank"]), color=lv.get("color"),
                                    description=lv.get("description")) for lv in p.get("levels") or ()]
    return ScorecardDescriptor(
        tag=p["tag"],
        name=p["name"],
        description=p.get("description"),
        draft=p.get("draft"),
        notifications=NotificationSettings(**notifications) if notifications else None,
        exemptions=ExemptionSettings(**exemptions) if exemptions else None,
        evaluation=EvaluationSettings(window=int(p["evaluation_window"])) if p.get("evaluation_window") else None,
        ladder=Ladder(name=p.get("ladder_name"), levels=levels) if levels else None,
        filter=_filter_model(p.get("filter")),
        rules=[DescriptorRule(
            title=r["title"], expression=r["expression"], description=r.get("description"), weight=r.get("weight"),
            level=r.get("level"), failure_message=r.get("failure_message"),
            effective_from=parse_datetime(r["effective_from"]) if r.get("effective_from") else None,
            filter=_filter_model(r.get("filter")),
        ) for r in p.get("rules") or ()],
    )


def from_api(d: ScorecardDescriptor, props: Mapping[str, Any]) -> dict[str, Any]:
    """A descriptor (a GitOps file, or Cortex's stored one) as snake_case properties (`props` are not needed:
    a descriptor carries every field)."""
    n, e, ev, ladder = d.notifications, d.exemptions, d.evaluation, d.ladder
    return {
        "tag": d.tag,
        "name": d.name,
        "description": d.description,
        "draft": d.draft,
        "ladder_name": ladder.name if ladder else None,
        "levels": [{"name": lv.name, "rank": lv.rank, "color": lv.color, "description": lv.description}
                   for lv in (ladder.levels if ladder else ())],
        "rules": [{
            "title": r.title, "expression": r.expression, "description": r.description, "weight": r.weight,
            "level": r.level, "failure_message": r.failure_message,
            "effective_from": format_datetime(r.effective_from) if r.effective_from else None,
            "filter": _filter_props(r.filter),
        } for r in d.rules],
        "filter": _filter_props(d.filter),
        "evaluation_window": ev.window if ev else None,
        "notifications_enabled": n.enabled if n else None,
        "score_drop_notifications_enabled": n.score_drop_notifications_enabled if n else None,
        "exemptions_enabled": e.enabled if e else None,
        "exemptions_auto_approve": e.auto_approve if e else None,
        "exemptions_user_specific_notifications": e.user_specific_notifications if e else None,
    }


def held_settings(props: Mapping[str, Any]) -> list[str]:
    """The `COMPUTED` settings a descriptor (as properties) sets."""
    return [key for key in COMPUTED if props.get(key) is not None]


def settings_from_response(s: ScorecardResponse) -> dict[str, Any]:
    """The server-filled settings a create/update answer reports (JSON carries no ladder name or colours)."""
    out = {
        "name": s.name,
        "description": s.description,
        "draft": s.is_draft,
        "evaluation_window": s.evaluation.window if s.evaluation else None,
        "notifications_enabled": s.notifications.enabled if s.notifications else None,
        "score_drop_notifications_enabled": s.notifications.score_drop_notifications_enabled if s.notifications else None,
        "exemptions_enabled": s.exemptions.enabled if s.exemptions else None,
        "exemptions_auto_approve": s.exemptions.auto_approve if s.exemptions else None,
        "exemptions_user_specific_notifications": s.exemptions.user_specific_notifications if s.exemptions else None,
    }
    return {k: v for k, v in out.items() if v is not None}


def _rules(rules: Iterable[Any]) -> set[tuple[Any, ...]]:
    return {(r.get("title"), r.get("expression"), text(r.get("description")), number(1)(r.get("weight")),
             text(r.get("level")), text(r.get("failure_message"))) for r in rules}


def scorecard_unchanged(listed: ScorecardResponse, state: Mapping[str, Any]) -> bool:
    """Whether a listed scorecard is still the one recorded in `state` (a resource's outputs), so that the
    fields only its descriptor carries (level colours, ladder name, filter kind) can be taken from state.

    Cortex stamps `lastUpdated` on every save; on top of an equal stamp, everything the JSON carries must
    agree with the state, so a stamp that failed to move cannot hide a change to those fields.
    """
    if not state.get("last_updated") or listed.last_updated is None:
        return False
    if format_datetime(listed.last_updated) != state.get("last_updated"):
        return False
    if (listed.name, text(listed.description), flag(False)(listed.is_draft)) != (
            state.get("name"), text(state.get("description")), flag(False)(state.get("draft"))):
        return False
    levels = {(lv.level.name, lv.level.number) for lv in listed.levels if lv.level is not None}
    if levels != {(lv.get("name"), number(0)(lv.get("rank"))) for lv in state.get("levels") or ()}:
        return False
    listed_rules = [{"title": r.title, "expression": r.expression, "description": r.description,
                     "weight": r.weight, "level": r.level_name, "failure_message": r.failure_message}
                    for r in listed.rules]
    return _rules(listed_rules) == _rules(state.get("rules") or ())


#: Structured properties whose place in a descriptor file is not the camelCase of their name.
_DESCRIPTOR_PLACES = {
    "levels": "ladder.levels",
    "ladder_name": "ladder.name",
    "evaluation_window": "evaluation.window",
    "notifications_enabled": "notifications.enabled",
    "score_drop_notifications_enabled": "notifications.scoreDropNotificationsEnabled",
    "exemptions_enabled": "exemptions.enabled",
    "exemptions_auto_approve": "exemptions.autoApprove",
}


def descriptor_path(path: str) -> str:
    """Where a structured property path is in a descriptor file: ``levels[0].color`` -> ``ladder.levels[0].color``,
    ``rules[1].failure_message`` -> ``rules[1].failureMessage``."""
    head, sep, rest = path.partition(".")
    name, bracket, index = head.partition("[")
    place = _DESCRIPTOR_PLACES.get(name, camel_case(name)) + bracket + index
    return place + (sep + ".".join(camel_case(part) for part in rest.split(".")) if sep else "")
