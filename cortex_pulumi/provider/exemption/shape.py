"""Exemption property shape: the managed fields' canonical forms (equality and defaults), and props <-> API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...client.dates import format_datetime
from ...client.models.exemption import RuleExemptionDefinition
from .._diff import Canon, flag, plain, text


def _days(value: Any) -> Any:
    return None if value in (None, 0) else plain(value)


#: Managed inputs -> canonical form (the rule, named by identifier or title, is compared by the provider's diff).
FIELDS: dict[str, Canon] = {"scorecard": plain, "entity": plain, "reason": text, "days": _days, "approve": flag(False)}


def to_api(props: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments of request_scorecard_rule_exemption; the rule by its identifier (`rule_identifier`)."""
    days = props.get("days")
    return {"tag": props["scorecard"], "entity_tag": props["entity"], "rule_identifier": props["rule_identifier"],
            "reason": props["reason"], "days": int(days) if days else None}


def from_api(ex: RuleExemptionDefinition, props: Mapping[str, Any]) -> dict[str, Any]:
    """Outputs from an exemption; what Cortex does not return (the rule as declared, its identifier and title,
    `days`) comes from `props`."""
    return {
        "scorecard": props["scorecard"], "entity": props["entity"], "rule": props["rule"],
        "reason": ex.requesting_reason, "days": props.get("days"), "approve": props.get("approve"),
        "adopt": props.get("adopt"), "rule_identifier": props["rule_identifier"], "rule_title": props.get("rule_title"),
        "status": ex.status,
        "requested_date": format_datetime(ex.requested_date) if ex.requested_date else None,
        "end_date": format_datetime(ex.end_date) if ex.end_date else None,
    }
