"""Validation and rendering of Cortex team documents (CreateTeamRequest, UpdateTeamRequest, TeamResponse).

The stored document (kind ``team``, key teamTag) is the TeamResponse itself plus an optional
``externallyManaged`` flag; optional fields that were not given are absent, never null, because the
official schemas declare them as plain strings.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from cortex_pulumi.emulator.checks import every, every_item
from cortex_pulumi.emulator.entities import TAG_RE
from cortex_pulumi.emulator.http import ApiError, field_bool, field_list, field_obj, field_str

T = TypeVar("T")

TEAM_TYPES = ("CORTEX", "IDP")
IDP_PROVIDERS = (
    "ACTIVE_DIRECTORY",
    "AZURE_DEVOPS",
    "BAMBOOHR",
    "GIT",
    "GITLAB",
    "GOOGLE",
    "OKTA",
    "OPSGENIE",
    "SERVICE_NOW",
    "SLACK",
    "WORKDAY",
)
ROLE_TYPES = ("TEAM_ROLE", "MISCONFIGURED")


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ApiError(400, f"Field '{where}' must be an object", details=f"invalid field: {where}")
    return value


def _optional_str(body: dict[str, Any], name: str, where: str) -> dict[str, str]:
    value = field_str(body, name, required=False, where=f"{where}.{name}", allow_empty=True)
    return {} if value is None else {name: value}


def parse_type(body: dict[str, Any]) -> str:
    team_type = field_str(body, "type")
    if team_type not in TEAM_TYPES:
        raise ApiError(400, "Field 'type' must be CORTEX or IDP", details=f"invalid field: type ({team_type!r})")
    return team_type


def parse_metadata(body: dict[str, Any]) -> dict[str, Any]:
    meta = field_obj(body, "metadata")
    assert meta is not None
    name, description, summary = every(lambda: field_str(meta, "name", where="metadata.name"),
                                       lambda: _optional_str(meta, "description", "metadata"),
                                       lambda: _optional_str(meta, "summary", "metadata"))
    return {"name": name, **description, **summary}


def _objects(body: dict[str, Any], key: str, parse: Callable[[str, dict[str, Any]], T], at: str = "") -> list[T]:
    """`parse(where, object)` of each item of the required list `key` (named `at` + key in errors), each checked
    to be an object; the problems of all items reported together."""
    items = field_list(body, key, where=f"{at}{key}")
    assert items is not None
    return every_item(items, lambda i, raw: parse(f"{at}{key}[{i}]", _obj(raw, f"{at}{key}[{i}]")))


def _link(where: str, link: dict[str, Any]) -> dict[str, Any]:
    name, kind, url, description = every(*(functools.partial(field_str, link, key, where=f"{where}.{key}")
                                           for key in ("name", "type", "url")),
                                         lambda: _optional_str(link, "description", where))
    return {"name": name, "type": kind, "url": url, **description}


def parse_links(body: dict[str, Any]) -> list[dict[str, Any]]:
    return _objects(body, "links", _link)


def _channel(where: str, channel: dict[str, Any]) -> dict[str, Any]:
    name, enabled, description = every(
        lambda: field_str(channel, "name", where=f"{where}.name"),
        lambda: field_bool(channel, "notificationsEnabled", where=f"{where}.notificationsEnabled"),
        lambda: _optional_str(channel, "description", where))
    return {"name": name, "notificationsEnabled": enabled, **description}


def parse_slack_channels(body: dict[str, Any]) -> list[dict[str, Any]]:
    return _objects(body, "slackChannels", _channel)


def _role_type(role: dict[str, Any], where: str) -> str:
    role_type = field_str(role, "type", where=f"{where}.type")
    if role_type not in ROLE_TYPES:
        raise ApiError(400, f"Field '{where}.type' must be TEAM_ROLE or MISCONFIGURED", details=f"invalid field: {where}.type")
    return role_type


def _parse_role(raw: Any, where: str) -> dict[str, Any]:
    role = _obj(raw, where)
    role_type, tag, name, source = every(lambda: _role_type(role, where),
                                         lambda: field_str(role, "tag", where=f"{where}.tag"),
                                         lambda: field_str(role, "name", required=False, where=f"{where}.name"),
                                         lambda: _optional_str(role, "source", where))
    out: dict[str, Any] = {"type": role_type, "tag": tag}
    if role_type == "TEAM_ROLE":
        out["name"] = name or tag
    elif name is not None:
        out["name"] = name
    out.update(source)
    return out


def _unique_emails(members: list[dict[str, Any]], where: str) -> None:
    seen: set[str] = set()
    for i, member in enumerate(members):
        email = member["email"].lower()
        if email in seen:
            raise ApiError(400, f"Duplicate member email '{member['email']}'", details=f"invalid field: {where}[{i}].email")
        seen.add(email)


def _cortex_member(where: str, member: dict[str, Any]) -> dict[str, Any]:
    email, name, enabled, description, roles, role = every(
        lambda: field_str(member, "email", where=f"{where}.email"),
        lambda: field_str(member, "name", where=f"{where}.name"),
        # The CLI's model omits it in old files and defaults it to true; so does the emulator.
        lambda: field_bool(member, "notificationsEnabled", required=False, where=f"{where}.notificationsEnabled"),
        lambda: _optional_str(member, "description", where),
        # Documented as required, but the official CLI sends members without roles: default to none.
        lambda: every_item(field_list(member, "roles", required=False, where=f"{where}.roles") or [],
                           lambda j, r: _parse_role(r, f"{where}.roles[{j}]")),
        lambda: None if member.get("role") is None else _parse_role(member["role"], f"{where}.role"))
    item: dict[str, Any] = {"email": email, "name": name, "notificationsEnabled": enabled is not False,
                            **description, "roles": roles}
    if role is not None:
        item["role"] = role
    return item


def parse_cortex_members(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Members of ``cortexTeam`` (create/update shape: ``roles``/``role`` objects)."""
    team = field_obj(body, "cortexTeam")
    assert team is not None
    out = _objects(team, "members", _cortex_member, at="cortexTeam.")
    _unique_emails(out, "cortexTeam.members")
    return out


