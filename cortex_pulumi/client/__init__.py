"""The shared Cortex REST client: ``CortexClient``, its attrs models and its error hierarchy.

Names are imported on first use (PEP 562): the Pulumi program needs the error classes and a few models,
not the HTTP stack, so every pulumi command's program process starts without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import _lazy

if TYPE_CHECKING:
    from . import models
    from .client import DEFAULT_BASE_URL, CortexClient
    from .errors import (
        BadRequestError,
        ConflictError,
        CortexAPIError,
        CortexConfigError,
        CortexConnectionError,
        CortexError,
        CortexResponseError,
        ForbiddenError,
        NotFoundError,
        RateLimitedError,
        ServerError,
        UnauthorizedError,
    )
    from .models.common import Page
    from .settings import Settings


__all__ = [
    "DEFAULT_BASE_URL",
    "BadRequestError",
    "ConflictError",
    "CortexAPIError",
    "CortexClient",
    "CortexConfigError",
    "CortexConnectionError",
    "CortexError",
    "CortexResponseError",
    "ForbiddenError",
    "NotFoundError",
    "Page",
    "RateLimitedError",
    "ServerError",
    "Settings",
    "UnauthorizedError",
    "models",
]

#: Where each public name lives; imported on first use (PEP 562).
__getattr__, __dir__ = _lazy.exports(__name__, globals(), __all__, {
    ".client": ("DEFAULT_BASE_URL", "CortexClient"),
    ".errors": (
        "BadRequestError", "ConflictError", "CortexAPIError", "CortexConfigError", "CortexConnectionError",
        "CortexError", "CortexResponseError", "ForbiddenError", "NotFoundError", "RateLimitedError",
        "ServerError", "UnauthorizedError",
    ),
    ".models.common": ("Page",),
    ".settings": ("Settings",),
}, submodules=("models",))

