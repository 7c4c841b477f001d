"""The shared Cortex REST client: ``CortexClient``, its attrs models and its error hierarchy."""

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
