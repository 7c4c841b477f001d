"""The arguments of `Secret`."""

from __future__ import annotations

import attrs
import pulumi

__all__ = ["SecretArgs"]


@attrs.frozen(kw_only=True)


class SecretArgs:
    """Arguments of `Secret`."""

    tag: pulumi.Input[str]
    """Unique tag of the secret (letters, digits, `_` and `-`, at most 100). Workflows refer to it as
    `{{context.secrets.<tag>}}`. Cortex cannot rename a secret: changing the tag replaces it."""

    name: pulumi.Input[str]
    """Display name shown in Cortex."""

    value: pulumi.Input[str]
    """The secret value. Always treated as a Pulumi secret. Cortex never returns it, so Pulumi stores only a
    salted HMAC-SHA256 of it (salt per resource) to notice when the program's value changes."""

    version: pulumi.Input[str] | None = None
    """Optional keeper: change it to write the value again although it did not change in the program
    (for example after someone changed the secret in the Cortex UI, which Pulumi cannot see)."""

    adopt: pulumi.Input[bool] | None = None
    """Take over a secret that already exists in Cortex with this tag instead of failing with a conflict.
    The existing secret is read first, then its name and value are set to the declared ones."""
