"""Emulator settings: one immutable-ish object shared by the app, the CLI and the in-process Emulator.

`Settings` is reachable from every request as ``request.app.state.settings``. Fields that services read:

- ``base_url``: the URL the emulator is reachable at (set once the socket is bound; used in badges).
- ``evaluation_seconds``: how long a scorecard evaluation counts as "running" (409 window, default 2 s).
- ``externally_managed_teams``: team tags whose delete answers 405 (also settable per team in a seed).
- ``max_body_bytes``: request bodies above this size get 413 (2 MB, as documented by Cortex).
- ``rate_limit`` / ``rate_limit_mode``: requests per minute per key, counted by a ``token-bucket`` (default) or
  a strict ``sliding-window`` (ratelimit.py).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from cortex_pulumi.emulator.auth import ApiKey, parse_key_spec
from cortex_pulumi.emulator.faults import FaultConfig
from cortex_pulumi.emulator.ratelimit import MODES as RATE_LIMIT_MODES

#: The key accepted when no key is configured, with role ADMIN (documented in the README and --help).
DEFAULT_API_KEY = "local-admin-token"
DEFAULT_PORT = 8585
DEFAULT_RATE_LIMIT = 1000
MAX_BODY_BYTES = 2 * 1024 * 1024


@dataclasses.dataclass
class Settings:
    """Everything that configures one emulator instance."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    db: str = ":memory:"
    api_keys: list[ApiKey] = dataclasses.field(default_factory=list)
    rate_limit: int = DEFAULT_RATE_LIMIT
    rate_limit_mode: str = "token-bucket"
    seed: str | None = None
    faults: FaultConfig = dataclasses.field(default_factory=FaultConfig)
    admin_enabled: bool = True
    admin_key: str | None = None
    max_body_bytes: int = MAX_BODY_BYTES
    evaluation_seconds: float = 2.0
    retry_after_cap: int = 60
    externally_managed_teams: frozenset[str] = frozenset()
    request_log_size: int = 100_000
    base_url: str = ""

    def __post_init__(self) -> None:
        if not self.api_keys:
            self.api_keys = [parse_key_spec(DEFAULT_API_KEY, "ADMIN")]
        if self.rate_limit <= 0:
            raise ValueError("rate_limit must be a positive number of requests per minute")
        if self.rate_limit_mode not in RATE_LIMIT_MODES:
            raise ValueError(
                f"rate_limit_mode must be one of {', '.join(RATE_LIMIT_MODES)}, got {self.rate_limit_mode!r}"
            )

    @classmethod
    def from_keys(cls, api_keys: dict[str, Any] | None = None, **kwargs: Any) -> Settings:
        """Build settings from ``{"token": "ADMIN" | "VIEWER" | "Perm A,Perm B" | [perms]}``."""
        keys = [parse_key_spec(token, spec) for token, spec in (api_keys or {}).items()]
        return cls(api_keys=keys, **kwargs)
