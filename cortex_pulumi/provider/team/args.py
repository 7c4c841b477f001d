"""The arguments of `Team`: `TeamArgs` and its nested types (members, IdP group, links, Slack channels)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pulumi

__all__ = ["IdpGroupArgs", "SlackChannelArgs", "TeamArgs", "TeamLinkArgs", "TeamMemberArgs"]


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


@attrs.frozen(kw_only=True)


class TeamArgs:
    """Arguments of `Team`. Give `members` for a Cortex-managed team, or `idp_group` for an IdP team."""

    team_tag: pulumi.Input[str]
    """Unique tag of the team (also its catalog entity tag). Changing it replaces the team."""

    name: pulumi.Input[str]
    """Display name (`metadata.name`)."""

    description: pulumi.Input[str] | None = None
    """Longer description (`metadata.description`)."""

    summary: pulumi.Input[str] | None = None
    """One-line summary (`metadata.summary`)."""

    members: pulumi.Input[Sequence[pulumi.Input[TeamMemberArgs]]] | None = None
    """Members of a Cortex-managed team, compared as a set by email (order is kept as given). Omitted: the
    members are not managed, and updates keep whatever members Cortex has (added in the UI, say); `[]` means
    "no members"."""

    idp_group: pulumi.Input[IdpGroupArgs] | None = None
    """Makes this an IdP team whose members are synced from the group. Changing it replaces the team."""

    type: pulumi.Input[str] | None = None
    """`CORTEX` or `IDP`; derived from `idp_group` when omitted. Changing it replaces the team."""

    links: pulumi.Input[Sequence[pulumi.Input[TeamLinkArgs]]] | None = None
    """Links shown on the team page, in order. Omitted: not managed (updates keep Cortex's); `[]`: none."""

    slack_channels: pulumi.Input[Sequence[pulumi.Input[SlackChannelArgs]]] | None = None
    """Slack channels of the team, in order. Omitted: not managed (updates keep Cortex's); `[]`: none."""

    archived: pulumi.Input[bool] | None = None
    """Archive the team (true) or keep it active (false, the default); toggled with archive/unarchive."""

    adopt: pulumi.Input[bool] | None = None
    """Take over a team that already exists in Cortex with this tag instead of failing with a conflict.
    The existing team is read first, then set to the declared state."""
