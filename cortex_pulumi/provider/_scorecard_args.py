"""Nested argument types of `Scorecard`: ladder levels, rules and entity filters."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pulumi

__all__ = ["IncludeExcludeArgs", "ScorecardFilterArgs", "ScorecardLevelArgs", "ScorecardRuleArgs"]


@attrs.frozen(kw_only=True)
class IncludeExcludeArgs:
    """Either `include` or `exclude` (not both): a list of entity types or groups."""

    include: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    """Only these."""
    exclude: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    """All but these."""


@attrs.frozen(kw_only=True)
class ScorecardFilterArgs:
    """Which entities a scorecard (or one rule) applies to."""

    kind: pulumi.Input[str] | None = None
    """Descriptor filter kind, e.g. `GENERIC`."""
    category: pulumi.Input[str] | None = None
    """Legacy entity category, e.g. `SERVICE`."""
    types: pulumi.Input[IncludeExcludeArgs] | None = None
    """Entity types to include or exclude (e.g. `service`)."""
    groups: pulumi.Input[IncludeExcludeArgs] | None = None
    """Entity groups to include or exclude."""
    query: pulumi.Input[str] | None = None
    """A CQL expression selecting entities, e.g. `hasGroup("payments")`."""


@attrs.frozen(kw_only=True)
class ScorecardLevelArgs:
    """A ladder level. Rank 1 is the lowest level (e.g. Bronze = 1, Silver = 2, Gold = 3)."""

    name: pulumi.Input[str]
    """Level name; rules refer to it. Unique."""
    rank: pulumi.Input[int]
    """Position in the ladder, 1 = lowest. Unique."""
    color: pulumi.Input[str]
    """Badge colour, e.g. `#CD7F32`."""
    description: pulumi.Input[str] | None = None
    """What reaching the level means."""


@attrs.frozen(kw_only=True)
class ScorecardRuleArgs:
    """A rule; rules are matched by title, whose server-generated identifier is in `rule_identifiers`."""

    title: pulumi.Input[str]
    """Unique title of the rule (exemptions may refer to it)."""
    expression: pulumi.Input[str]
    """CQL expression that must hold, e.g. `custom("on-call") != null`."""
    description: pulumi.Input[str] | None = None
    """What the rule checks."""
    weight: pulumi.Input[float] | None = None
    """Points for passing (default 1); used by points-only scorecards."""
    level: pulumi.Input[str] | None = None
    """Ladder level the rule belongs to; must name one of `levels` when the scorecard has a ladder."""
    failure_message: pulumi.Input[str] | None = None
    """Shown when the rule fails."""
    effective_from: pulumi.Input[str] | None = None
    """ISO-8601 date-time from which the rule counts."""
    filter: pulumi.Input[ScorecardFilterArgs] | None = None
    """Restricts the rule to some entities."""
