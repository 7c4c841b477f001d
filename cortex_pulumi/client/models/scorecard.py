"""Scorecard models: the GitOps YAML descriptor (write side) and the JSON ``ScorecardResponse`` (read side)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any, ClassVar

import attrs
from attrs import validators as v

from .._json import ConversionError, OpenModel
from ._document import YamlDocument
from .common import Filter, LadderLevel, non_empty, opt_number, optional, to_tuple, tuple_of

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


@attrs.frozen(kw_only=True)
class NotificationSettings(OpenModel):
    """``notifications``: whether Cortex notifies owners, and about score drops."""

    enabled: bool | None = optional(bool)
    score_drop_notifications_enabled: bool | None = optional(bool)


@attrs.frozen(kw_only=True)
class ExemptionSettings(OpenModel):
    """``exemptions``: whether rule exemptions may be requested and are auto-approved."""

    enabled: bool | None = optional(bool)
    auto_approve: bool | None = optional(bool)
    user_specific_notifications: bool | None = optional(bool)


@attrs.frozen(kw_only=True)
class EvaluationSettings(OpenModel):
    """``evaluation``: the evaluation window in hours."""

    window: int | None = optional(int)


@attrs.frozen(kw_only=True)
class LadderLevelDefinition(OpenModel):
    """A descriptor ladder level; ``rank`` 1 is the lowest level."""

    name: str = attrs.field(validator=non_empty)
    rank: int = attrs.field(validator=v.instance_of(int))
    color: str | None = optional(str)
    description: str | None = optional(str)


def levels_by_rank(levels: Iterable[tuple[str, Any]]) -> str:
    """Level names as a reader lists them in an error: lowest rank first (`Bronze, Silver, Gold`), levels
    without a whole-number rank last, in their given order."""

    def rank(level: tuple[str, Any]) -> tuple[int, int]:
        value = level[1]
        return (0, value) if isinstance(value, int) and not isinstance(value, bool) else (1, 0)

    return ", ".join(name for name, _ in sorted(levels, key=rank))


@attrs.frozen(kw_only=True)
class Ladder(OpenModel):
    """A descriptor ladder: named levels that rules are grouped into."""

    name: str | None = optional(str)
    levels: tuple[LadderLevelDefinition, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(LadderLevelDefinition)
    )

    @levels.validator
    def _unique(self, _attribute: attrs.Attribute[Any], levels: tuple[LadderLevelDefinition, ...]) -> None:
        names = [level.name for level in levels]
        if len(set(names)) != len(names):
            raise ValueError(f"ladder level names must be unique: {names}")


@attrs.frozen(kw_only=True)
class DescriptorRule(OpenModel):
    """A descriptor rule; ``level`` names a ladder level when the scorecard has a ladder."""

    title: str = attrs.field(validator=non_empty)
    expression: str = attrs.field(validator=non_empty)
    description: str | None = optional(str)
    weight: int | float | None = attrs.field(default=None, validator=opt_number)
    level: str | None = optional(str)
    failure_message: str | None = optional(str)
    effective_from: _dt.datetime | None = optional(_dt.datetime)
    filter: Filter | None = optional(Filter)


@attrs.frozen(kw_only=True)
class ScorecardDescriptor(YamlDocument):
    """A Cortex GitOps scorecard descriptor, as sent to ``POST /scorecards/descriptor`` as YAML (in Cortex's key
    order, which is the field order)."""

    document_name: ClassVar[str] = "scorecard descriptor"

    tag: str = attrs.field(validator=non_empty)
    name: str = attrs.field(validator=non_empty)
    description: str | None = optional(str)
    draft: bool | None = optional(bool)
    notifications: NotificationSettings | None = optional(NotificationSettings)
    exemptions: ExemptionSettings | None = optional(ExemptionSettings)
    evaluation: EvaluationSettings | None = optional(EvaluationSettings)
    ladder: Ladder | None = optional(Ladder)
    filter: Filter | None = optional(Filter)
    rules: tuple[DescriptorRule, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(DescriptorRule))

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
                    listed = levels_by_rank((level.name, level.rank) for level in self.ladder.levels)
                    raise ConversionError(f"rules[{index}].level", f"{rule.level!r} is not a level of the ladder "
                                          f"({listed})")

    @property
    def rule_titles(self) -> tuple[str, ...]:
        """Rule titles in descriptor order."""
        return tuple(rule.title for rule in self.rules)


@attrs.frozen(kw_only=True)
class ScorecardRule(OpenModel):
    """``ScorecardRule`` in JSON responses; ``identifier`` is what exemptions refer to."""

    expression: str = attrs.field(validator=v.instance_of(str))
    identifier: str | None = optional(str)
    title: str | None = optional(str)
    description: str | None = optional(str)
    weight: int | float | None = attrs.field(default=None, validator=opt_number)
    level_name: str | None = optional(str)
    failure_message: str | None = optional(str)
    effective_from: _dt.datetime | None = optional(_dt.datetime)
    filter: Filter | None = optional(Filter)


@attrs.frozen(kw_only=True)
class ScorecardResponse(OpenModel):
    """``ScorecardResponse``: a scorecard as Cortex reports it (``isDraft``, ``levels``, rule identifiers)."""

    tag: str = attrs.field(validator=non_empty)
    name: str = attrs.field(validator=v.instance_of(str))
    description: str | None = optional(str)
    is_draft: bool = attrs.field(default=False, validator=v.instance_of(bool))
    last_updated: _dt.datetime | None = optional(_dt.datetime)
    notifications: NotificationSettings | None = optional(NotificationSettings)
    exemptions: ExemptionSettings | None = optional(ExemptionSettings)
    evaluation: EvaluationSettings | None = optional(EvaluationSettings)
    filter: Filter | None = optional(Filter)
    levels: tuple[LadderLevel, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(LadderLevel))
    rules: tuple[ScorecardRule, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(ScorecardRule))

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
