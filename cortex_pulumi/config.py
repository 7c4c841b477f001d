"""Provider configuration (``cortex:*`` Pulumi config and environment) and the client built from it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import attrs

from .client.client import CortexClient
from .client.errors import CortexConfigError
from .client.retry import DEFAULT_MAX_RATE_LIMIT_WAIT
from .client.transport import DEFAULT_BASE_URL, mask_token, validate_base_url

__all__ = ["CONFIG_KEYS", "ProviderConfig"]

#: Pulumi config keys (namespace ``cortex``) read by ``ProviderConfig.from_mapping``.
CONFIG_KEYS = (
    "apiToken",
    "baseUrl",
    "rateLimit",
    "timeout",
    "maxRetries",
    "maxRateLimitWait",
    "validateWithServer",
    "allowInsecureHttp",
    "previewChecks",
)

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


def _bool(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CortexConfigError(f"cortex:{key} must be true or false, got {value!r}")


def _number(key: str, value: Any, kind: type[int] | type[float], minimum: float) -> Any:
    try:
        number = float(str(value).strip()) if kind is float else int(str(value).strip())
    except ValueError:
        raise CortexConfigError(
            f"cortex:{key} must be a{'n integer' if kind is int else ' number'}, got {value!r}"
        ) from None
    if number < minimum:
        raise CortexConfigError(f"cortex:{key} must be at least {minimum:g}, got {value!r}")
    return number


@attrs.frozen(kw_only=True)
class ProviderConfig:
    """Everything needed to build a ``CortexClient``; the token is masked in ``repr``."""

    api_token: str = attrs.field(repr=mask_token)
    base_url: str = DEFAULT_BASE_URL
    timeout: float = 30.0
    rate_limit_per_minute: int = 1000
    max_retries: int = 4
    max_rate_limit_wait: float = DEFAULT_MAX_RATE_LIMIT_WAIT
    validate_with_server: bool = False
    allow_insecure_http: bool = False

    def __attrs_post_init__(self) -> None:
        if not self.api_token:
            raise CortexConfigError(
                "no Cortex API token: set cortex:apiToken (pulumi config set --secret cortex:apiToken <token>) "
                "or the CORTEX_API_TOKEN environment variable"
            )
        object.__setattr__(
            self, "base_url", validate_base_url(self.base_url, allow_insecure_http=self.allow_insecure_http)
        )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ProviderConfig:
        """From ``CORTEX_API_TOKEN`` and ``CORTEX_BASE_URL`` only."""
        return cls.from_mapping({}, env=os.environ if env is None else env)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], env: Mapping[str, str] = os.environ) -> ProviderConfig:
        """From Pulumi config values (keys ``apiToken``, ``baseUrl``, ``rateLimit``, ``timeout``,
        ``maxRetries``, ``maxRateLimitWait``, ``validateWithServer``, ``allowInsecureHttp``, with or without the ``cortex:``
        prefix), falling back to ``CORTEX_API_TOKEN`` / ``CORTEX_BASE_URL``. Raises ``CortexConfigError``."""
        given: dict[str, Any] = {}
        for key, value in values.items():
            name = key.split(":", 1)[1] if key.startswith("cortex:") else key
            if value is not None and name in CONFIG_KEYS:
                given[name] = value
        kwargs: dict[str, Any] = {
            "api_token": str(given.get("apiToken") or env.get("CORTEX_API_TOKEN") or ""),
            "base_url": str(given.get("baseUrl") or env.get("CORTEX_BASE_URL") or DEFAULT_BASE_URL),
        }
        if "timeout" in given:
            kwargs["timeout"] = _number("timeout", given["timeout"], float, 0.001)
        if "rateLimit" in given:
            kwargs["rate_limit_per_minute"] = _number("rateLimit", given["rateLimit"], int, 1)
        if "maxRetries" in given:
            kwargs["max_retries"] = _number("maxRetries", given["maxRetries"], int, 0)
        if "maxRateLimitWait" in given:
            kwargs["max_rate_limit_wait"] = _number("maxRateLimitWait", given["maxRateLimitWait"], float, 0)
        if "validateWithServer" in given:
            kwargs["validate_with_server"] = _bool("validateWithServer", given["validateWithServer"])
        if "allowInsecureHttp" in given:
            kwargs["allow_insecure_http"] = _bool("allowInsecureHttp", given["allowInsecureHttp"])
        return cls(**kwargs)

    def client(self) -> CortexClient:
        """A new thread-safe ``CortexClient`` for this configuration."""
        return CortexClient(
            base_url=self.base_url,
            api_token=self.api_token,
            timeout=self.timeout,
            rate_limit_per_minute=self.rate_limit_per_minute,
            max_retries=self.max_retries,
            max_rate_limit_wait=self.max_rate_limit_wait,
            allow_insecure_http=self.allow_insecure_http,
        )
