"""Emulator service for Cortex deploys: list/add/update/delete per entity, and bulk deletes across entities.

Store layout: kind ``deploy``, key ``"<entity tag>/<uuid>"`` (so ``tx.list("deploy", prefix=tag + "/")``
is one entity's deploys in creation order), document::

    {"uuid", "id": int, "entityTag", "entityId", "serviceId": int, "title", "type", "timestamp": "...Z",
     "sha"?, "environment"?, "url"?, "deployer": {"email"?, "name"?}, "customData"?}

Two response shapes, as in the official schemas: add, update and delete-by-uuid answer ``CustomDeploy``
(flat ``deployerEmail``/``deployerName``, numeric ``id`` and ``serviceId``); the list and the bulk deletes
use ``CustomDeploy1`` (nested ``deployer`` plus the deprecated flat copies). The spec types "delete
deploys for entity" as a single ``CustomDeploy`` although it deletes many: the emulator answers
``{"deploys": [CustomDeploy1...]}`` like the other bulk deletes and, when at least one deploy was deleted,
also the ``CustomDeploy`` fields of the last one, so the body satisfies both readings.
All operations need ``Edit entities``.
"""

from __future__ import annotations

import datetime
import functools
import uuid as uuidlib
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from cortex_pulumi.emulator.auth import EDIT_ENTITIES
from cortex_pulumi.emulator.checks import every
from cortex_pulumi.emulator.entities import find_entity
from cortex_pulumi.emulator.http import (
    ApiError,
    Router,
    envelope,
    field_obj,
    field_str,
    json_response,
    page_params,
    query_str,
    read_json_object,
    store_of,
)
from cortex_pulumi.emulator.seed import SeedSection
from cortex_pulumi.emulator.store import Cursor

DEPLOY_TYPES = ("DEPLOY", "SCALE", "ROLLBACK", "RESTART")
_OPTIONAL = ("sha", "environment", "url")


router = Router()


