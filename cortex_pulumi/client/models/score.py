"""Scorecard score models: per-scorecard scores, per-entity scores, next steps and badges."""

from __future__ import annotations

import datetime as _dt

import attrs
from attrs import validators as v

from .._json import OpenModel
from .common import Filter, LadderLevel, model_of, optional, to_tuple, tuple_of
from .exemption import RuleExemptionDefinitionWithRule

__all__ = [
    "BadgeMarkdown",
    "EntityScorecardScore",
    "IndividualOwner",
    "NextSteps",
    "RuleOutcome",
    "RuleToComplete",
    "ScoreDetails",
    "ScoreSummary",
    "ScorecardServiceScore",
    "ServiceDetails",
    "ServiceOwners",
    "ServiceScore",
]


@attrs.frozen(kw_only=True)
class IndividualOwner(OpenModel):
    """An individual owner of an entity."""

    email: str = attrs.field(validator=v.instance_of(str))
    description: str | None = optional(str)


@attrs.frozen(kw_only=True)
class ServiceOwners(OpenModel):
    """Owners of an entity: team tags (``groups``) and individuals."""

    groups: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    individuals: tuple[IndividualOwner, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(IndividualOwner)
    )


@attrs.frozen(kw_only=True)
class ServiceDetails(OpenModel):
    """The scored entity."""

    tag: str = attrs.field(validator=v.instance_of(str))
    id: str | None = optional(str)
    name: str | None = optional(str)
    groups: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    owners: ServiceOwners | None = optional(ServiceOwners)


@attrs.frozen(kw_only=True)
class RuleOutcome(OpenModel):
    """One rule's result for an entity; a rule passes when ``score`` equals its weight."""

    expression: str = attrs.field(validator=v.instance_of(str))
    score: float = attrs.field(default=0.0, converter=float)
    identifier: str | None = optional(str)
    error: str | None = optional(str)


@attrs.frozen(kw_only=True)
class ScoreSummary(OpenModel):
    """Total score of an entity in a scorecard."""

    score: float = attrs.field(default=0.0, converter=float)
    total_possible_score: float = attrs.field(default=0.0, converter=float)
    percentage: float = attrs.field(default=0.0, converter=float)


@attrs.frozen(kw_only=True)
class ScoreDetails(OpenModel):
    """Levels achieved, rule outcomes and the summary."""

    ladder_levels: tuple[LadderLevel, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(LadderLevel)
    )
    rules: tuple[RuleOutcome, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(RuleOutcome))
    summary: ScoreSummary | None = optional(ScoreSummary)


@attrs.frozen(kw_only=True)
class ServiceScore(OpenModel):
    """One entity's score in a scorecard, with its rule exemptions."""

    service: ServiceDetails = attrs.field(validator=model_of(ServiceDetails))
    score: ScoreDetails | None = optional(ScoreDetails)
    last_evaluated: _dt.datetime | None = optional(_dt.datetime)
    rule_exemptions: tuple[RuleExemptionDefinitionWithRule, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(RuleExemptionDefinitionWithRule)
    )


@attrs.frozen(kw_only=True)
class ScorecardServiceScore(OpenModel):
    """Answer of "Retrieve Scorecard scores": the scorecard and one page of entity scores."""

    scorecard_tag: str | None = optional(str)
    scorecard_id: int | None = optional(int)
    scorecard_name: str | None = optional(str)
    scorecard_filter: Filter | None = optional(Filter)
    service_scores: tuple[ServiceScore, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(ServiceScore)
    )
    page: int | None = optional(int)
    total: int | None = optional(int)
    total_pages: int | None = optional(int)


@attrs.frozen(kw_only=True)
class EntityScorecardScore(OpenModel):
    """``ScorecardScore``: one scorecard's score for an entity (from the catalog endpoint)."""

    scorecard_name: str = attrs.field(validator=v.instance_of(str))
    scorecard_id: int | None = optional(int)
    score: float = attrs.field(default=0.0, converter=float)
    score_percentage: float = attrs.field(default=0.0, converter=float)
    total_possible_score: float = attrs.field(default=0.0, converter=float)
    ladder_levels: tuple[LadderLevel, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(LadderLevel)
    )


@attrs.frozen(kw_only=True)
class RuleToComplete(OpenModel):
    """A rule an entity still has to pass to reach the next level."""

    expression: str = attrs.field(validator=v.instance_of(str))
    identifier: str | None = optional(str)
    title: str | None = optional(str)
    description: str | None = optional(str)


@attrs.frozen(kw_only=True)
class NextSteps(OpenModel):
    """Current level, next level and the rules between them."""

    current_level: LadderLevel | None = optional(LadderLevel)
    next_level: LadderLevel | None = optional(LadderLevel)
    rules_to_complete: tuple[RuleToComplete, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(RuleToComplete)
    )


@attrs.frozen(kw_only=True)
class BadgeMarkdown(OpenModel):
    """``ScorecardShieldsBadgeMarkdown``: Markdown embedding a shields.io badge."""

    value: str = attrs.field(validator=v.instance_of(str))
