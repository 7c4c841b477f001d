"""The arguments of `ScorecardExemption`."""

from __future__ import annotations

import attrs
import pulumi

__all__ = ["ScorecardExemptionArgs"]


@attrs.frozen(kw_only=True)


class ScorecardExemptionArgs:
    """Arguments of `ScorecardExemption`."""

    scorecard: pulumi.Input[str]
    """Tag of the scorecard (e.g. `ready.tag`). Changing it replaces the exemption."""
    entity: pulumi.Input[str]
    """Tag of the exempted entity (a service, or a team such as `payments.team_tag`). Changing it replaces it."""
    rule: pulumi.Input[str]
    """The rule: its identifier (see `Scorecard.rule_identifiers`) or its title. Changing it replaces it."""
    reason: pulumi.Input[str]
    """Why the entity is exempt. Cortex cannot edit a request, so changing it re-requests the exemption."""
    days: pulumi.Input[int] | None = None
    """Duration in days; omitted or 0 means until revoked. Changing it re-requests the exemption."""
    approve: pulumi.Input[bool] | None = None
    """Approve the request in the same apply when Cortex left it PENDING (needs an API key with the
    `Configure Scorecard exemptions` permission). Requests are auto-approved for ADMIN keys and for
    scorecards with `exemptions_auto_approve`."""
    adopt: pulumi.Input[bool] | None = None
    """Take over an exemption that is already pending or approved for this rule and entity instead of
    failing; it is then brought to the declared state (re-requested if reason or days differ)."""
