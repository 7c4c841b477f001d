"""Validation and rendering of Cortex team documents (CreateTeamRequest, UpdateTeamRequest, TeamResponse).

The stored document (kind ``team``, key teamTag) is the TeamResponse itself plus an optional
``externallyManaged`` flag; optional fields that were not given are absent, never null, because the
official schemas declare them as plain strings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cortex_pulumi.emulator.entities import TAG_RE
from cortex_pulumi.emulator.http import ApiError, field_bool, field_list, field_obj, field_str

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
    name = field_str(meta, "name", where="metadata.name")
    return {"name": name, **_optional_str(meta, "description", "metadata"), **_optional_str(meta, "summary", "metadata")}


def _objects(body: dict[str, Any], key: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, object) for each item of the required list `key`, each checked to be an object."""
    items = field_list(body, key)
    assert items is not None
    for i, raw in enumerate(items):
        yield f"{key}[{i}]", _obj(raw, f"{key}[{i}]")


def parse_links(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**{key: field_str(link, key, where=f"{where}.{key}") for key in ("name", "type", "url")},
             **_optional_str(link, "description", where)} for where, link in _objects(body, "links")]


def parse_slack_channels(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"name": field_str(channel, "name", where=f"{where}.name"),
             "notificationsEnabled": field_bool(channel, "notificationsEnabled", where=f"{where}.notificationsEnabled"),
             **_optional_str(channel, "description", where)} for where, channel in _objects(body, "slackChannels")]


def _parse_role(raw: Any, where: str) -> dict[str, Any]:
    role = _obj(raw, where)
    role_type = field_str(role, "type", where=f"{where}.type")
    if role_type not in ROLE_TYPES:
        raise ApiError(400, f"Field '{where}.type' must be TEAM_ROLE or MISCONFIGURED", details=f"invalid field: {where}.type")
    tag = field_str(role, "tag", where=f"{where}.tag")
    out: dict[str, Any] = {"type": role_type, "tag": tag}
    name = field_str(role, "name", required=False, where=f"{where}.name")
    if role_type == "TEAM_ROLE":
        out["name"] = name or tag
    elif name is not None:
        out["name"] = name
    out.update(_optional_str(role, "source", where))
    return out


def _unique_emails(members: list[dict[str, Any]], where: str) -> None:
    seen: set[str] = set()
    for i, member in enumerate(members):
        email = member["email"].lower()
        if email in seen:
            raise ApiError(400, f"Duplicate member email '{member['email']}'", details=f"invalid field: {where}[{i}].email")
        seen.add(email)


def parse_cortex_members(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Members of ``cortexTeam`` (create/update shape: ``roles``/``role`` objects)."""
    team = field_obj(body, "cortexTeam")
    assert team is not None
    members = field_list(team, "members", where="cortexTeam.members")
    assert members is not None
    out = []
    for i, raw in enumerate(members):
        where = f"cortexTeam.members[{i}]"
        member = _obj(raw, where)
        item: dict[str, Any] = {
            "email": field_str(member, "email", where=f"{where}.email"),
            "name": field_str(member, "name", where=f"{where}.name"),
            # The CLI's model omits it in old files and defaults it to true; so does the emulator.
            "notificationsEnabled": field_bool(member, "notificationsEnabled", required=False, where=f"{where}.notificationsEnabled")
            is not False,
        }
        item.update(_optional_str(member, "description", where))
        # Documented as required, but the official CLI sends members without roles: default to none.
        roles = field_list(member, "roles", required=False, where=f"{where}.roles") or []
        item["roles"] = [_parse_role(r, f"{where}.roles[{j}]") for j, r in enumerate(roles)]
        if member.get("role") is not None:
            item["role"] = _parse_role(member["role"], f"{where}.role")
        out.append(item)
    _unique_emails(out, "cortexTeam.members")
    return out


def parse_member_replacement(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The CortexManagedTeamMembersRequest body (``roleTags`` strings) -> stored members."""
    member_type = field_str(body, "type")
    if member_type != "CORTEX":
        raise ApiError(400, "Field 'type' must be CORTEX", details=f"invalid field: type ({member_type!r})")
    members = field_list(body, "members")
    assert members is not None
    out = []
    for i, raw in enumerate(members):
        where = f"members[{i}]"
        member = _obj(raw, where)
        role_tags = field_list(member, "roleTags", where=f"{where}.roleTags")
        assert role_tags is not None
        for j, tag in enumerate(role_tags):
            if not isinstance(tag, str) or not tag:
                raise ApiError(400, f"Field '{where}.roleTags[{j}]' must be a non-empty string", details=f"invalid field: {where}.roleTags[{j}]")
        item: dict[str, Any] = {
            "email": field_str(member, "email", where=f"{where}.email"),
            "name": field_str(member, "name", where=f"{where}.name"),
            "notificationsEnabled": field_bool(member, "notificationsEnabled", where=f"{where}.notificationsEnabled"),
            "roles": [{"type": "TEAM_ROLE", "tag": tag, "name": tag} for tag in role_tags],
        }
        item.update(_optional_str(member, "description", where))
        out.append(item)
    _unique_emails(out, "members")
    return out


def parse_idp_group(body: dict[str, Any]) -> dict[str, Any]:
    group = field_obj(body, "idpGroup")
    assert group is not None
    name = field_str(group, "group", where="idpGroup.group")
    provider = field_str(group, "provider", where="idpGroup.provider")
    if provider not in IDP_PROVIDERS:
        raise ApiError(
            400, f"Field 'idpGroup.provider' must be one of {', '.join(IDP_PROVIDERS)}", details=f"invalid field: idpGroup.provider ({provider!r})"
        )
    return {"group": name, "provider": provider, "members": []}


def parse_create(body: dict[str, Any]) -> dict[str, Any]:
    """A validated CreateTeamRequest as a team document without ``id``."""
    tag = field_str(body, "teamTag")
    assert tag is not None
    if not TAG_RE.match(tag):
        raise ApiError(400, "Field 'teamTag' must match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$", details=f"invalid field: teamTag ({tag!r})")
    team_type = parse_type(body)
    doc: dict[str, Any] = {
        "teamTag": tag,
        "catalogEntityTag": tag,
        "type": team_type,
        "isArchived": False,
        "metadata": parse_metadata(body),
        "links": parse_links(body),
        "slackChannels": parse_slack_channels(body),
    }
    if team_type == "CORTEX":
        doc["cortexTeam"] = {"members": parse_cortex_members(body)}
    else:
        doc["idpGroup"] = parse_idp_group(body)
    return doc


def apply_update(existing: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """Apply an UpdateTeamRequest (full replacement of metadata, links, channels and CORTEX members)."""
    team_type = parse_type(body)
    if team_type != existing["type"]:
        raise ApiError(400, f"Field 'type' cannot change from {existing['type']} to {team_type}", details="invalid field: type")
    tag = body.get("teamTag")
    if tag is not None and tag != existing["teamTag"]:
        raise ApiError(400, "Field 'teamTag' cannot be changed", details="invalid field: teamTag")
    updated = dict(existing)
    updated["metadata"] = parse_metadata(body)
    updated["links"] = parse_links(body)
    updated["slackChannels"] = parse_slack_channels(body)
    if team_type == "CORTEX":
        updated["cortexTeam"] = {"members": parse_cortex_members(body)}
    elif body.get("idpGroup") is not None:
        group = parse_idp_group(body)
        current = existing["idpGroup"]
        if (group["group"], group["provider"]) != (current["group"], current["provider"]):
            raise ApiError(400, "Field 'idpGroup' cannot be changed by an update", details="invalid field: idpGroup")
    return updated


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
