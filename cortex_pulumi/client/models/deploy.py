"""Deploy models: ``SaveDeployRequest`` and the deploy records Cortex returns (both response shapes)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import attrs
from attrs import validators as v

from .._json import JsonModel, OpenModel
from .common import non_empty, optional, to_tuple, tuple_of

__all__ = ["DEPLOY_TYPES", "CustomDeploy", "Deployer", "DeploysResponse", "SaveDeployRequest"]

DEPLOY_TYPES = ("DEPLOY", "SCALE", "ROLLBACK", "RESTART")


def _utc(value: _dt.datetime) -> _dt.datetime:
    if not isinstance(value, _dt.datetime):
        raise TypeError(f"timestamp must be a datetime, got {type(value).__name__}")
    return value if value.tzinfo else value.replace(tzinfo=_dt.timezone.utc)


def _now() -> _dt.datetime:
    # Millisecond precision: what the wire format carries, so a read-back compares equal.
    now = _dt.datetime.now(_dt.timezone.utc)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


@attrs.frozen(kw_only=True)
class Deployer(OpenModel):
    """Who deployed."""

    email: str | None = optional(str)
    name: str | None = optional(str)


@attrs.frozen(kw_only=True)
class SaveDeployRequest(JsonModel):
    """Body of add/update deploy; ``timestamp`` defaults to now (UTC)."""

    title: str = attrs.field(validator=non_empty)
    type: str = attrs.field(default="DEPLOY", validator=v.in_(DEPLOY_TYPES))
    timestamp: _dt.datetime = attrs.field(factory=_now, converter=_utc)
    sha: str | None = optional(str)
    environment: str | None = optional(str)
    url: str | None = optional(str)
    deployer: Deployer | None = optional(Deployer)
    custom_data: Mapping[str, Any] | None = optional(dict)


@attrs.frozen(kw_only=True)
class CustomDeploy(OpenModel):
    """A deploy record. Covers both response shapes: list/bulk (nested ``deployer``) and
    add/update/delete (flat ``deployerEmail``/``deployerName``, numeric ``id``, ``serviceId``)."""

    uuid: str = attrs.field(validator=v.instance_of(str))
    title: str = attrs.field(validator=v.instance_of(str))
    type: str = attrs.field(validator=v.instance_of(str))
    timestamp: _dt.datetime | None = optional(_dt.datetime)
    sha: str | None = optional(str)
    environment: str | None = optional(str)
    url: str | None = optional(str)
    deployer: Deployer | None = optional(Deployer)
    deployer_email: str | None = optional(str)
    deployer_name: str | None = optional(str)
    custom_data: Mapping[str, Any] | None = optional(dict)
    id: int | None = optional(int)
    service_id: int | None = optional(int)

    @property
    def effective_deployer(self) -> Deployer | None:
        """The nested deployer, else one built from the deprecated flat fields."""
        if self.deployer is not None:
            return self.deployer
        if self.deployer_email is None and self.deployer_name is None:
            return None
        return Deployer(email=self.deployer_email, name=self.deployer_name)


@attrs.frozen(kw_only=True)
class DeploysResponse(OpenModel):
    """``{deploys: [...]}`` returned by the bulk deletes."""

    deploys: tuple[CustomDeploy, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(CustomDeploy))
