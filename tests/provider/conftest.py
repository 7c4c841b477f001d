"""Fixtures for provider tests: providers configured against the session emulator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from pulumi.dynamic import Config, ConfigureRequest, ResourceProvider

from cortex_pulumi.emulator import Emulator
from tests.support import ADMIN_TOKEN

P = TypeVar("P", bound=ResourceProvider)


def configured(cls: type[P], emu: Emulator, token: str = ADMIN_TOKEN, **extra: Any) -> P:
    """A provider instance configured the way the provider process does it (stack config, `cortex:` keys)."""
    provider = cls()
    values = {"cortex:apiToken": token, "cortex:baseUrl": emu.url, **{f"cortex:{k}": v for k, v in extra.items()}}
    provider.configure(ConfigureRequest(Config(values, "cortex-test")))
    return provider


@pytest.fixture
def make(emu: Emulator) -> Callable[..., Any]:
    """`make(ProviderClass, **config)` -> a configured provider against the emptied emulator."""
    return lambda cls, **extra: configured(cls, emu, **extra)


def checked(provider: ResourceProvider, news: dict[str, Any], olds: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run `check` the way the engine does (with `__provider`) and insist it passes."""
    result = provider.check(olds or {}, {**news, "__provider": "blob"})
    assert result.failures == [], [(f.property, f.reason) for f in result.failures]
    inputs = dict(result.inputs)
    inputs.pop("__provider", None)
    return inputs


def failures(provider: ResourceProvider, news: dict[str, Any]) -> dict[str, str]:
    """Field -> reason of every CheckFailure for `news`."""
    result = provider.check({}, news)
    return {f.property: f.reason for f in result.failures}
