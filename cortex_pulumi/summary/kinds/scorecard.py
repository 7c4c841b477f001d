"""Scorecard changes in Cortex's terms: rules and ladder levels added, removed or changed, and the settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...provider.scorecard import Scorecard
from ...provider.scorecard.shape import RULE
from ..model import Line, Quote, Segment, line
from ..preview import ResourceChange
from ..values import (
    counted,
    field_changes,
    from_to,
    item_changes,
    keyed,
    listed,
    lower,
    normal,
    scalar_lines,
    show,
)
from .base import KindSummary, changed, code_label, sections

LABELS = {
    "tag": "Tag", "name": "Name", "description": "Description", "draft": "Draft", "ladder_name": "Ladder",
    "evaluation_window": "Evaluation window", "notifications_enabled": "Notifications",
    "score_drop_notifications_enabled": "Score-drop notifications", "exemptions_enabled": "Exemptions",
    "exemptions_auto_approve": "Exemption auto-approval",
}
STYLES = {
    "evaluation_window": {"unit": " h"},
    "notifications_enabled": {"yes": "on", "no": "off"},
    "score_drop_notifications_enabled": {"yes": "on", "no": "off"},
    "exemptions_enabled": {"yes": "allowed", "no": "not allowed"},
    "exemptions_auto_approve": {"yes": "on", "no": "off"},
}
RULE_LABELS = {
    "title": "title", "level": "level", "expression": "expression", "weight": "weight",
    "description": "description", "failure_message": "failure message", "effective_from": "effective from",
    "filter": "filter",
}
LEVEL_LABELS = {"name": "name", "rank": "rank", "color": "colour", "description": "description"}


def _text(value: Any) -> Any:
    return value or None


#: The kind's own forms of a rule's fields (weight 1 unless given), but a date-time read as it is written.
RULE_CANON = {**{key: RULE.fields[key] for key in ("weight", "description", "level", "failure_message")},
              "effective_from": _text}


def describe_filter(value: Any) -> Any:
    """A filter as one short line (`types include service; query …`), None when there is none."""
    if not isinstance(value, Mapping):
        return value
    parts = []
    for key in ("kind", "category"):
        if value.get(key):
            parts.append(f"{key} {value[key]}")
    for key in ("types", "groups"):
        side = value.get(key) or {}
        for mode in ("include", "exclude"):
            if side.get(mode):
                parts.append(f"{key} {mode} {', '.join(map(str, side[mode]))}")
    if value.get("query"):
        parts.append(f"query {value['query']}")
    return "; ".join(parts) or None


def _rule_line(rule: Mapping[str, Any], verb: str) -> Line:
    level: tuple[Segment, ...] = (" (level ", Quote(str(rule["level"])), ")") if rule.get("level") else ()
    return line(verb, Quote(str(rule.get("title", ""))), *level, ": ", show(rule.get("expression")))


def _rules(old: Any, new: Any) -> list[Line]:
    before, after = keyed(old, lower("title")), keyed(new, lower("title"))
    out = [_rule_line(after[k], "Rule added: ") for k in after if k not in before]
    out += [_rule_line(before[k], "Rule removed: ") for k in before if k not in after]
    for key in (k for k in after if k in before):
        labels = {k: v for k, v in RULE_LABELS.items() if k != "filter"}
        diffs = field_changes(before[key], after[key], labels, RULE_CANON)
        if describe_filter(before[key].get("filter")) != describe_filter(after[key].get("filter")):
            diffs.append(("filter ", *from_to(describe_filter(before[key].get("filter")),
                                              describe_filter(after[key].get("filter")))))
        if diffs:
            out.append(item_changes(("Rule ", Quote(str(after[key].get("title", "")))), diffs))
    return out


def _level_text(level: Mapping[str, Any]) -> tuple[Segment, ...]:
    return (Quote(str(level.get("name", ""))), " (rank ", show(level.get("rank")), ")")


def _levels(old: Any, new: Any) -> list[Line]:
    before, after = keyed(old, lower("name")), keyed(new, lower("name"))
    out = [line("Level added: ", *_level_text(after[k])) for k in after if k not in before]
    out += [line("Level removed: ", *_level_text(before[k])) for k in before if k not in after]
    for key in (k for k in after if k in before):
        diffs = field_changes(before[key], after[key], LEVEL_LABELS, {"description": _text})
        if diffs:
            out.append(item_changes(("Level ", Quote(str(after[key].get("name", "")))), diffs))
    return out


def _ladder(props: Mapping[str, Any]) -> list[Line]:
    levels = sorted((lv for lv in props.get("levels") or () if isinstance(lv, Mapping)),
                    key=lambda lv: normal(lv.get("rank")) or 0)
    if not levels:
        return []
    names: list[Segment] = []
    for index, level in enumerate(levels):
        names += ([", "] if index else []) + list(_level_text(level))
    name: tuple[Segment, ...] = (" ", show(props["ladder_name"])) if props.get("ladder_name") else ()
    return [line("Ladder", *name, ": ", *names)]


def _created(props: Mapping[str, Any]) -> list[Line]:
    out = [line("Name ", Quote(str(props.get("name", ""))))] if props.get("name") else []
    out += _ladder(props)
    rules = [r for r in props.get("rules") or () if isinstance(r, Mapping)]
    out += listed("Rules", [_rule_line(r, "") for r in rules])
    if props.get("filter"):
        out.append(line("Entity filter: ", show(describe_filter(props["filter"]))))
    for key in ("draft", *STYLES):
        if props.get(key) is not None:
            out.append(line(f"{LABELS[key]}: ", show(props[key], **STYLES.get(key, {}))))
    return out


def _updated(change: ResourceChange) -> list[Line]:
    keys = changed(change, Scorecard)
    return scalar_lines(change, keys, LABELS, STYLES) + sections(change, keys, {
        "levels": _levels, "rules": _rules,
        "filter": lambda old, new: [line("Entity filter: ", *from_to(describe_filter(old), describe_filter(new)))],
    })


SUMMARY = KindSummary(
    resource=Scorecard, position=1, heading="Scorecards", label=code_label("tag"), created=_created,
    deleted=lambda old: [line(f"Deleted with its {counted(len(old.get('rules') or ()), 'rule')} and their scores; exemptions of "
                              "it lapse")],
    updated=_updated,
    reasons={"tag": "tag"},
    replace_note="a new scorecard is created and the old one deleted, with its scores and exemptions",
)

