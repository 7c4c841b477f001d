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
from .._diff import Canon, flag, keyed_set, plain, text

MEMBER_KEYS = ("email", "name", "description", "notifications_enabled", "roles")
LINK_KEYS = ("name", "type", "url", "description")
CHANNEL_KEYS = ("name", "notifications_enabled", "description")


def _member(m: Any) -> Any:
    if not isinstance(m, Mapping):
        return m
    return (str(m.get("email", "")).lower(), m.get("name"), text(m.get("description")),
            flag(True)(m.get("notifications_enabled")), tuple(sorted(m.get("roles") or ())))


def _link(link: Any) -> Any:
    if not isinstance(link, Mapping):
        return link
    return (link.get("name"), link.get("type"), link.get("url"), text(link.get("description")))


def _channel(ch: Any) -> Any:
    if not isinstance(ch, Mapping):
        return ch
    return (ch.get("name"), flag(False)(ch.get("notifications_enabled")), text(ch.get("description")))


def _ordered(canon: Canon) -> Canon:
    return lambda items: tuple(canon(i) for i in items) if items else None


def _idp(group: Any) -> Any:
    if not isinstance(group, Mapping):
        return plain(group)
    return (group.get("group"), str(group.get("provider", "")).upper())


#: Managed inputs -> canonical form (members compared as a set by email, links and channels in order).
FIELDS: dict[str, Canon] = {
    "team_tag": plain,
    "type": lambda v: v or "CORTEX",
    "idp_group": _idp,
    "name": text,
    "description": text,
    "summary": text,
    "members": keyed_set("email", _member),
    "links": _ordered(_link),
    "slack_channels": _ordered(_channel),
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
