"""The arguments of `Deploy`: `DeployArgs` and who deployed (`DeployerArgs`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import pulumi

__all__ = ["DeployArgs", "DeployerArgs"]


@attrs.frozen(kw_only=True)


class DeployerArgs:
    """Who deployed."""

    email: pulumi.Input[str] | None = None
    """Email of the deployer."""

    name: pulumi.Input[str] | None = None
    """Name of the deployer (a person or a CI system)."""


@attrs.frozen(kw_only=True)


class DeployArgs:
    """Arguments of `Deploy`."""

    entity: pulumi.Input[str]
    """Tag (or id) of the catalog entity deployed, e.g. `payments.team_tag` or a service tag. Changing it
    records a new deploy on the other entity (replace)."""

    title: pulumi.Input[str]
    """Title of the deploy, e.g. `payments 1.4.2`."""

    type: pulumi.Input[str] | None = None
    """DEPLOY (default), SCALE, ROLLBACK or RESTART."""

    sha: pulumi.Input[str] | None = None
    """Commit SHA deployed."""

    environment: pulumi.Input[str] | None = None
    """Environment, e.g. `prod`."""

    url: pulumi.Input[str] | None = None
    """Link to the deploy (pipeline run, release page)."""

    deployer: pulumi.Input[DeployerArgs] | None = None
    """Who deployed."""

    custom_data: pulumi.Input[Mapping[str, Any]] | None = None
    """Free-form JSON object stored with the deploy."""

    timestamp: pulumi.Input[str] | None = None
    """When it happened (ISO-8601, e.g. `2024-05-01T12:00:00Z`). Defaults to the time of creation, which is
    then kept: omitting it never causes an update. A deploy deleted in Cortex and recorded again by `up` keeps
    every declared field and this timestamp under a new uuid; without a declared timestamp it gets the time of
    that `up` (the refresh that finds it gone drops its recorded outputs), which moves it into the window of
    `deploys(lookback=duration(...))` rules: declare the timestamp of deploys whose history matters."""

    retain_on_delete: pulumi.Input[bool] | None = None
    """Keep the deploy record in Cortex when the resource is deleted (deploy history is often kept as an
    audit trail). Default false: the record is deleted with the resource."""

    adopt: pulumi.Input[bool] | None = None
    """Take over an existing deploy of the entity with the same title, type, sha and environment instead of
    recording a new one; it is then set to the declared state."""
