"""The shared Cortex REST client: ``CortexClient``, its attrs models and its error hierarchy.

Names are imported on first use (PEP 562): the Pulumi program needs the error classes and a few models,
not the HTTP stack, so every pulumi command's program process starts without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import _lazy

if TYPE_CHECKING:
    from . import models as models
    from .client import (
        DEFAULT_BASE_URL as DEFAULT_BASE_URL,
        CortexClient as CortexClient,
    )
    from .errors import (
        BadRequestError as BadRequestError,
        ConflictError as ConflictError,
        CortexAPIError as CortexAPIError,
        CortexConfigError as CortexConfigError,
        CortexConnectionError as CortexConnectionError,
        CortexError as CortexError,
        CortexResponseError as CortexResponseError,
        ForbiddenError as ForbiddenError,
        NotFoundError as NotFoundError,
        RateLimitedError as RateLimitedError,
        ServerError as ServerError,
        UnauthorizedError as UnauthorizedError,
    )
    from .models.common import Page as Page
    from .settings import Settings as Settings


# The block above is the one list of public names: type checkers read it, and `_lazy` imports each on first use.
__getattr__, __dir__ = _lazy.exports(__name__, globals())
