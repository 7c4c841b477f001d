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
    from .actions import (
        delete_deploys as delete_deploys,
        replace_team_members as replace_team_members,
        trigger_scorecard_evaluation as trigger_scorecard_evaluation,
    )
    from .lookups import (
        get_entity_scorecard_scores as get_entity_scorecard_scores,
        get_scorecard as get_scorecard,
        get_scorecard_badge as get_scorecard_badge,
        get_scorecard_next_steps as get_scorecard_next_steps,
        get_scorecard_scores as get_scorecard_scores,
        get_secret as get_secret,
        get_team as get_team,
        get_team_hierarchy as get_team_hierarchy,
        get_workflow as get_workflow,
        list_deploys as list_deploys,
        list_scorecards as list_scorecards,
        list_secrets as list_secrets,
        list_teams as list_teams,
        list_workflows as list_workflows,
        validate_workflow as validate_workflow,
    )
    from .provider._errors import CortexResourceError as CortexResourceError
    from .provider.deploy import (
        Deploy as Deploy,
        DeployArgs as DeployArgs,
        DeployerArgs as DeployerArgs,
    )
    from .provider.exemption import (
        ScorecardExemption as ScorecardExemption,
        ScorecardExemptionArgs as ScorecardExemptionArgs,
    )
    from .provider.scorecard import (
        IncludeExcludeArgs as IncludeExcludeArgs,
        Scorecard as Scorecard,
        ScorecardArgs as ScorecardArgs,
        ScorecardFilterArgs as ScorecardFilterArgs,
        ScorecardLevelArgs as ScorecardLevelArgs,
        ScorecardRuleArgs as ScorecardRuleArgs,
    )
    from .provider.secret import (
        Secret as Secret,
        SecretArgs as SecretArgs,
    )
    from .provider.team import (
        IdpGroupArgs as IdpGroupArgs,
        SlackChannelArgs as SlackChannelArgs,
        Team as Team,
        TeamArgs as TeamArgs,
        TeamLinkArgs as TeamLinkArgs,
        TeamMemberArgs as TeamMemberArgs,
    )
    from .provider.team_hierarchy import (
        TeamEdgeArgs as TeamEdgeArgs,
        TeamHierarchy as TeamHierarchy,
        TeamHierarchyArgs as TeamHierarchyArgs,
    )
    from .provider.workflow import (
        RestrictionPolicyArgs as RestrictionPolicyArgs,
        Workflow as Workflow,
        WorkflowActionArgs as WorkflowActionArgs,
        WorkflowArgs as WorkflowArgs,
        WorkflowFilterArgs as WorkflowFilterArgs,
        WorkflowVariableArgs as WorkflowVariableArgs,
    )


#: Where each public name lives. Imported on first use (PEP 562): the language host and the dynamic-provider
#: process import this package without needing all of it, and each pulumi command starts both.
__all__, __getattr__, __dir__ = _lazy.exports(__name__, globals(), {
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

