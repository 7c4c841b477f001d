"""API keys, roles and permissions of the emulator, and constant-time bearer-token authentication.

A key is configured with a role (``ADMIN`` has every permission, ``VIEWER`` the "View" ones) or with an
explicit list of permission names. Services never look at tokens: each route names the permission it needs
(``@router.get(path, needs=PERM)``, see `cortex_pulumi.emulator.http.Router`), checked by ``require(request,
PERM)`` against the authenticated `ApiKey` that the auth middleware stored in ``request.scope["cortex.key"]``.

Key names (used in the request log instead of the secret token) are ``<role>-<fingerprint>``, where the
fingerprint is the first 8 hex digits of the token's SHA-256: stable, distinct, and not the token.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
from collections.abc import Iterable, Sequence

EDIT_SCORECARDS = "Edit Scorecards"
VIEW_SCORECARDS = "View Scorecards"
CONFIGURE_EXEMPTIONS = "Configure Scorecard exemptions"
CREATE_SECRETS = "Create secrets"
EDIT_ENTITIES = "Edit entities"
VIEW_WORKFLOWS = "View Workflows"
EDIT_WORKFLOWS = "Edit Workflows"
EDIT_WORKFLOW_RUNS = "Edit Workflow Runs"

ALL_PERMISSIONS: frozenset[str] = frozenset(
    {
        EDIT_SCORECARDS,
        VIEW_SCORECARDS,
        CONFIGURE_EXEMPTIONS,
        CREATE_SECRETS,
        EDIT_ENTITIES,
        VIEW_WORKFLOWS,
        EDIT_WORKFLOWS,
        EDIT_WORKFLOW_RUNS,
    }
)
ROLES: dict[str, frozenset[str]] = {
    "ADMIN": ALL_PERMISSIONS,
    "VIEWER": frozenset({VIEW_SCORECARDS, VIEW_WORKFLOWS}),
}
_BY_LOWER = {p.lower(): p for p in ALL_PERMISSIONS}


@dataclasses.dataclass(frozen=True)
class ApiKey:
    """One configured API key. ``token`` never leaves this object except for comparison."""

    token: str = dataclasses.field(repr=False)
    role: str | None
    permissions: frozenset[str]
    #: A loggable name: role (or "custom") plus a fingerprint of the token (computed once).
    name: str = dataclasses.field(init=False, compare=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(self.token.encode("utf-8")).hexdigest()[:8]
        object.__setattr__(self, "name", f"{(self.role or 'custom').lower()}-{digest}")

    @property
    def last4(self) -> str:
        """The last four characters, as Cortex reports API actors (``apiKeyLast4``)."""
        return self.token[-4:]

    @property
    def is_admin(self) -> bool:
        return self.role == "ADMIN"

    def has(self, permission: str) -> bool:
        return permission in self.permissions


def parse_permissions(spec: str | Iterable[str]) -> tuple[str | None, frozenset[str]]:
    """Turn ``ADMIN``, ``VIEWER``, ``"Create secrets,Edit entities"`` or a list into (role, permissions)."""
    if isinstance(spec, str):
        upper = spec.strip().upper()
        if upper in ROLES:
            return upper, ROLES[upper]
        items: Sequence[str] = [part for part in spec.split(",") if part.strip()]
    else:
        items = list(spec)
    perms: set[str] = set()
    for item in items:
        canonical = _BY_LOWER.get(item.strip().lower())
        if canonical is None:
            known = ", ".join(sorted(ALL_PERMISSIONS))
            raise ValueError(f"unknown permission or role {item.strip()!r}; use ADMIN, VIEWER or: {known}")
        perms.add(canonical)
    return None, frozenset(perms)


def parse_key_spec(token: str, spec: str | Iterable[str] | None = None) -> ApiKey:
    """Build an `ApiKey`; ``spec`` None means ADMIN."""
    if not token:
        raise ValueError("an API key must not be empty")
    role, perms = parse_permissions(spec if spec is not None else "ADMIN")
    return ApiKey(token=token, role=role, permissions=perms)


def parse_cli_key(text: str) -> ApiKey:
    """Parse the CLI form ``KEY[=ROLE|PERM,PERM...]``."""
    token, sep, spec = text.partition("=")
    return parse_key_spec(token, spec if sep else None)


def bearer_token(authorization: str | None) -> str | None:
    """Extract the token of an ``Authorization: Bearer <token>`` header (scheme case-insensitive)."""
    if not authorization:
        return None
    scheme, _, value = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def authenticate(keys: Sequence[ApiKey], token: str) -> ApiKey | None:
    """Find the key matching ``token``, comparing every candidate in constant time."""
    found: ApiKey | None = None
    presented = token.encode("utf-8")
    for key in keys:
        # Compare against every key (no early exit) so timing does not reveal which one matched.
        if hmac.compare_digest(key.token.encode("utf-8"), presented) and found is None:
            found = key
    return found
