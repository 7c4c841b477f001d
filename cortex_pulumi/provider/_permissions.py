"""Preview sees what the API key may not do: before a plan writes a kind, one read-only call per kind proves the
key may write it, wherever Cortex makes that knowable.

Cortex documents (`cortex-openapi.json`, the API notes) what each endpoint needs:
- scorecards: `Edit Scorecards` for the descriptor endpoint, whose dry run (`?dryRun=true`) writes nothing;
- secrets: `Create secrets` for every operation, the listing included.
Nothing read-only tells the rest: teams, the hierarchy and deploys (`Edit entities`, on no read endpoint),
workflows (`Edit Workflows`; the validate endpoint needs no permission) and exemption decisions (`Configure
Scorecard exemptions`). Their first 403 at `pulumi up` names the permission instead.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..client.errors import CortexError, ForbiddenError

if TYPE_CHECKING:
    from ..client.client import CortexClient
    from .kinds import Kind

__all__ = ["WritePermissions", "probe_scorecard_write", "probe_secret_write"]

#: The descriptor a scorecard dry run sends: a valid one, so a key that may write gets 200 (nothing is written).
_PROBE_DESCRIPTOR = ("tag: {tag}\nname: Permission check (dry run)\n"
                     "rules:\n- {{title: Permission check, expression: \"true\"}}\n")


def probe_scorecard_write(client: CortexClient, _spec: Kind, _props: Mapping[str, Any]) -> None:
    """A dry run of the descriptor endpoint (needs `Edit Scorecards`; Cortex writes nothing)."""
    client.create_or_update_scorecard(descriptor=_PROBE_DESCRIPTOR.format(tag="permission-check"), dry_run=True)


def probe_secret_write(client: CortexClient, spec: Kind, _props: Mapping[str, Any]) -> None:
    """The secrets listing, which needs `Create secrets`: the one preview's key check reads (a listing either
    makes serves the other, so proving the permission costs no call of its own when secrets are created)."""
    from ._preview import LISTING_TTL
    from ._read_cache import read_cache

    found = read_cache(client).listing(spec, "")
    if found is not None:
        found[0].listed_keys(LISTING_TTL)


class WritePermissions:
    """Per configuration and provider process: whether the key may write each kind, asked once per kind."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[str, str | None] = {}

    def problem(self, spec: Kind, client: CortexClient, props: Mapping[str, Any]) -> str | None:
        """Why the key may not write `spec`'s objects (None when it may, or when nothing read-only can tell)."""
        if spec.write_probe is None:
            return None
        with self._lock:
            if spec.name in self._known:
                return self._known[spec.name]
        try:
            spec.write_probe(client, spec, props)
            found = None
        except ForbiddenError as exc:
            found = (f"the API key may not write {spec.name}s: it lacks the `{spec.permission}` permission (a read-only "
                     f"check was refused: {exc}), so `pulumi up` would fail here, perhaps after writing other objects. "
                     f"Give the key `{spec.permission}` (or a role that has it)")
        except CortexError:
            found = None  # not a permission problem: the write itself reports it
        with self._lock:
            self._known.setdefault(spec.name, found)
            return self._known[spec.name]
