"""`Settings`: everything the client needs, read once (keyword arguments, environment or config) and frozen."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import attrs

from .defaults import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RATE_LIMIT_WAIT,
    DEFAULT_MAX_RETRY_AFTER,
    USER_AGENT,
    mask_token,
    validate_base_url,
)
from .errors import CortexConfigError

__all__ = ["CONFIG_KEYS", "DEFAULT_BASE_URL", "USER_AGENT", "Settings"]

#: Config keys (namespace ``cortex``) read by ``Settings.from_config``, and the field each one sets.
CONFIG_FIELDS = {
    "apiToken": "api_token",
    "baseUrl": "base_url",
    "rateLimit": "rate_limit_per_minute",
    "timeout": "timeout",
    "maxRetries": "max_retries",
    "maxRateLimitWait": "max_rate_limit_wait",
    "validateWithServer": "validate_with_server",
    "allowInsecureHttp": "allow_insecure_http",
    "previewChecks": "preview_checks",
}
CONFIG_KEYS = tuple(CONFIG_FIELDS)
#: The environment variables that stand in for config keys the stack does not set.
ENV_FALLBACK = {
    "apiToken": "CORTEX_API_TOKEN",
    "baseUrl": "CORTEX_BASE_URL",
    "validateWithServer": "CORTEX_VALIDATE_WITH_SERVER",
    "previewChecks": "CORTEX_PREVIEW_CHECKS",
}
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}
MISSING_TOKEN = ("no Cortex API token: set cortex:apiToken (pulumi config set --secret cortex:apiToken <token>) "
                 "or the CORTEX_API_TOKEN environment variable")


def _flag(key: str, value: Any) -> bool:
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


#: How each config value is parsed (text as Pulumi config gives it) into its field.
_PARSERS: dict[str, Any] = {
    "apiToken": lambda key, v: str(v),
    "baseUrl": lambda key, v: str(v),
    "timeout": lambda key, v: _number(key, v, float, 0.001),
    "rateLimit": lambda key, v: _number(key, v, int, 1),
    "maxRetries": lambda key, v: _number(key, v, int, 0),
    "maxRateLimitWait": lambda key, v: _number(key, v, float, 0),
    "validateWithServer": _flag,
    "allowInsecureHttp": _flag,
    "previewChecks": _flag,
}


def _timeouts(value: float | tuple[float, float]) -> tuple[float, float]:
    connect, read = value if isinstance(value, tuple) else (value, value)
    try:
        connect, read = float(connect), float(read)
    except (TypeError, ValueError) as exc:
        raise CortexConfigError(
            f"timeout must be seconds (a number or a (connect, read) pair), got {value!r}"
        ) from exc
    if connect <= 0 or read <= 0:
        raise CortexConfigError(f"timeout must be positive, got {value!r}")
    return connect, read


@attrs.frozen(kw_only=True)
class Settings:
    """The Cortex account, credentials and limits of one client; the token is masked in ``repr``.

    Build it from keyword arguments (``Settings(...)`` or ``Settings.from_kwargs``, which falls back to the
    environment), from the environment alone (``from_env``) or from ``cortex:*`` config values
    (``from_config``). ``CortexClient(settings=...)`` and the transport take it as it is.
    """

    api_token: str = attrs.field(default="", repr=mask_token)
    base_url: str = DEFAULT_BASE_URL
    #: Seconds, or a ``(connect, read)`` pair.
    timeout: float | tuple[float, float] = 30.0
    #: Client-side limit: at most this many requests in any 60 s (None: no limit; see ratelimit.py).
    rate_limit_per_minute: int | None = 1000
    max_retries: int = 4
    backoff_factor: float = 0.5
    #: Longest single ``Retry-After`` wait honoured, and the budget of all 429 waits of one request.
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    max_rate_limit_wait: float = DEFAULT_MAX_RATE_LIMIT_WAIT
    #: TLS verification: True, False or the path of a CA bundle.
    verify: bool | str = True
    allow_insecure_http: bool = False
    user_agent: str = USER_AGENT
    pool_size: int = 10
    #: Providers check the token (and validate inputs with Cortex) during preview.
    validate_with_server: bool = False
    #: Providers check at preview, read-only, that the token works and that a new object's key is free.
    preview_checks: bool = True

    def __attrs_post_init__(self) -> None:
        object.__setattr__(
            self, "base_url", validate_base_url(self.base_url, allow_insecure_http=self.allow_insecure_http)
        )
        _timeouts(self.timeout)
        if int(self.max_retries) < 0:
            raise CortexConfigError(f"max_retries must be >= 0, got {self.max_retries!r}")
        if self.max_rate_limit_wait < 0:
            raise CortexConfigError(f"max_rate_limit_wait must be >= 0, got {self.max_rate_limit_wait!r}")

    @property
    def timeouts(self) -> tuple[float, float]:
        """``(connect, read)`` seconds."""
        return _timeouts(self.timeout)

    def require_token(self) -> Settings:
        """These settings, if they carry a token; else ``CortexConfigError`` naming both places to set one."""
        if not self.api_token:
            raise CortexConfigError(MISSING_TOKEN)
        return self

    @classmethod
    def from_kwargs(cls, env: Mapping[str, str] | None = None, **kwargs: Any) -> Settings:
        """From keyword arguments; a missing ``api_token`` / ``base_url`` is read from ``CORTEX_API_TOKEN`` /
        ``CORTEX_BASE_URL``."""
        env = os.environ if env is None else env
        for key, field in (("apiToken", "api_token"), ("baseUrl", "base_url")):
            if not kwargs.get(field) and env.get(ENV_FALLBACK[key]):
                kwargs[field] = env[ENV_FALLBACK[key]]
            elif not kwargs.get(field):
                kwargs.pop(field, None)
        return cls(**kwargs)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """From ``CORTEX_API_TOKEN``, ``CORTEX_BASE_URL`` and ``CORTEX_VALIDATE_WITH_SERVER`` only."""
        return cls.from_config({}, env)

    @classmethod
    def from_config(cls, values: Mapping[str, Any], env: Mapping[str, str] | None = None, *,
                    require_token: bool = True) -> Settings:
        """From config values as text (keys ``apiToken``, ``baseUrl``, ``rateLimit``, ``timeout``, ``maxRetries``,
        ``maxRateLimitWait``, ``validateWithServer``, ``allowInsecureHttp``, with or without the ``cortex:``
        prefix; others are ignored), the environment standing in for a missing token, base URL or
        validateWithServer. Raises ``CortexConfigError`` naming the key; without a token only if
        ``require_token``."""
        env = os.environ if env is None else env
        given = {}
        for key, value in values.items():
            name = key.split(":", 1)[1] if key.startswith("cortex:") else key
            if value is not None and name in CONFIG_FIELDS:
                given[name] = value
        for key, variable in ENV_FALLBACK.items():
            if given.get(key) in (None, "") and env.get(variable):
                given[key] = env[variable]
        kwargs = {CONFIG_FIELDS[k]: _PARSERS[k](k, v) for k, v in given.items() if v != ""}
        settings = cls(**kwargs)
        return settings.require_token() if require_token else settings
