"""Manage Cortex (the internal developer portal) as code from Pulumi programs."""

from .provider.deploy import Deploy, DeployArgs, DeployerArgs
from .provider.secret import Secret, SecretArgs
from .provider.team import IdpGroupArgs, SlackChannelArgs, Team, TeamArgs, TeamLinkArgs, TeamMemberArgs
from .provider.team_hierarchy import TeamEdgeArgs, TeamHierarchy, TeamHierarchyArgs

__all__ = [
    "Deploy",
    "DeployArgs",
    "DeployerArgs",
    "IdpGroupArgs",
    "Secret",
    "SecretArgs",
    "SlackChannelArgs",
    "Team",
    "TeamArgs",
    "TeamEdgeArgs",
    "TeamHierarchy",
    "TeamHierarchyArgs",
    "TeamLinkArgs",
    "TeamMemberArgs",
]
