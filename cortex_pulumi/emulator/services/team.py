"""Emulator service for Cortex teams: list/get, create, update metadata and members, archive, delete.

Store layout: kind ``team`` keyed by teamTag (see team_model.py), plus ``entity_id``/<id> -> {"kind":
"team", "tag"} so that ``{tagOrId}`` and `find_entity` resolve team ids. Deleting a team also removes its
hierarchy edges and its deploys. Every operation needs the ``Edit entities`` permission.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from cortex_pulumi.emulator.auth import EDIT_ENTITIES
from cortex_pulumi.emulator.entities import ID_RE
from cortex_pulumi.emulator.http import (
    ApiError,
    Router,
    empty_response,
    json_response,
    new_id,
    query_bool,
    query_str,
    read_json_object,
    settings_of,
    store_of,
)
from cortex_pulumi.emulator.seed import SeedSection
from cortex_pulumi.emulator.services import team_model
from cortex_pulumi.emulator.services.team_hierarchy import remove_team_edges
from cortex_pulumi.emulator.store import Cursor

router = Router()


def lookup(tx: Cursor, tag_or_id: str) -> dict[str, Any]:
    doc = tx.get("team", tag_or_id)
    if doc is None and ID_RE.match(tag_or_id):
        ref = tx.get("entity_id", tag_or_id)
        if ref is not None and ref.get("kind") == "team":
            doc = tx.get("team", ref["tag"])
    if doc is None:
        raise ApiError(404, f"Team '{tag_or_id}' not found", details=f"no team has tag or id {tag_or_id}")
    return doc


def create_team(tx: Cursor, body: dict[str, Any]) -> dict[str, Any]:
    """Validate and insert a team; 409 naming the tag when it (or a catalog entity) already exists."""
    doc = team_model.parse_create(body)
    tag = doc["teamTag"]
    if tx.get("team", tag) is not None or tx.get("entity", tag) is not None:
        raise ApiError(409, f"A team or entity with tag '{tag}' already exists", details=f"duplicate tag: {tag}")
    doc = {"id": new_id("en"), **doc}
    if body.get("externallyManaged") is True:
        doc["externallyManaged"] = True
    tx.put("team", tag, doc)
    tx.put("entity_id", doc["id"], {"kind": "team", "tag": tag})
    return doc


@router.get("/api/v1/teams", needs=EDIT_ENTITIES)
async def list_or_get_teams(request: Request) -> Response:
    tag = query_str(request, "teamTag")
    with_empty = query_bool(request, "includeTeamsWithoutMembers", False)
    with store_of(request).read() as tx:
        if tag is not None:
            return json_response(team_model.render(lookup(tx, tag)))
        docs = tx.list("team")
    teams = [team_model.render(d) for d in docs if with_empty or team_model.member_count(d) > 0]
    return json_response({"teams": teams})


@router.get("/api/v1/teams/{tagOrId}", needs=EDIT_ENTITIES)
async def get_team(request: Request) -> Response:
    with store_of(request).read() as tx:
        doc = lookup(tx, request.path_params["tagOrId"])
    return json_response(team_model.render(doc))


@router.post("/api/v1/teams", needs=EDIT_ENTITIES)
async def post_team(request: Request) -> Response:
    body = await read_json_object(request)
    with store_of(request).transaction() as tx:
        doc = create_team(tx, body)
    return json_response(team_model.render(doc))


async def _update(request: Request, tag_or_id: str) -> Response:
    body = await read_json_object(request)
    with store_of(request).transaction() as tx:
        doc = team_model.apply_update(lookup(tx, tag_or_id), body)
        tx.put("team", doc["teamTag"], doc)
    return json_response(team_model.render(doc))


Write = Callable[[Request, str], Awaitable[Response]]


def _by_path_and_query(write: Write) -> tuple[Callable[[Request], Awaitable[Response]], ...]:
    """The two routes of one team write: the team named in the path (``{tagOrId}``), or by ``?teamTag=`` (the
    "advanced" operations, for tags that cannot go in a path)."""

    async def by_path(request: Request) -> Response:
        return await write(request, request.path_params["tagOrId"])

    async def by_query(request: Request) -> Response:
        tag = query_str(request, "teamTag", required=True)
        assert tag is not None
        return await write(request, tag)

    return by_path, by_query


update_team, update_team_advanced = _by_path_and_query(_update)
router.put("/api/v1/teams", needs=EDIT_ENTITIES)(update_team_advanced)
router.put("/api/v1/teams/{tagOrId}", needs=EDIT_ENTITIES)(update_team)


async def _replace_members(request: Request, tag_or_id: str) -> Response:
    body = await read_json_object(request)
    members = team_model.parse_member_replacement(body)
    with store_of(request).transaction() as tx:
        doc = lookup(tx, tag_or_id)
        if doc["type"] != "CORTEX":
            raise ApiError(
                403, f"Team '{doc['teamTag']}' is backed by an IdP group; its members cannot be edited in Cortex"
            )
        doc["cortexTeam"] = {"members": members}
        tx.put("team", doc["teamTag"], doc)
    return json_response(team_model.render(doc))


update_members, update_members_advanced = _by_path_and_query(_replace_members)
router.put("/api/v1/teams/members", needs=EDIT_ENTITIES)(update_members_advanced)
router.put("/api/v1/teams/{tagOrId}/members", needs=EDIT_ENTITIES)(update_members)


async def _set_archived(request: Request, archived: bool) -> Response:
    with store_of(request).transaction() as tx:
        doc = lookup(tx, request.path_params["tagOrId"])
        doc["isArchived"] = archived
        tx.put("team", doc["teamTag"], doc)
    return json_response(team_model.render(doc))


@router.put("/api/v1/teams/{tagOrId}/archive", needs=EDIT_ENTITIES)
async def archive_team(request: Request) -> Response:
    return await _set_archived(request, True)


@router.put("/api/v1/teams/{tagOrId}/unarchive", needs=EDIT_ENTITIES)
async def unarchive_team(request: Request) -> Response:
    return await _set_archived(request, False)


def _delete(request: Request, tag_or_id: str) -> Response:
    settings = settings_of(request)
    with store_of(request).transaction() as tx:
        doc = lookup(tx, tag_or_id)
        tag = doc["teamTag"]
        if doc.get("externallyManaged") or tag in settings.externally_managed_teams:
            raise ApiError(405, "Team delete is not allowed", details=f"team {tag} is managed outside Cortex")
        tx.delete("team", tag)
        tx.delete("entity_id", doc["id"])
        remove_team_edges(tx, tag)
        tx.delete_prefix("deploy", f"{tag}/")
    return empty_response(204)


@router.delete("/api/v1/teams/{tagOrId}", needs=EDIT_ENTITIES)
async def delete_team(request: Request) -> Response:
    return _delete(request, request.path_params["tagOrId"])


@router.delete("/api/v1/teams", needs=EDIT_ENTITIES)
async def delete_team_advanced(request: Request) -> Response:
    tag = query_str(request, "teamTag", required=True)
    assert tag is not None
    return _delete(request, tag)


def _seed(tx: Cursor, items: list[Any]) -> None:
    for item in items:
        if not isinstance(item, dict):
            raise ApiError(400, "each team must be an object")
        doc = create_team(tx, item)
        synced = (item.get("idpGroup") or {}).get("members") if isinstance(item.get("idpGroup"), dict) else None
        if doc["type"] == "IDP" and synced:
            set_idp_members(tx, doc["teamTag"], synced)


def set_idp_members(tx: Cursor, tag: str, raw: Any) -> dict[str, Any]:
    """What an IdP sync does to an IDP team: its group's members become `raw` ([{email, name}])."""
    doc = lookup(tx, tag)
    if doc["type"] != "IDP":
        raise ApiError(400, f"Team '{tag}' is not backed by an IdP group")
    doc["idpGroup"] = {**doc["idpGroup"], "members": team_model.parse_idp_members(raw)}
    tx.put("team", doc["teamTag"], doc)
    return doc


seed_sections = {"teams": SeedSection(_seed)}

routes = router.routes
