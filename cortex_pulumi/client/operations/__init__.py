"""Operation mixins, one module per Cortex API area, composed into ``CortexClient``."""

from .deploy import DeployOperations
from .exemption import ExemptionOperations
from .scorecard import ScorecardOperations
from .secret import SecretOperations
from .team import TeamOperations
from .team_hierarchy import TeamHierarchyOperations
from .workflow import WorkflowOperations

__all__ = [
    "DeployOperations",
    "ExemptionOperations",
    "ScorecardOperations",
    "SecretOperations",
    "TeamHierarchyOperations",
    "TeamOperations",
    "WorkflowOperations",
]
