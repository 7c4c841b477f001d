"""Manage Cortex (the internal developer portal) as code from Pulumi programs.

Resources (each with a `<Name>Args` class whose field docstrings are the reference): `Scorecard`,
`ScorecardExemption`, `Team`, `TeamHierarchy`, `Secret`, `Workflow`, `Deploy`. Read-only lookups:
`get_*` / `list_*` / `validate_workflow`. Configure with `cortex:apiToken` (secret) and `cortex:baseUrl`,
or `CORTEX_API_TOKEN` / `CORTEX_BASE_URL`.
"""

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
    "validate_workflow",
]
