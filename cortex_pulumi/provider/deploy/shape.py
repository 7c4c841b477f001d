"""Deploy property shape: the managed fields' canonical forms (equality and defaults), and props <-> API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...client.dates import format_datetime, parse_datetime
from ...client.models.deploy import CustomDeploy, Deployer
from .._diff import Canon, plain, text


def _deployer(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return plain(value)
    pair = (text(value.get("email")), text(value.get("name")))
    return None if pair == (None, None) else pair


def _timestamp(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return parse_datetime(value)
    except ValueError:
        return value


#: Managed inputs -> canonical form.
FIELDS: dict[str, Canon] = {
    "entity": plain,
    "title": text,
    "type": lambda v: v or "DEPLOY",
    "sha": text,
    "environment": text,
    "url": text,
    "deployer": _deployer,
    "custom_data": plain,
    "timestamp": _timestamp,
}
#: No timestamp in the program: the one recorded at creation stands.
COMPUTED = ("timestamp",)


def to_api(props: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments of add_deploy_for_entity / update_deploy_by_uuid."""
    deployer = props.get("deployer")
    stamp = props.get("timestamp")
    return {
        "title": props["title"],
        "type": props.get("type") or "DEPLOY",
        "timestamp": parse_datetime(stamp) if stamp else None,
        "sha": props.get("sha"),
        "environment": props.get("environment"),
        "url": props.get("url"),
        "deployer": Deployer(email=deployer.get("email"), name=deployer.get("name")) if deployer else None,
        "custom_data": props.get("custom_data"),
    }


def from_api(found: CustomDeploy, props: Mapping[str, Any]) -> dict[str, Any]:
    """Outputs from a deploy record; the entity (not in the record) comes from `props`."""
    who = found.effective_deployer
    return {
        "entity": props.get("entity", ""),
        "uuid": found.uuid,
        "title": found.title,
        "type": found.type,
        "sha": found.sha,
        "environment": found.environment,
        "url": found.url,
        "deployer": {"email": who.email, "name": who.name} if who is not None else None,
        "custom_data": dict(found.custom_data) if found.custom_data else None,
        "timestamp": format_datetime(found.timestamp) if found.timestamp else props.get("timestamp"),
        "retain_on_delete": props.get("retain_on_delete"),
        "adopt": props.get("adopt"),
    }
