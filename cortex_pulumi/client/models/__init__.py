"""attrs models for every Cortex request and response body the client sends or reads.

Names are imported on first use (PEP 562): importing one model module does not build every model class.
"""

# The package exports each model module's ``__all__`` whole (common's shared models aside), so type checkers
# read the names from the modules themselves: star imports, and names in ``__all__`` defined by them.
# ruff: noqa: F403, F405

from __future__ import annotations

from typing import TYPE_CHECKING

from ... import _lazy

if TYPE_CHECKING:
    from .common import (
        ErrorResponse,
        Filter,
        IncludeExclude,
        LadderLevel,
        LevelRef,
        Page,
        ValidationResult,
        Violation,
    )
    from .deploy import *
    from .exemption import *
    from .score import *
    from .scorecard import *
    from .secret import *
    from .team import *
    from .team_hierarchy import *
    from .workflow import *


__all__ = [
    "CALLBACK_STATUSES",
    "DEPLOY_TYPES",
    "EXEMPTION_STATUSES",
    "IDP_PROVIDERS",
    "SECRET_TAG_PATTERN",
    "TEAM_TYPES",
    "AllTeamsResponse",
    "ApproveRuleExemptionRequest",
    "BadgeMarkdown",
    "CallbackRequest",
    "CompoundFilter",
    "CortexManagedTeamMembersRequest",
    "CortexTeamDetails",
    "CortexTeamMember",
    "CortexTeamMemberDetails",
    "CortexTeamMemberRole",
    "CreateSecretRequest",
    "CreateTeamRequest",
    "CustomDeploy",
    "Deployer",
    "DeploysResponse",
    "DescriptorRule",
    "EntityGroupFilter",
    "EntityScorecardScore",
    "EntityTypeFilter",
    "ErrorResponse",
    "EvaluationSettings",
    "ExemptionActor",
    "ExemptionSettings",
    "ExemptionStatus",
    "Filter",
    "IdpGroup",
    "IdpGroupDetails",
    "IdpGroupMember",
    "IdpMemberRole",
    "IncludeExclude",
    "IndividualOwner",
    "Ladder",
    "LadderLevel",
    "LadderLevelDefinition",
    "LevelRef",
    "ModifiedRuleExemptionsResponse",
    "NextSteps",
    "NotificationSettings",
    "Page",
    "RejectRuleExemptionRequest",
    "RestrictionPolicy",
    "RuleExemptionDefinition",
    "RuleExemptionDefinitionWithRule",
    "RuleExemptionRequest",
    "RuleOutcome",
    "RuleToComplete",
    "SaveDeployRequest",
    "ScoreDetails",
    "ScoreSummary",
    "ScorecardDescriptor",
    "ScorecardResponse",
    "ScorecardRule",
    "ScorecardServiceScore",
    "SecretResponse",
    "ServiceDetails",
    "ServiceOwners",
    "ServiceScore",
    "SlackChannel",
    "TeamEdge",
    "TeamEdgeRequest",
    "TeamLink",
    "TeamMetadata",
    "TeamResponse",
    "TeamsRelationshipsRequest",
    "TeamsRelationshipsResponse",
    "UpdateSecretRequest",
    "UpdateTeamRequest",
    "ValidationResult",
    "Violation",
    "WorkflowAction",
    "WorkflowActionSchema",
    "WorkflowDefinition",
    "WorkflowFilter",
    "WorkflowVariable",
]

#: Where each public name lives; imported on first use (PEP 562).
__getattr__, __dir__ = _lazy.exports(__name__, globals(), __all__, {
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

