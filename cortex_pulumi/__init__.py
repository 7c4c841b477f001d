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
        DeployArgsDict as DeployArgsDict,
        DeployerArgs as DeployerArgs,
        DeployerArgsDict as DeployerArgsDict,
    )
    from .provider.exemption import (
        ScorecardExemption as ScorecardExemption,
        ScorecardExemptionArgs as ScorecardExemptionArgs,
        ScorecardExemptionArgsDict as ScorecardExemptionArgsDict,
    )
    from .provider.scorecard import (
        IncludeExcludeArgs as IncludeExcludeArgs,
        IncludeExcludeArgsDict as IncludeExcludeArgsDict,
        Scorecard as Scorecard,
        ScorecardArgs as ScorecardArgs,
        ScorecardArgsDict as ScorecardArgsDict,
        ScorecardFilterArgs as ScorecardFilterArgs,
        ScorecardFilterArgsDict as ScorecardFilterArgsDict,
        ScorecardLevelArgs as ScorecardLevelArgs,
        ScorecardLevelArgsDict as ScorecardLevelArgsDict,
        ScorecardRuleArgs as ScorecardRuleArgs,
        ScorecardRuleArgsDict as ScorecardRuleArgsDict,
    )
    from .provider.secret import (
        Secret as Secret,
        SecretArgs as SecretArgs,
        SecretArgsDict as SecretArgsDict,
    )
    from .provider.team import (
        IdpGroupArgs as IdpGroupArgs,
        IdpGroupArgsDict as IdpGroupArgsDict,
        SlackChannelArgs as SlackChannelArgs,
        SlackChannelArgsDict as SlackChannelArgsDict,
        Team as Team,
        TeamArgs as TeamArgs,
        TeamArgsDict as TeamArgsDict,
        TeamLinkArgs as TeamLinkArgs,
        TeamLinkArgsDict as TeamLinkArgsDict,
        TeamMemberArgs as TeamMemberArgs,
        TeamMemberArgsDict as TeamMemberArgsDict,
    )
    from .provider.team_hierarchy import (
        TeamEdgeArgs as TeamEdgeArgs,
        TeamEdgeArgsDict as TeamEdgeArgsDict,
        TeamHierarchy as TeamHierarchy,
        TeamHierarchyArgs as TeamHierarchyArgs,
        TeamHierarchyArgsDict as TeamHierarchyArgsDict,
    )
    from .provider.workflow import (
        RestrictionPolicyArgs as RestrictionPolicyArgs,
        RestrictionPolicyArgsDict as RestrictionPolicyArgsDict,
        Workflow as Workflow,
        WorkflowActionArgs as WorkflowActionArgs,
        WorkflowActionArgsDict as WorkflowActionArgsDict,
        WorkflowArgs as WorkflowArgs,
        WorkflowArgsDict as WorkflowArgsDict,
        WorkflowFilterArgs as WorkflowFilterArgs,
        WorkflowFilterArgsDict as WorkflowFilterArgsDict,
        WorkflowVariableArgs as WorkflowVariableArgs,
        WorkflowVariableArgsDict as WorkflowVariableArgsDict,
    )


#: Where each public name lives. Imported on first use (PEP 562): the language host and the dynamic-provider
#: process import this package without needing all of it, and each pulumi command starts both. Type checkers
#: read the names above instead: a module `__getattr__` would make them take any misspelt name for `Any`.
if not TYPE_CHECKING:
    __all__, __getattr__, __dir__ = _lazy.exports(__name__, globals(), {
        ".actions": ("delete_deploys", "replace_team_members", "trigger_scorecard_evaluation"),
        ".lookups": (
            "get_entity_scorecard_scores", "get_scorecard", "get_scorecard_badge", "get_scorecard_next_steps",
            "get_scorecard_scores", "get_secret", "get_team", "get_team_hierarchy", "get_workflow",
            "list_deploys", "list_scorecards", "list_secrets", "list_teams", "list_workflows",
            "validate_workflow",
        ),
        ".provider._errors": ("CortexResourceError",),
        ".provider.deploy": ("Deploy", "DeployArgs", "DeployArgsDict", "DeployerArgs", "DeployerArgsDict"),
        ".provider.exemption": ("ScorecardExemption", "ScorecardExemptionArgs", "ScorecardExemptionArgsDict"),
        ".provider.scorecard": (
            "IncludeExcludeArgs", "IncludeExcludeArgsDict", "Scorecard", "ScorecardArgs", "ScorecardArgsDict",
            "ScorecardFilterArgs", "ScorecardFilterArgsDict", "ScorecardLevelArgs", "ScorecardLevelArgsDict",
            "ScorecardRuleArgs", "ScorecardRuleArgsDict",
        ),
        ".provider.secret": ("Secret", "SecretArgs", "SecretArgsDict"),
        ".provider.team": (
            "IdpGroupArgs", "IdpGroupArgsDict", "SlackChannelArgs", "SlackChannelArgsDict", "Team", "TeamArgs",
            "TeamArgsDict", "TeamLinkArgs", "TeamLinkArgsDict", "TeamMemberArgs", "TeamMemberArgsDict",
        ),
        ".provider.team_hierarchy": (
            "TeamEdgeArgs", "TeamEdgeArgsDict", "TeamHierarchy", "TeamHierarchyArgs", "TeamHierarchyArgsDict",
        ),
        ".provider.workflow": (
            "RestrictionPolicyArgs", "RestrictionPolicyArgsDict", "Workflow", "WorkflowActionArgs",
            "WorkflowActionArgsDict", "WorkflowArgs", "WorkflowArgsDict", "WorkflowFilterArgs",
            "WorkflowFilterArgsDict", "WorkflowVariableArgs", "WorkflowVariableArgsDict",
        ),
    })
