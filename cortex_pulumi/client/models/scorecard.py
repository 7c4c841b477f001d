"""Scorecard models: the GitOps YAML descriptor (write side) and the JSON ``ScorecardResponse`` (read side)."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping
from typing import Any

import attrs
from attrs import validators as v

from .._json import ConversionError, JsonModel, extra_field, unstructure
from .._yaml import dump_yaml, load_yaml_mapping
from .common import Filter, LadderLevel, non_empty, opt_bool, opt_int, opt_number, opt_str, to_tuple, tuple_of

__all__ = [
    "DescriptorRule",
    "EvaluationSettings",
    "ExemptionSettings",
    "Ladder",
    "LadderLevelDefinition",
    "NotificationSettings",
    "ScorecardDescriptor",
    "ScorecardResponse",
    "ScorecardRule",
]

_opt_filter = v.optional(v.instance_of(Filter))
_opt_dt = v.optional(v.instance_of(_dt.datetime))


@attrs.frozen(kw_only=True)
class NotificationSettings(JsonModel):
    """``notifications``: whether Cortex notifies owners, and about score drops."""

    enabled: bool | None = attrs.field(default=None, validator=opt_bool)
    score_drop_notifications_enabled: bool | None = attrs.field(default=None, validator=opt_bool)
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class ExemptionSettings(JsonModel):
    """``exemptions``: whether rule exemptions may be requested and are auto-approved."""

    enabled: bool | None = attrs.field(default=None, validator=opt_bool)
    auto_approve: bool | None = attrs.field(default=None, validator=opt_bool)
    user_specific_notifications: bool | None = attrs.field(default=None, validator=opt_bool)
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class EvaluationSettings(JsonModel):
    """``evaluation``: the evaluation window in hours."""

    window: int | None = attrs.field(default=None, validator=opt_int)
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class LadderLevelDefinition(JsonModel):
    """A descriptor ladder level; ``rank`` 1 is the lowest level."""

    name: str = attrs.field(validator=non_empty)
    rank: int = attrs.field(validator=v.instance_of(int))
    color: str | None = attrs.field(default=None, validator=opt_str)
    description: str | None = attrs.field(default=None, validator=opt_str)
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Ladder(JsonModel):
    """A descriptor ladder: named levels that rules are grouped into."""

    name: str | None = attrs.field(default=None, validator=opt_str)
    levels: tuple[LadderLevelDefinition, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(LadderLevelDefinition)
    )
    extra: Mapping[str, Any] = extra_field()

    @levels.validator
    def _unique(self, _attribute: attrs.Attribute[Any], levels: tuple[LadderLevelDefinition, ...]) -> None:
        names = [level.name for level in levels]
        if len(set(names)) != len(names):
            raise ValueError(f"ladder level names must be unique: {names}")


@attrs.frozen(kw_only=True)
class DescriptorRule(JsonModel):
    """A descriptor rule; ``level`` names a ladder level when the scorecard has a ladder."""

    title: str = attrs.field(validator=non_empty)
    expression: str = attrs.field(validator=non_empty)
    description: str | None = attrs.field(default=None, validator=opt_str)
    weight: int | float | None = attrs.field(default=None, validator=opt_number)
    level: str | None = attrs.field(default=None, validator=opt_str)
    failure_message: str | None = attrs.field(default=None, validator=opt_str)
    effective_from: _dt.datetime | None = attrs.field(default=None, validator=_opt_dt)
    filter: Filter | None = attrs.field(default=None, validator=_opt_filter)
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class ScorecardDescriptor(JsonModel):
    """A Cortex GitOps scorecard descriptor, as sent to ``POST /scorecards/descriptor`` as YAML."""

    tag: str = attrs.field(validator=non_empty)
    name: str = attrs.field(validator=non_empty)
    description: str | None = attrs.field(default=None, validator=opt_str)
    draft: bool | None = attrs.field(default=None, validator=opt_bool)
    notifications: NotificationSettings | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(NotificationSettings))
    )
    exemptions: ExemptionSettings | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(ExemptionSettings))
    )
    evaluation: EvaluationSettings | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(EvaluationSettings))
    )
    ladder: Ladder | None = attrs.field(default=None, validator=v.optional(v.instance_of(Ladder)))
    filter: Filter | None = attrs.field(default=None, validator=_opt_filter)
    rules: tuple[DescriptorRule, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(DescriptorRule)
    )
    extra: Mapping[str, Any] = extra_field()

    @rules.validator
    def _rules_consistent(self, _attribute: attrs.Attribute[Any], rules: tuple[DescriptorRule, ...]) -> None:
        titles = [rule.title for rule in rules]
        for index, title in enumerate(titles):
            if title in titles[:index]:
                raise ConversionError(f"rules[{index}].title", f"{title!r} is used by another rule; rule titles "
                                      "must be unique within a scorecard")
        if self.ladder is not None and self.ladder.levels:
            names = {level.name for level in self.ladder.levels}
            for index, rule in enumerate(rules):
                if rule.level is not None and rule.level not in names:
                    raise ConversionError(f"rules[{index}].level", f"{rule.level!r} is not a level of the ladder "
                                          f"({', '.join(sorted(names))})")

    @classmethod
    def from_yaml(cls, text: str) -> ScorecardDescriptor:
        """Parse descriptor YAML (or JSON) text, e.g. an exported Cortex GitOps file."""
        return cls.from_dict(load_yaml_mapping(text, "scorecard descriptor"))

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> ScorecardDescriptor:
        """Read a descriptor file (UTF-8 YAML)."""
        with open(path, encoding="utf-8") as handle:
            return cls.from_yaml(handle.read())

    def to_yaml(self) -> str:
        """Render the descriptor as YAML in Cortex's key order; unset fields are left out."""
        return dump_yaml(unstructure(self))

    @property
    def rule_titles(self) -> tuple[str, ...]:
        """Rule titles in descriptor order."""
        return tuple(rule.title for rule in self.rules)


