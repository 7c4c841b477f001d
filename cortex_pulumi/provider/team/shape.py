"""Team property shape: the nested objects' keys, the canonical forms (equality and defaults), and props <-> API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...client.models.team import (
    CortexTeamDetails,
    CortexTeamMemberDetails,
    CortexTeamMemberRole,
    SlackChannel,
    TeamLink,
    TeamMetadata,
    TeamResponse,
)
from .._diff import Canon, Record, as_set, flag, keyed_set, ordered, plain, text


def _lower(value: Any) -> Any:
    return str(value or "").lower()


#: A member: matched by email (case-insensitive); notifications are on unless turned off.
MEMBER = Record({"email": _lower, "name": plain, "description": text, "notifications_enabled": flag(True),
                 "roles": as_set()})
LINK = Record({"name": plain, "type": plain, "url": plain, "description": text})
#: A Slack channel: notifications are off unless turned on.
CHANNEL = Record({"name": plain, "notifications_enabled": flag(False), "description": text})
IDP_GROUP = Record({"group": plain, "provider": lambda v: str(v or "").upper()})
MEMBER_KEYS, LINK_KEYS, CHANNEL_KEYS = tuple(MEMBER.fields), tuple(LINK.fields), tuple(CHANNEL.fields)


#: Managed inputs -> canonical form (members compared as a set by email, links and channels in order).
FIELDS: dict[str, Canon] = {
    "team_tag": plain,
    "type": lambda v: v or "CORTEX",
    "idp_group": IDP_GROUP,
    "name": text,
    "description": text,
    "summary": text,
    "members": keyed_set("email", MEMBER),
    "links": ordered(LINK),
    "slack_channels": ordered(CHANNEL),
    "archived": flag(False),
}


def to_api(props: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments shared by create_team and update_team_metadata."""
    meta = TeamMetadata(name=props["name"], description=props.get("description"), summary=props.get("summary"))
    links = [TeamLink(name=x["name"], type=x["type"], url=x["url"], description=x.get("description"))
             for x in props.get("links") or ()]
    channels = [SlackChannel(name=x["name"], notifications_enabled=bool(x.get("notifications_enabled", False)),
                             description=x.get("description")) for x in props.get("slack_channels") or ()]
    out: dict[str, Any] = {"metadata": meta, "type": props.get("type") or "CORTEX", "links": links,
                           "slack_channels": channels}
    if out["type"] == "CORTEX":
        out["cortex_team"] = CortexTeamDetails(members=[
            CortexTeamMemberDetails(
                email=m["email"], name=m["name"], description=m.get("description"),
                notifications_enabled=bool(m.get("notifications_enabled", True)),
                roles=[CortexTeamMemberRole(type="TEAM_ROLE", tag=r) for r in m.get("roles") or ()],
            ) for m in props.get("members") or ()
        ])
    return out

def from_api(team: TeamResponse, props: Mapping[str, Any]) -> dict[str, Any]:
    """Outputs from Cortex's answer, shaped like the inputs (members/links in the program's order)."""
    members: list[dict[str, Any]] = [{
        "email": m.email, "name": m.name, "description": m.description,
        "notifications_enabled": m.notifications_enabled,
        "roles": [r.tag for r in m.roles],
    } for m in team.members]
    order = {str(m.get("email", "")).lower(): i for i, m in enumerate(props.get("members") or ())
             if isinstance(m, Mapping)}
    members.sort(key=lambda m: order.get(m["email"].lower(), len(order)))
    out: dict[str, Any] = {
        "team_tag": team.team_tag,
        "type": team.type,
        "name": team.metadata.name,
        "description": team.metadata.description,
        "summary": team.metadata.summary,
        "links": [{"name": x.name, "type": x.type, "url": x.url, "description": x.description}
                  for x in team.links],
        "slack_channels": [{"name": x.name, "notifications_enabled": x.notifications_enabled,
                            "description": x.description} for x in team.slack_channels],
        "archived": team.is_archived,
        "adopt": props.get("adopt"),
        "cortex_id": team.id,
        "catalog_entity_tag": team.catalog_entity_tag,
    }
    if team.type == "IDP" and team.idp_group is not None:
        out["idp_group"] = {"group": team.idp_group.group, "provider": team.idp_group.provider}
        out["idp_members"] = [m.email for m in team.idp_group.members if m.email]
    else:
        out["members"] = members
    return out
