"""Catalog entities: teams (created through the teams API) and entities registered through the admin API.

``find_entity(tx, tag_or_id)`` returns a uniform view used by scores, exemptions, badges and deploys::

    {"id": "en…", "tag": "payments", "type": "team" | "service" | …, "name": "…",
     "groups": [...], "customData": {...}, "owners": {"groups": [...], "individuals": [...]},
     "kind": "team" | "entity"}

and raises ``ApiError(404)`` when neither a team nor a registered entity has that tag or id.
``register_entity(tx, body)`` validates and upserts a registered entity by tag (id kept on update);
``entity_view(tx, tag)`` is the same lookup by tag only, returning None instead of raising.
"""

from __future__ import annotations

import re
from typing import Any

from cortex_pulumi.emulator.http import ApiError, new_id
from cortex_pulumi.emulator.store import Cursor

TAG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
ID_RE = re.compile(r"^[a-z]{2}[0-9a-f]{16}$")


def _team_view(team: dict[str, Any]) -> dict[str, Any]:
    members = (team.get("cortexTeam") or {}).get("members") or []
    return {
        "id": team["id"],
        "tag": team["teamTag"],
        "type": "team",
        "name": (team.get("metadata") or {}).get("name", team["teamTag"]),
        "groups": list(team.get("groups") or []),
        "customData": dict(team.get("customData") or {}),
        "owners": {
            "groups": [team["teamTag"]],
            "individuals": [{"email": m["email"], "description": m.get("description") or ""} for m in members],
        },
        "kind": "team",
    }


def _entity_view(entity: dict[str, Any]) -> dict[str, Any]:
    return {**entity, "kind": "entity"}


def entity_view(tx: Cursor, tag: str) -> dict[str, Any] | None:
    team = tx.get("team", tag)
    if team is not None:
        return _team_view(team)
    entity = tx.get("entity", tag)
    return None if entity is None else _entity_view(entity)


def find_entity(tx: Cursor, tag_or_id: str) -> dict[str, Any]:
    """Resolve a tag or 18-character id to an entity view, or raise 404."""
    view = entity_view(tx, tag_or_id)
    if view is None and ID_RE.match(tag_or_id):
        ref = tx.get("entity_id", tag_or_id)
        if ref is not None:
            view = entity_view(tx, ref["tag"])
    if view is None:
        raise ApiError(404, f"Entity '{tag_or_id}' not found", details=f"no team or catalog entity has tag or id {tag_or_id}")
    return view


def list_entities(tx: Cursor) -> list[dict[str, Any]]:
    """Every team and registered entity, teams first, each in creation order."""
    return [_team_view(t) for t in tx.list("team")] + [_entity_view(e) for e in tx.list("entity")]


def _str_list(body: dict[str, Any], name: str) -> list[str]:
    value = body.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ApiError(400, f"Field '{name}' must be an array of strings", details=f"invalid field: {name}")
    return list(value)


def register_entity(tx: Cursor, body: Any) -> dict[str, Any]:
    """Validate and upsert a catalog entity (not a team) by tag."""
    if not isinstance(body, dict):
        raise ApiError(400, "An entity must be a JSON object")
    tag = body.get("tag")
    if not isinstance(tag, str) or not TAG_RE.match(tag):
        raise ApiError(400, "Field 'tag' must match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$", details="invalid field: tag")
    if tx.get("team", tag) is not None:
        raise ApiError(409, f"A team with tag '{tag}' already exists", details=f"conflicting tag: {tag}")
    etype = body.get("type", "service")
    if not isinstance(etype, str) or not etype or etype == "team":
        raise ApiError(400, "Field 'type' must be a non-empty string other than 'team' (create teams via the teams API)", details="invalid field: type")
    name = body.get("name", tag)
    if not isinstance(name, str):
        raise ApiError(400, "Field 'name' must be a string", details="invalid field: name")
    custom = {} if body.get("customData") is None else body["customData"]
    if not isinstance(custom, dict):
        raise ApiError(400, "Field 'customData' must be an object", details="invalid field: customData")
    owners = {} if body.get("owners") is None else body["owners"]
    if not isinstance(owners, dict):
        raise ApiError(400, "Field 'owners' must be an object", details="invalid field: owners")
    existing = tx.get("entity", tag)
    entity_id = existing["id"] if existing else body.get("id") or new_id("en")
    if not isinstance(entity_id, str) or not ID_RE.match(entity_id):
        raise ApiError(400, "Field 'id' must be 2 lowercase letters and 16 hex digits", details="invalid field: id")
    ref = tx.get("entity_id", entity_id)
    if ref is not None and ref["tag"] != tag:
        raise ApiError(409, f"Id '{entity_id}' already belongs to '{ref['tag']}'", details=f"conflicting id: {entity_id}")
    doc = {
        "id": entity_id,
        "tag": tag,
        "type": etype,
        "name": name,
        "description": body.get("description") if isinstance(body.get("description"), str) else None,
        "groups": _str_list(body, "groups"),
        "customData": custom,
        "owners": {"groups": _str_list(owners, "groups"), "individuals": owners.get("individuals") or []},
    }
    tx.put("entity", tag, doc)
    tx.put("entity_id", entity_id, {"kind": "entity", "tag": tag})
    return doc


def delete_entity(tx: Cursor, tag: str) -> bool:
    existing = tx.get("entity", tag)
    if existing is None:
        return False
    tx.delete("entity", tag)
    tx.delete("entity_id", existing["id"])
    tx.delete_prefix("deploy", f"{tag}/")
    return True
