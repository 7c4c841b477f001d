"""Nested argument types of `Team`: members, IdP group, links and Slack channels."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pulumi

__all__ = ["IdpGroupArgs", "SlackChannelArgs", "TeamLinkArgs", "TeamMemberArgs"]


@attrs.frozen(kw_only=True)
class TeamMemberArgs:
    """A member of a Cortex-managed team; members are matched by email (case-insensitive)."""

    email: pulumi.Input[str]
    """Email address; unique within the team."""

    name: pulumi.Input[str]
    """Display name."""

    description: pulumi.Input[str] | None = None
    """Free text shown next to the member (e.g. their function in the team)."""

    notifications_enabled: pulumi.Input[bool] | None = None
    """Whether the member receives the team's notifications (Cortex's default: true)."""

    roles: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    """Tags of the team roles the member holds (compared as a set)."""


@attrs.frozen(kw_only=True)
class IdpGroupArgs:
    """The identity-provider group backing an IDP team."""

    group: pulumi.Input[str]
    """Group name or address in the identity provider, e.g. `payments@example.com`."""

    provider: pulumi.Input[str]
    """One of ACTIVE_DIRECTORY, AZURE_DEVOPS, BAMBOOHR, GIT, GITLAB, GOOGLE, OKTA, OPSGENIE, SERVICE_NOW,
    SLACK, WORKDAY (case-insensitive)."""


@attrs.frozen(kw_only=True)
class TeamLinkArgs:
    """A link on the team page."""

    name: pulumi.Input[str]
    """Link text."""

    type: pulumi.Input[str]
    """Link type, e.g. `documentation`, `runbook`, `dashboard`."""

    url: pulumi.Input[str]
    """Target URL."""

    description: pulumi.Input[str] | None = None
    """Optional description."""


@attrs.frozen(kw_only=True)
class SlackChannelArgs:
    """A Slack channel of the team."""

    name: pulumi.Input[str]
    """Channel name, e.g. `#payments`."""

    notifications_enabled: pulumi.Input[bool] | None = None
    """Whether Cortex posts the team's notifications there (default false)."""

    description: pulumi.Input[str] | None = None
    """Optional description."""