def parse_timestamp(value: str) -> str:
    """Normalise an ISO-8601 date-time to UTC ``YYYY-MM-DDTHH:MM:SS[.fff]Z`` (naive means UTC)."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise ApiError(400, "Field 'timestamp' must be an ISO-8601 date-time", details=f"invalid field: timestamp ({value!r})") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    parsed = parsed.astimezone(datetime.timezone.utc)
    base = parsed.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{base}.{parsed.microsecond // 1000:03d}Z" if parsed.microsecond else f"{base}Z"


def parse_deploy(body: dict[str, Any]) -> dict[str, Any]:
    """Validate a SaveDeployRequest; explicit nulls (as the CLI sends) mean absent."""
    title, deploy_type, timestamp, optional, deployer, custom = every(
        lambda: field_str(body, "title"), lambda: _deploy_type(body), lambda: _timestamp(body),
        lambda: _strings(body, _OPTIONAL, ""), lambda: _strings(field_obj(body, "deployer", required=False) or {},
                                                                ("email", "name"), "deployer."),
        lambda: field_obj(body, "customData", required=False))
    out: dict[str, Any] = {"title": title, "type": deploy_type, "timestamp": timestamp, **optional, "deployer": deployer}
    if custom is not None:
        out["customData"] = custom
    return out


def _deploy_type(body: dict[str, Any]) -> str:
    deploy_type = field_str(body, "type")
    if deploy_type not in DEPLOY_TYPES:
        raise ApiError(400, f"Field 'type' must be one of {', '.join(DEPLOY_TYPES)}", details=f"invalid field: type ({deploy_type!r})")
    return deploy_type


def _timestamp(body: dict[str, Any]) -> str:
    timestamp = field_str(body, "timestamp")
    assert timestamp is not None
    return parse_timestamp(timestamp)


def _strings(body: dict[str, Any], names: tuple[str, ...], at: str) -> dict[str, str]:
    """The optional string fields `names` that `body` gives (explicit nulls mean absent), each checked."""
    values = every(*(functools.partial(field_str, body, name, required=False, where=f"{at}{name}", allow_empty=True)
                     for name in names))
    return {name: value for name, value in zip(names, values, strict=True) if value is not None}


def service_id(entity_id: str) -> int:
    """A stable numeric id for an entity (int64 in the schema; kept below 2**53 for JSON readers)."""
    return int(entity_id[2:], 16) & (2**53 - 1)


def _common(doc: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"uuid": doc["uuid"], "title": doc["title"], "type": doc["type"], "timestamp": doc["timestamp"]}
    for name in _OPTIONAL:
        if name in doc:
            out[name] = doc[name]
    if "email" in doc["deployer"]:
        out["deployerEmail"] = doc["deployer"]["email"]
    if "name" in doc["deployer"]:
        out["deployerName"] = doc["deployer"]["name"]
    if "customData" in doc:
        out["customData"] = doc["customData"]
    return out


def render_single(doc: dict[str, Any]) -> dict[str, Any]:
    """``CustomDeploy``: answers of add, update and delete-by-uuid."""
    return {**_common(doc), "id": doc["id"], "serviceId": doc["serviceId"]}


def render_listed(doc: dict[str, Any]) -> dict[str, Any]:
    """``CustomDeploy1``: list entries and bulk-delete entries."""
    return {**_common(doc), "deployer": dict(doc["deployer"])}


def add_deploy(tx: Cursor, entity_ref: str, body: dict[str, Any]) -> dict[str, Any]:
    entity = find_entity(tx, entity_ref)
    doc = {
        "uuid": str(uuidlib.uuid4()),
        "id": tx.next_int("deploy"),
        "entityTag": entity["tag"],
        "entityId": entity["id"],
        "serviceId": service_id(entity["id"]),
        **parse_deploy(body),
    }
    tx.put("deploy", f"{entity['tag']}/{doc['uuid']}", doc)
    return doc


def _filters(request: Request, require_one: bool) -> dict[str, str]:
    filters = {name: value for name in ("sha", "environment", "type") if (value := query_str(request, name))}
    if "type" in filters and filters["type"] not in DEPLOY_TYPES:
        raise ApiError(400, f"Query parameter 'type' must be one of {', '.join(DEPLOY_TYPES)}", details="invalid parameter: type")
    if require_one and not filters:
        raise ApiError(400, "Trying to delete deploys without any filters", details="give at least one of sha, environment, type")
    return filters


def _matches(doc: dict[str, Any], filters: dict[str, str]) -> bool:
    return all(doc.get(name) == value for name, value in filters.items())


def _delete_matching(tx: Cursor, prefix: str | None, filters: dict[str, str]) -> list[dict[str, Any]]:
    deleted = [d for d in tx.list("deploy", prefix=prefix) if _matches(d, filters)]
    for doc in deleted:
        tx.delete("deploy", f"{doc['entityTag']}/{doc['uuid']}")
    return deleted


def _bulk_body(deleted: list[dict[str, Any]]) -> dict[str, Any]:
    return {"deploys": [render_listed(d) for d in deleted]}


@router.get("/api/v1/catalog/{tagOrId}/deploys", needs=EDIT_ENTITIES)
async def list_deploys(request: Request) -> Response:
    page, size = page_params(request)
    with store_of(request).read() as tx:
        entity = find_entity(tx, request.path_params["tagOrId"])
        prefix = f"{entity['tag']}/"
        total = tx.count("deploy", prefix=prefix)
        docs = tx.list("deploy", prefix=prefix, offset=page * size, limit=size)
    return json_response(envelope(page, size, total, [render_listed(d) for d in docs], "deployments"))


@router.post("/api/v1/catalog/{tagOrId}/deploys", needs=EDIT_ENTITIES)
async def post_deploy(request: Request) -> Response:
    body = await read_json_object(request)
    with store_of(request).transaction() as tx:
        doc = add_deploy(tx, request.path_params["tagOrId"], body)
    return json_response(render_single(doc))


def _lookup(tx: Cursor, request: Request) -> tuple[str, dict[str, Any]]:
    entity = find_entity(tx, request.path_params["tagOrId"])
    uuid = request.path_params["uuid"]
    key = f"{entity['tag']}/{uuid}"
    doc = tx.get("deploy", key)
    if doc is None:
        raise ApiError(404, f"Deploy '{uuid}' not found for entity '{entity['tag']}'", details=f"no deploy {uuid}")
    return key, doc


@router.put("/api/v1/catalog/{tagOrId}/deploys/{uuid}", needs=EDIT_ENTITIES)
async def update_deploy(request: Request) -> Response:
    body = await read_json_object(request)
    with store_of(request).transaction() as tx:
        key, doc = _lookup(tx, request)
        keep = {name: doc[name] for name in ("uuid", "id", "entityTag", "entityId", "serviceId")}
        doc = {**keep, **parse_deploy(body)}
        tx.put("deploy", key, doc)
    return json_response(render_single(doc))


@router.delete("/api/v1/catalog/{tagOrId}/deploys/{uuid}", needs=EDIT_ENTITIES)
async def delete_deploy(request: Request) -> Response:
    with store_of(request).transaction() as tx:
        key, doc = _lookup(tx, request)
        tx.delete("deploy", key)
    return json_response(render_single(doc))


@router.delete("/api/v1/catalog/{tagOrId}/deploys", needs=EDIT_ENTITIES)
async def delete_entity_deploys(request: Request) -> Response:
    filters = _filters(request, require_one=False)
    with store_of(request).transaction() as tx:
        entity = find_entity(tx, request.path_params["tagOrId"])
        deleted = _delete_matching(tx, f"{entity['tag']}/", filters)
    body = _bulk_body(deleted)
    if deleted:
        body = {**render_single(deleted[-1]), **body}
    return json_response(body)


@router.delete("/api/v1/catalog/deploys", needs=EDIT_ENTITIES)
async def delete_by_filter(request: Request) -> Response:
    filters = _filters(request, require_one=True)
    with store_of(request).transaction() as tx:
        deleted = _delete_matching(tx, None, filters)
    return json_response(_bulk_body(deleted))


@router.delete("/api/v1/catalog/deploys/all", needs=EDIT_ENTITIES)
async def delete_all(request: Request) -> Response:
    with store_of(request).transaction() as tx:
        deleted = _delete_matching(tx, None, {})
    return json_response(_bulk_body(deleted))


def _seed(tx: Cursor, items: list[Any]) -> None:
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("entity"), str):
            raise ApiError(400, "each deploy must be an object with an 'entity' tag")
        add_deploy(tx, item["entity"], {k: v for k, v in item.items() if k != "entity"})


seed_sections = {"deploys": SeedSection(_seed, after=("entities", "teams"))}

routes = router.routes