@attrs.frozen(kw_only=True)
class ScorecardRule(JsonModel):
    """``ScorecardRule`` in JSON responses; ``identifier`` is what exemptions refer to."""

    expression: str = attrs.field(validator=v.instance_of(str))
    identifier: str | None = attrs.field(default=None, validator=opt_str)
    title: str | None = attrs.field(default=None, validator=opt_str)
    description: str | None = attrs.field(default=None, validator=opt_str)
    weight: int | float | None = attrs.field(default=None, validator=opt_number)
    level_name: str | None = attrs.field(default=None, validator=opt_str)
    failure_message: str | None = attrs.field(default=None, validator=opt_str)
    effective_from: _dt.datetime | None = attrs.field(default=None, validator=_opt_dt)
    filter: Filter | None = attrs.field(default=None, validator=_opt_filter)
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class ScorecardResponse(JsonModel):
    """``ScorecardResponse``: a scorecard as Cortex reports it (``isDraft``, ``levels``, rule identifiers)."""

    tag: str = attrs.field(validator=non_empty)
    name: str = attrs.field(validator=v.instance_of(str))
    description: str | None = attrs.field(default=None, validator=opt_str)
    is_draft: bool = attrs.field(default=False, validator=v.instance_of(bool))
    last_updated: _dt.datetime | None = attrs.field(default=None, validator=_opt_dt)
    notifications: NotificationSettings | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(NotificationSettings))
    )
    exemptions: ExemptionSettings | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(ExemptionSettings))
    )
    evaluation: EvaluationSettings | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(EvaluationSettings))
    )
    filter: Filter | None = attrs.field(default=None, validator=_opt_filter)
    levels: tuple[LadderLevel, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(LadderLevel)
    )
    rules: tuple[ScorecardRule, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(ScorecardRule)
    )
    extra: Mapping[str, Any] = extra_field()

    @property
    def rule_identifiers(self) -> dict[str, str]:
        """Rule title -> server-generated rule identifier (rules without either are skipped)."""
        return {r.title: r.identifier for r in self.rules if r.title is not None and r.identifier is not None}

    def rule_identifier(self, title: str) -> str:
        """The identifier of the rule titled ``title``; ``KeyError`` naming the known titles otherwise."""
        try:
            return self.rule_identifiers[title]
        except KeyError:
            known = ", ".join(repr(t) for t in self.rule_identifiers) or "none"
            raise KeyError(f"scorecard {self.tag!r} has no rule titled {title!r} (rules: {known})") from None
