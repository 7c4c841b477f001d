"""Scorecard rule exemption models: requests, the exemption definition and its status."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs
from attrs import validators as v

from .._json import JsonModel, OpenModel
from .common import model_of, non_empty, optional, to_tuple, tuple_of

__all__ = [
    "EXEMPTION_STATUSES",
    "ApproveRuleExemptionRequest",
    "ExemptionActor",
    "ExemptionStatus",
    "ModifiedRuleExemptionsResponse",
    "RejectRuleExemptionRequest",
    "RuleExemptionDefinition",
    "RuleExemptionDefinitionWithRule",
    "RuleExemptionRequest",
]

#: Known values of ``exemptionStatus.status`` (revoking yields REJECTED; there is no REVOKED).
EXEMPTION_STATUSES = ("PENDING", "APPROVED", "REJECTED")


def _days(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ValueError(
            f"{attribute.name} must be None (permanent) or a non-negative integer, got {value!r}"
        )


@attrs.frozen(kw_only=True)
class RuleExemptionRequest(JsonModel):
    """Body of a rule exemption request; ``days`` None means until revoked."""

    rule_identifier: str = attrs.field(validator=non_empty)
    reason: str = attrs.field(validator=non_empty)
    days: int | None = attrs.field(default=None, validator=_days)


@attrs.frozen(kw_only=True)
class ApproveRuleExemptionRequest(JsonModel):
    """Body of an exemption approval."""

    rule_identifier: str = attrs.field(validator=non_empty)


@attrs.frozen(kw_only=True)
class RejectRuleExemptionRequest(JsonModel):
    """Body of an exemption denial or revocation."""

    rule_identifier: str = attrs.field(validator=non_empty)
    reason: str = attrs.field(validator=non_empty)


@attrs.frozen(kw_only=True)
class ExemptionActor(OpenModel):
    """Who requested or handled an exemption: ``USER`` (email, name) or ``API`` (apiKeyLast4)."""

    type: str = attrs.field(validator=v.instance_of(str))
    email: str | None = optional(str)
    name: str | None = optional(str)
    api_key_last4: str | None = optional(str)


@attrs.frozen(kw_only=True)
class ExemptionStatus(OpenModel):
    """Current state of an exemption (``PENDING``/``APPROVED``/``REJECTED``)."""

    status: str = attrs.field(validator=v.instance_of(str))
    date: _dt.datetime | None = optional(_dt.datetime)
    handled_by: ExemptionActor | None = optional(ExemptionActor)


@attrs.frozen(kw_only=True)
class RuleExemptionDefinition(OpenModel):
    """``RuleExemptionDefinition``: one exemption of one rule for one entity."""

    requesting_reason: str = attrs.field(validator=v.instance_of(str))
    exemption_status: ExemptionStatus = attrs.field(validator=model_of(ExemptionStatus))
    requested_by: ExemptionActor | None = optional(ExemptionActor)
    requested_date: _dt.datetime | None = optional(_dt.datetime)
    end_date: _dt.datetime | None = optional(_dt.datetime)

    @property
    def status(self) -> str:
        """Shortcut for ``exemption_status.status``."""
        return self.exemption_status.status


@attrs.frozen(kw_only=True)
class RuleExemptionDefinitionWithRule(RuleExemptionDefinition):
    """An exemption as listed in score payloads, naming its rule."""

    rule_identifier: str = attrs.field(validator=v.instance_of(str))
    rule_expression: str | None = optional(str)

    def without_rule(self) -> RuleExemptionDefinition:
        """The plain definition (as the request endpoint returns it)."""
        return RuleExemptionDefinition(
            requesting_reason=self.requesting_reason,
            exemption_status=self.exemption_status,
            requested_by=self.requested_by,
            requested_date=self.requested_date,
            end_date=self.end_date,
            extra=self.extra,
        )


@attrs.frozen(kw_only=True)
class ModifiedRuleExemptionsResponse(OpenModel):
    """Answer of approve/deny/revoke: the entity's exemptions after the change."""

    exemptions: tuple[RuleExemptionDefinition, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(RuleExemptionDefinition)
    )
