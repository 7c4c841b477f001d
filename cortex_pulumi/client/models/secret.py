"""Secret models; the secret value is write-only and masked in every repr."""

from __future__ import annotations

import re

import attrs
from attrs import validators as v

from .._json import JsonModel, OpenModel
from .common import non_empty, opt_str, optional

__all__ = ["SECRET_TAG_PATTERN", "CreateSecretRequest", "SecretResponse", "UpdateSecretRequest"]

#: Tags seen in real use; the Cortex docs disagree on dashes vs underscores, so both are accepted.
SECRET_TAG_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,100}$")


def _masked(value: object) -> str:
    return "None" if value is None else "'***'"


@attrs.frozen(kw_only=True)
class CreateSecretRequest(JsonModel):
    """Body of "Create secret": tag, display name and the (write-only) value."""

    tag: str = attrs.field(validator=v.matches_re(SECRET_TAG_PATTERN))
    name: str = attrs.field(validator=non_empty)
    secret: str = attrs.field(validator=v.instance_of(str), repr=_masked)


@attrs.frozen(kw_only=True)
class UpdateSecretRequest(JsonModel):
    """Body of "Update secret": a new name and/or value (the tag cannot change)."""

    name: str | None = optional(str)
    secret: str | None = attrs.field(default=None, validator=opt_str, repr=_masked)


@attrs.frozen(kw_only=True)
class SecretResponse(OpenModel):
    """``SecretResponse``: id, tag and name; Cortex never returns the value."""

    tag: str = attrs.field(validator=v.instance_of(str))
    id: str | None = optional(str)
    name: str | None = optional(str)
