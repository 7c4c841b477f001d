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

    # kinds: one star import each (scripts/resource_signatures.py --write)
    from .deploy import *
    from .exemption import *
    from .score import *
    from .scorecard import *
    from .secret import *
    from .team import *
    from .team_hierarchy import *
    from .workflow import *
    # end kinds


# The block above is the one list of public names: type checkers read it, and `_lazy` imports each on first use.
__getattr__, __dir__ = _lazy.exports(__name__, globals())
