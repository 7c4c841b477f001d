"""Client defaults and the checks that need no HTTP stack (so that settings load without requests)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from .._version import __version__
from .errors import CortexConfigError

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RATE_LIMIT_WAIT",
    "DEFAULT_MAX_RETRY_AFTER",
    "USER_AGENT",
    "is_loopback",
    "mask_token",
    "validate_base_url",
]

#: Longest ``Retry-After`` the client waits; a longer one gives up with ``RateLimitedError``.
DEFAULT_MAX_RETRY_AFTER = 60.0
#: Longest total time one request waits out 429 answers before giving up with ``RateLimitedError``.
DEFAULT_MAX_RATE_LIMIT_WAIT = 300.0
DEFAULT_BASE_URL = "https://api.getcortexapp.com"
USER_AGENT = f"cortex-pulumi/{__version__}"
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def mask_token(token: str | None) -> str:
    """``'****abcd'``-style rendering (last four characters at most, none for short tokens)."""
    if not token:
        return "<unset>"
    return "****" + (token[-4:] if len(token) >= 16 else "")


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback IPv4/IPv6 addresses."""
    host = host.strip("[]").lower()
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_base_url(base_url: str, *, allow_insecure_http: bool = False) -> str:
    """Normalise (strip blanks, quotes, trailing ``/`` and ``/api/v1``) and check a base URL; ``CortexConfigError``
    if bad."""
    url = (base_url or "").strip().strip("'\"").rstrip("/")
    # Cortex documents its API as https://api.getcortexapp.com/api/v1/...: a base URL copied with the prefix
    # would otherwise double it (/api/v1/api/v1/teams, a bare 404).
    url = url.removesuffix("/api/v1").rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CortexConfigError(
            f"Cortex base URL {base_url!r} is not an http(s) URL; set cortex:baseUrl or CORTEX_BASE_URL "
            f"to e.g. {DEFAULT_BASE_URL}"
        )
    if parts.query or parts.fragment:
        raise CortexConfigError(f"Cortex base URL {base_url!r} must not have a query or fragment")
    if parts.scheme == "http" and not allow_insecure_http and not is_loopback(parts.hostname):
        raise CortexConfigError(
            f"refusing to send the Cortex API token over plain http to {parts.hostname}; use https, or set "
            "cortex:allowInsecureHttp (allow_insecure_http=True) if you really mean it"
        )
    return url
