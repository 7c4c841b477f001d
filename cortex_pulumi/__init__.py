"""Manage Cortex (the internal developer portal) as code from Pulumi programs."""

from .provider.secret import Secret, SecretArgs
from .provider.team import IdpGroupArgs, SlackChannelArgs, Team, TeamArgs, TeamLinkArgs, TeamMemberArgs

__all__ = [
    "IdpGroupArgs",
    "Secret",
    "SecretArgs",
    "SlackChannelArgs",
    "Team",
    "TeamArgs",
    "TeamLinkArgs",
    "TeamMemberArgs",
]
