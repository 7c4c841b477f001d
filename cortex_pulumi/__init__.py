"""Manage Cortex (the internal developer portal) as code from Pulumi programs.

Resources (each with a `<Name>Args` class whose field docstrings are the reference): `Scorecard`,
`ScorecardExemption`, `Team`, `TeamHierarchy`, `Secret`, `Workflow`, `Deploy`. Read-only lookups:
`get_*` / `list_*` / `validate_workflow`; operations: `trigger_scorecard_evaluation`, `delete_deploys`,
`replace_team_members`. Configure with `cortex:apiToken` (secret) and `cortex:baseUrl`,
or `CORTEX_API_TOKEN` / `CORTEX_BASE_URL`.
"""

from __future__ import annotations

# ruff: noqa: F403
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

    # kinds: one star import each (scripts/resource_signatures.py --write)
    from .provider.deploy import *
    from .provider.exemption import *
    from .provider.scorecard import *
    from .provider.secret import *
    from .provider.team import *
    from .provider.team_hierarchy import *
    from .provider.workflow import *
    # end kinds


# The block above is the one list of the package's public names: type checkers read it (a module `__getattr__`
# would make them take any misspelt name for `Any`), and `_lazy` reads it from this file to import each name on
# first use (PEP 562): the language host and the dynamic-provider process import this package without needing
# all of it, and each pulumi command starts both. A kind's package exports its `__all__` through one star import.
if not TYPE_CHECKING:
    __getattr__, __dir__ = _lazy.exports(__name__, globals())
