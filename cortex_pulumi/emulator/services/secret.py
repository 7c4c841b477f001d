"""Emulator service for Cortex secrets: list, get, create, update, delete (values are write-only).

Store layout: kind ``secret`` keyed by tag ``{id, tag, name, secret}`` and kind ``secret_id`` keyed by id
``{"tag": ...}``. The ``secret`` value is stored (workflows could use it) but no endpoint returns it and
nothing logs it: responses are built by `public()` from ``id``, ``tag`` and ``name`` only.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from cortex_pulumi.emulator.auth import CREATE_SECRETS
from cortex_pulumi.emulator.checks import every
from cortex_pulumi.emulator.entities import ID_RE
from cortex_pulumi.emulator.http import (
    ApiError,
    Router,
    empty_response,
    envelope,
    field_str,
    json_response,
    new_id,
    page_params,
    read_json_object,
    store_of,
)
from cortex_pulumi.emulator.seed import SeedSection
from cortex_pulumi.emulator.store import Cursor

SECRET_TAG_RE = re.compile(r"^[A-Za-z0-9_-]{1,100}$")


router = Router()


def public(doc: dict[str, Any]) -> dict[str, Any]:
    """The SecretResponse view: never the value."""
    return {"id": doc["id"], "tag": doc["tag"], "name": doc["name"]}


def lookup(tx: Cursor, tag_or_id: str) -> dict[str, Any]:
    doc = tx.get("secret", tag_or_id)
    if doc is None and ID_RE.match(tag_or_id):
        ref = tx.get("secret_id", tag_or_id)
        doc = None if ref is None else tx.get("secret", ref["tag"])
    if doc is None:
        raise ApiError(404, f"Secret '{tag_or_id}' not found", details=f"no secret has tag or id {tag_or_id}")
    return doc


def _new_tag(body: dict[str, Any]) -> str:
    tag = field_str(body, "tag")
    assert tag is not None
    if not SECRET_TAG_RE.match(tag):
        raise ApiError(
            400,
            "Field 'tag' must be 1-100 letters, digits, underscores or dashes",
            details="invalid field: tag (allowed: ^[A-Za-z0-9_-]{1,100}$)",
        )
    return tag


def _tag_if_given(body: dict[str, Any]) -> None:
    if "tag" in body and body["tag"] is not None and not isinstance(body["tag"], str):
        raise ApiError(400, "Field 'tag' must be a string", details="invalid field: tag")


def _new_name(body: dict[str, Any]) -> str | None:
    name = field_str(body, "name", required=False)
    if name is not None and not name.strip():
        raise ApiError(400, "Field 'name' must not be empty", details="invalid field: name")
    return name


def create_secret(tx: Cursor, body: dict[str, Any]) -> dict[str, Any]:
    """Validate and insert a secret; 400 naming the field, 409 naming a duplicate tag."""
    tag, name, value = every(lambda: _new_tag(body), lambda: field_str(body, "name"),
                             lambda: field_str(body, "secret", allow_empty=True))
    if tx.get("secret", tag) is not None:
        raise ApiError(409, f"A secret with tag '{tag}' already exists", details=f"duplicate tag: {tag}")
    doc = {"id": new_id("se"), "tag": tag, "name": name, "secret": value}
    tx.put("secret", tag, doc)
    tx.put("secret_id", doc["id"], {"tag": tag})
    return doc


@router.get("/api/v1/secrets", needs=CREATE_SECRETS)
async def list_secrets(request: Request) -> Response:
    page, size = page_params(request)
    with store_of(request).read() as tx:
        total = tx.count("secret")
        docs = tx.list("secret", offset=page * size, limit=size)
    return json_response(envelope(page, size, total, [public(d) for d in docs], "secrets"))


@router.get("/api/v1/secrets/{tagOrId}", needs=CREATE_SECRETS)
async def get_secret(request: Request) -> Response:
    with store_of(request).read() as tx:
        doc = lookup(tx, request.path_params["tagOrId"])
    return json_response(public(doc))


@router.post("/api/v1/secrets", needs=CREATE_SECRETS)
async def post_secret(request: Request) -> Response:
    body = await read_json_object(request)
    with store_of(request).transaction() as tx:
        doc = create_secret(tx, body)
    return json_response(public(doc))


@router.put("/api/v1/secrets/{tagOrId}", needs=CREATE_SECRETS)
async def update_secret(request: Request) -> Response:
    body = await read_json_object(request)
    _, name, value = every(lambda: _tag_if_given(body), lambda: _new_name(body),
                           lambda: field_str(body, "secret", required=False, allow_empty=True))
    with store_of(request).transaction() as tx:
        doc = lookup(tx, request.path_params["tagOrId"])
        if body.get("tag") not in (None, doc["tag"]):
            raise ApiError(400, "Field 'tag' cannot be changed after creation", details="invalid field: tag")
        if name is not None:
            doc["name"] = name
        if value is not None:
            doc["secret"] = value
        tx.put("secret", doc["tag"], doc)
    return json_response(public(doc))


@router.delete("/api/v1/secrets/{tagOrId}", needs=CREATE_SECRETS)
async def delete_secret(request: Request) -> Response:
    with store_of(request).transaction() as tx:
        doc = lookup(tx, request.path_params["tagOrId"])
        tx.delete("secret", doc["tag"])
        tx.delete("secret_id", doc["id"])
    return empty_response(200)


def _seed(tx: Cursor, items: list[Any]) -> None:
    for item in items:
        if not isinstance(item, dict):
            raise ApiError(400, "each secret must be an object")
        create_secret(tx, item)


seed_sections = {"secrets": SeedSection(_seed)}

routes = router.routes
