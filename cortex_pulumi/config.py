"""Client settings from a stack's ``cortex:*`` config, the environment standing in: one function for every caller."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .client.settings import CONFIG_KEYS, Settings

__all__ = ["CONFIG_KEYS", "ProviderConfig", "Settings", "no_stack_config", "settings_from_stack", "stack_config_values"]

#: The former name of `Settings` (the provider's configuration is the client's settings).
ProviderConfig = Settings


def no_stack_config(_key: str) -> None:
    """The config getter of a process that runs outside any stack (the command-line tools): sets nothing."""
    return None


def stack_config_values(get: Callable[[str], Any] | None = None) -> dict[str, Any]:
    """The ``cortex:*`` values the stack sets, read through ``get("cortex:<key>")`` (a provider's
    ``ConfigureRequest.config.get``); without ``get``, the running program's ``pulumi.Config("cortex")``."""
    if get is None:
        import pulumi

        stack = pulumi.Config("cortex")
        get = lambda name: stack.get(name.split(":", 1)[1])  # noqa: E731
    values = {}
    for key in CONFIG_KEYS:
        value = get(f"cortex:{key}")
        if value is not None:
            values[key] = value
    return values


def settings_from_stack(get: Callable[[str], Any] | None = None, env: Mapping[str, str] | None = None, *,
                        require_token: bool = True, **overrides: Any) -> Settings:
    """`Settings` from the stack config (see `stack_config_values`), falling back to ``CORTEX_API_TOKEN``,
    ``CORTEX_BASE_URL`` and ``CORTEX_VALIDATE_WITH_SERVER``: what the providers, the lookups and the command-line
    tools use. ``overrides`` are config values given another way (a command-line flag), e.g. ``baseUrl``."""
    values = {**stack_config_values(get), **{k: v for k, v in overrides.items() if v is not None}}
    return Settings.from_config(values, env, require_token=require_token)
