"""The shared Cortex REST client: ``CortexClient``, its attrs models and its error hierarchy.

Names are imported on first use (PEP 562): the Pulumi program needs the error classes and a few models,
not the HTTP stack, so every pulumi command's program process starts without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
_LOCATIONS: dict[str, str] = {
    "models": ".models:module",
    "DEFAULT_BASE_URL": ".client",
    "CortexClient": ".client",
    "BadRequestError": ".errors",
    "ConflictError": ".errors",
    "CortexAPIError": ".errors",
    "CortexConfigError": ".errors",
    "CortexConnectionError": ".errors",
    "CortexError": ".errors",
    "CortexResponseError": ".errors",
    "ForbiddenError": ".errors",
    "NotFoundError": ".errors",
    "RateLimitedError": ".errors",
    "ServerError": ".errors",
    "UnauthorizedError": ".errors",
    "Page": ".models.common",
    "Settings": ".settings",
}


def __getattr__(name: str) -> Any:
    return _lazy.load(__name__, globals(), _LOCATIONS, name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
