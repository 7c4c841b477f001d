"""attrs models for every Cortex request and response body the client sends or reads.

Names are imported on first use (PEP 562): importing one model module does not build every model class.
"""

# The package exports each model module's ``__all__`` whole (common's shared models aside), so type checkers
# read the names from the modules themselves through star imports.
# ruff: noqa: F403, F405

from __future__ import annotations

from typing import TYPE_CHECKING

from ... import _lazy

if TYPE_CHECKING:
    from .common import (
        ErrorResponse as ErrorResponse,
        Filter as Filter,
        IncludeExclude as IncludeExclude,
        LadderLevel as LadderLevel,
        LevelRef as LevelRef,
        Page as Page,
        ValidationResult as ValidationResult,
        Violation as Violation,
    )
    from .deploy import *
    from .exemption import *
    from .score import *
    from .scorecard import *
    from .secret import *
    from .team import *
    from .team_hierarchy import *
    from .workflow import *


#: Where each public name lives; imported on first use (PEP 562).
__all__, __getattr__, __dir__ = _lazy.exports(__name__, globals(), {
    ".common": (
        "ErrorResponse", "Filter", "IncludeExclude", "LadderLevel", "LevelRef", "Page", "ValidationResult",
        "Violation",
    ),
    ".deploy": ("DEPLOY_TYPES", "CustomDeploy", "Deployer", "DeploysResponse", "SaveDeployRequest"),
    ".exemption": (
        "EXEMPTION_STATUSES", "ApproveRuleExemptionRequest", "ExemptionActor", "ExemptionStatus",
        "ModifiedRuleExemptionsResponse", "RejectRuleExemptionRequest", "RuleExemptionDefinition",
        "RuleExemptionDefinitionWithRule", "RuleExemptionRequest",
    ),
    ".score": (
        "BadgeMarkdown", "EntityScorecardScore", "IndividualOwner", "NextSteps", "RuleOutcome",
        "RuleToComplete", "ScorecardServiceScore", "ScoreDetails", "ScoreSummary", "ServiceDetails",
        "ServiceOwners", "ServiceScore",
    ),
    ".scorecard": (
        "DescriptorRule", "EvaluationSettings", "ExemptionSettings", "Ladder", "LadderLevelDefinition",
        "NotificationSettings", "ScorecardDescriptor", "ScorecardResponse", "ScorecardRule",
    ),
    ".secret": ("SECRET_TAG_PATTERN", "CreateSecretRequest", "SecretResponse", "UpdateSecretRequest"),
    ".team": (
        "IDP_PROVIDERS", "TEAM_TYPES", "AllTeamsResponse", "CortexManagedTeamMembersRequest",
        "CortexTeamDetails", "CortexTeamMember", "CortexTeamMemberDetails", "CortexTeamMemberRole",
        "CreateTeamRequest", "IdpGroup", "IdpGroupDetails", "IdpGroupMember", "IdpMemberRole",
        "SlackChannel", "TeamLink", "TeamMetadata", "TeamResponse", "UpdateTeamRequest",
    ),
    ".team_hierarchy": (
        "TeamEdge", "TeamEdgeRequest", "TeamsRelationshipsRequest", "TeamsRelationshipsResponse",
    ),
    ".workflow": (
        "CALLBACK_STATUSES", "CallbackRequest", "CompoundFilter", "EntityGroupFilter", "EntityTypeFilter",
        "RestrictionPolicy", "WorkflowAction", "WorkflowActionSchema", "WorkflowDefinition",
        "WorkflowFilter", "WorkflowVariable",
    ),
})

