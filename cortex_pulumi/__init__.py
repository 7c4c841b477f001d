"""Manage Cortex (the internal developer portal) as code from Pulumi programs.

Resources (each with a `<Name>Args` class whose field docstrings are the reference): `Scorecard`,
`ScorecardExemption`, `Team`, `TeamHierarchy`, `Secret`, `Workflow`, `Deploy`. Read-only lookups:
`get_*` / `list_*` / `validate_workflow`; operations: `trigger_scorecard_evaluation`, `delete_deploys`,
`replace_team_members`. Configure with `cortex:apiToken` (secret) and `cortex:baseUrl`,
or `CORTEX_API_TOKEN` / `CORTEX_BASE_URL`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import _lazy
from ._version import __version__ as __version__

if TYPE_CHECKING:
    from .actions import delete_deploys, replace_team_members, trigger_scorecard_evaluation
    from .lookups import (
        get_entity_scorecard_scores,
        get_scorecard,
        get_scorecard_badge,
        get_scorecard_next_steps,
        get_scorecard_scores,
        get_secret,
        get_team,
        get_team_hierarchy,
        get_workflow,
        list_deploys,
        list_scorecards,
        list_secrets,
        list_teams,
        list_workflows,
        validate_workflow,
    )
    from .provider._errors import CortexResourceError
    from .provider.deploy import Deploy, DeployArgs, DeployerArgs
    from .provider.exemption import ScorecardExemption, ScorecardExemptionArgs
    from .provider.scorecard import (
        IncludeExcludeArgs,
        Scorecard,
        ScorecardArgs,
        ScorecardFilterArgs,
        ScorecardLevelArgs,
        ScorecardRuleArgs,
    )
    from .provider.secret import Secret, SecretArgs
    from .provider.team import IdpGroupArgs, SlackChannelArgs, Team, TeamArgs, TeamLinkArgs, TeamMemberArgs
    from .provider.team_hierarchy import TeamEdgeArgs, TeamHierarchy, TeamHierarchyArgs
    from .provider.workflow import (
        RestrictionPolicyArgs,
        Workflow,
        WorkflowActionArgs,
        WorkflowArgs,
        WorkflowFilterArgs,
        WorkflowVariableArgs,
    )

__all__ = [
    "CortexResourceError",
    "Deploy",
    "DeployArgs",
    "DeployerArgs",
    "IdpGroupArgs",
    "IncludeExcludeArgs",
    "RestrictionPolicyArgs",
    "Scorecard",
    "ScorecardArgs",
    "ScorecardExemption",
    "ScorecardExemptionArgs",
    "ScorecardFilterArgs",
    "ScorecardLevelArgs",
    "ScorecardRuleArgs",
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
    "Workflow",
    "WorkflowActionArgs",
    "WorkflowArgs",
    "WorkflowFilterArgs",
    "WorkflowVariableArgs",
    "delete_deploys",
    "get_entity_scorecard_scores",
    "get_scorecard",
    "get_scorecard_badge",
    "get_scorecard_next_steps",
    "get_scorecard_scores",
    "get_secret",
    "get_team",
    "get_team_hierarchy",
    "get_workflow",
    "list_deploys",
    "list_scorecards",
    "list_secrets",
    "list_teams",
    "list_workflows",
    "replace_team_members",
    "trigger_scorecard_evaluation",
    "validate_workflow",
]

#: Where each public name lives. Imported on first use (PEP 562): the language host and the dynamic-provider
#: process import this package without needing all of it, and each pulumi command starts both.
__getattr__, __dir__ = _lazy.exports(__name__, globals(), __all__, {
    ".actions": ("delete_deploys", "replace_team_members", "trigger_scorecard_evaluation"),
    ".lookups": (
        "get_entity_scorecard_scores", "get_scorecard", "get_scorecard_badge", "get_scorecard_next_steps",
        "get_scorecard_scores", "get_secret", "get_team", "get_team_hierarchy", "get_workflow",
        "list_deploys", "list_scorecards", "list_secrets", "list_teams", "list_workflows",
        "validate_workflow",
    ),
    ".provider._errors": ("CortexResourceError",),
    ".provider.deploy": ("Deploy", "DeployArgs", "DeployerArgs"),
    ".provider.exemption": ("ScorecardExemption", "ScorecardExemptionArgs"),
    ".provider.scorecard": (
        "IncludeExcludeArgs", "Scorecard", "ScorecardArgs", "ScorecardFilterArgs", "ScorecardLevelArgs",
        "ScorecardRuleArgs",
    ),
    ".provider.secret": ("Secret", "SecretArgs"),
    ".provider.team": (
        "IdpGroupArgs", "SlackChannelArgs", "Team", "TeamArgs", "TeamLinkArgs", "TeamMemberArgs",
    ),
    ".provider.team_hierarchy": ("TeamEdgeArgs", "TeamHierarchy", "TeamHierarchyArgs"),
    ".provider.workflow": (
        "RestrictionPolicyArgs", "Workflow", "WorkflowActionArgs", "WorkflowArgs", "WorkflowFilterArgs",
        "WorkflowVariableArgs",
    ),
})