def _role_tags(member: dict[str, Any], where: str) -> list[str]:
    role_tags = field_list(member, "roleTags", where=f"{where}.roleTags")
    assert role_tags is not None

    def tag(j: int, value: Any) -> str:
        if not isinstance(value, str) or not value:
            raise ApiError(400, f"Field '{where}.roleTags[{j}]' must be a non-empty string",
                           details=f"invalid field: {where}.roleTags[{j}]")
        return value

    return every_item(role_tags, tag)


def _replacement_member(where: str, member: dict[str, Any]) -> dict[str, Any]:
    email, name, enabled, role_tags, description = every(
        lambda: field_str(member, "email", where=f"{where}.email"),
        lambda: field_str(member, "name", where=f"{where}.name"),
        lambda: field_bool(member, "notificationsEnabled", where=f"{where}.notificationsEnabled"),
        lambda: _role_tags(member, where),
        lambda: _optional_str(member, "description", where))
    return {"email": email, "name": name, "notificationsEnabled": enabled,
            "roles": [{"type": "TEAM_ROLE", "tag": tag, "name": tag} for tag in role_tags], **description}


def _member_type(body: dict[str, Any]) -> str:
    member_type = field_str(body, "type")
    if member_type != "CORTEX":
        raise ApiError(400, "Field 'type' must be CORTEX", details=f"invalid field: type ({member_type!r})")
    return member_type


