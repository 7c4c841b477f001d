"""The arguments of `Scorecard`: `ScorecardArgs` and its nested types (ladder levels, rules, entity filters)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pulumi

__all__ = ["IncludeExcludeArgs", "ScorecardArgs", "ScorecardFilterArgs", "ScorecardLevelArgs", "ScorecardRuleArgs"]


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


@attrs.frozen(kw_only=True)


class ScorecardArgs:
    """Arguments of `Scorecard`: either `descriptor` (Cortex GitOps YAML, e.g. from `Scorecard.from_file`) or
    the structured fields below, not both. Settings left out keep the value Cortex gives them."""

    tag: pulumi.Input[str] | None = None
    """Unique tag of the scorecard. Changing it replaces the scorecard."""
    name: pulumi.Input[str] | None = None
    """Display name."""
    description: pulumi.Input[str] | None = None
    """Description."""
    draft: pulumi.Input[bool] | None = None
    """Keep the scorecard as a draft (hidden, not evaluated for notifications). Default false."""
    ladder_name: pulumi.Input[str] | None = None
    """Name of the ladder, e.g. `Default Ladder`."""
    levels: pulumi.Input[Sequence[pulumi.Input[ScorecardLevelArgs]]] | None = None
    """Ladder levels (rank 1 = lowest); omit for a points-only scorecard. Compared by name."""
    rules: pulumi.Input[Sequence[pulumi.Input[ScorecardRuleArgs]]] | None = None
    """The rules, compared by title (order does not matter)."""
    filter: pulumi.Input[ScorecardFilterArgs] | None = None
    """Which entities are scored."""
    evaluation_window: pulumi.Input[int] | None = None
    """Minimum hours between two evaluations of an entity (Cortex's default: 4)."""
    notifications_enabled: pulumi.Input[bool] | None = None
    """Notify entity owners about the scorecard."""
    score_drop_notifications_enabled: pulumi.Input[bool] | None = None
    """Notify owners when a score drops."""
    exemptions_enabled: pulumi.Input[bool] | None = None
    """Allow rule exemptions to be requested (Cortex's default: true)."""
    exemptions_auto_approve: pulumi.Input[bool] | None = None
    """Approve exemption requests automatically (Cortex's default: false)."""
    exemptions_user_specific_notifications: pulumi.Input[bool] | None = None
    """Notify the requesting user about their exemption requests (descriptor `exemptions.userSpecificNotifications`)."""
    descriptor: pulumi.Input[str] | None = None
    """A whole scorecard as Cortex GitOps descriptor YAML (what `cortex scorecards descriptor` prints)."""
    adopt: pulumi.Input[bool] | None = None
    """Take over a scorecard that already exists in Cortex with this tag instead of failing. Without it an
    existing scorecard is never overwritten (Cortex's upsert would silently replace it)."""
