"""Check what an import would write with the provider's own validation: an object that would fail the first
`pulumi preview` is set aside (listed under "Needs attention", its document kept apart) instead of written.

Cortex can hold what the provider refuses (a key the API document does not list, a value it has since
tightened): writing it would give a project whose first preview fails, with no word of why at import time.
"""

from __future__ import annotations

from .kinds import imports
from .snapshot import Attention, Tenant

__all__ = ["set_aside_invalid"]


def set_aside_invalid(tenant: Tenant) -> list[Attention]:
    """Remove from `tenant` every object the provider's validation refuses (and what depends on one removed so:
    each kind is checked after the kinds it is read after), returning them; what stays previews without a
    validation error."""
    found = [item for piece in imports() for item in piece.refused(tenant)]
    tenant.attention.extend(found)
    return found