def parse_member_replacement(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The CortexManagedTeamMembersRequest body (``roleTags`` strings) -> stored members."""
    _, out = every(lambda: _member_type(body), lambda: _objects(body, "members", _replacement_member))
    _unique_emails(out, "members")
    return list(out)


def _idp_provider(group: dict[str, Any]) -> str:
    provider = field_str(group, "provider", where="idpGroup.provider")
    if provider not in IDP_PROVIDERS:
        raise ApiError(
            400, f"Field 'idpGroup.provider' must be one of {', '.join(IDP_PROVIDERS)}", details=f"invalid field: idpGroup.provider ({provider!r})"
        )
    return provider


def parse_idp_group(body: dict[str, Any]) -> dict[str, Any]:
    group = field_obj(body, "idpGroup")
    assert group is not None
    name, provider = every(lambda: field_str(group, "group", where="idpGroup.group"), lambda: _idp_provider(group))
    return {"group": name, "provider": provider, "members": []}


def _team_tag(body: dict[str, Any]) -> str:
    tag = field_str(body, "teamTag")
    assert tag is not None
    if not TAG_RE.match(tag):
        raise ApiError(400, "Field 'teamTag' must match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$", details=f"invalid field: teamTag ({tag!r})")
    return tag


def _members_check(body: dict[str, Any]) -> Callable[[], Any]:
    """How the members of this body's type are read; with no valid type, from whichever shape the body has (so
    their problems are reported with the type's)."""
    team_type = body.get("type")
    if team_type == "CORTEX" or (team_type not in TEAM_TYPES and "cortexTeam" in body):
        return lambda: {"cortexTeam": {"members": parse_cortex_members(body)}}
    if team_type == "IDP" or (team_type not in TEAM_TYPES and "idpGroup" in body):
        return lambda: {"idpGroup": parse_idp_group(body)}
    return dict


def parse_create(body: dict[str, Any]) -> dict[str, Any]:
    """A validated CreateTeamRequest as a team document without ``id``; every problem of the body in one 400."""
    tag, team_type, metadata, links, channels, members = every(
        lambda: _team_tag(body), lambda: parse_type(body), lambda: parse_metadata(body), lambda: parse_links(body),
        lambda: parse_slack_channels(body), _members_check(body))
    return {"teamTag": tag, "catalogEntityTag": tag, "type": team_type, "isArchived": False, "metadata": metadata,
            "links": links, "slackChannels": channels, **members}


def _same_type(existing: dict[str, Any], body: dict[str, Any]) -> str:
    team_type = parse_type(body)
    if team_type != existing["type"]:
        raise ApiError(400, f"Field 'type' cannot change from {existing['type']} to {team_type}", details="invalid field: type")
    return team_type


def _same_tag(existing: dict[str, Any], body: dict[str, Any]) -> None:
    tag = body.get("teamTag")
    if tag is not None and tag != existing["teamTag"]:
        raise ApiError(400, "Field 'teamTag' cannot be changed", details="invalid field: teamTag")


def _same_idp_group(existing: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    group = parse_idp_group(body)
    current = existing["idpGroup"]
    if (group["group"], group["provider"]) != (current["group"], current["provider"]):
        raise ApiError(400, "Field 'idpGroup' cannot be changed by an update", details="invalid field: idpGroup")
    return {}


def apply_update(existing: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """Apply an UpdateTeamRequest (full replacement of metadata, links, channels and CORTEX members)."""
    if existing["type"] == "CORTEX":
        members: Callable[[], Any] = lambda: {"cortexTeam": {"members": parse_cortex_members(body)}}  # noqa: E731
    else:
        members = (lambda: _same_idp_group(existing, body)) if body.get("idpGroup") is not None else dict
    _, _, metadata, links, channels, changed = every(
        lambda: _same_type(existing, body), lambda: _same_tag(existing, body), lambda: parse_metadata(body),
        lambda: parse_links(body), lambda: parse_slack_channels(body), members)
    return {**existing, "metadata": metadata, "links": links, "slackChannels": channels, **changed}


def render(doc: dict[str, Any]) -> dict[str, Any]:
    """The TeamResponse for a stored team."""
    out = {
        "id": doc["id"],
        "teamTag": doc["teamTag"],
        "catalogEntityTag": doc["catalogEntityTag"],
        "type": doc["type"],
        "isArchived": doc["isArchived"],
        "metadata": doc["metadata"],
        "links": doc["links"],
        "slackChannels": doc["slackChannels"],
    }
    if doc["type"] == "CORTEX":
        out["cortexTeam"] = doc["cortexTeam"]
    else:
        out["idpGroup"] = doc["idpGroup"]
    return out


def member_count(doc: dict[str, Any]) -> int:
    holder = doc.get("cortexTeam") if doc["type"] == "CORTEX" else doc.get("idpGroup")
    return len((holder or {}).get("members") or [])


def parse_idp_members(raw: Any, where: str = "members") -> list[dict[str, Any]]:
    """Members an IdP sync brings into an IDP team: ``[{email, name?}]`` -> the idpGroup member shape."""
    if not isinstance(raw, list):
        raise ApiError(400, f"Field '{where}' must be a list", details=f"invalid field: {where}")
    out: list[dict[str, Any]] = []
    for i, item in enumerate(raw):
        member = _obj(item, f"{where}[{i}]")
        email = field_str(member, "email", where=f"{where}[{i}].email")
        name = member.get("name") if isinstance(member.get("name"), str) else email
        out.append({"id": f"idp-{email}", "email": email, "name": name, "role": None, "roles": []})
    _unique_emails(out, where)
    return out
