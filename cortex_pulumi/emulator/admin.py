"""Emulator-only admin endpoints under /_emulator (never rate limited, never faulted, never logged).

- ``GET /_emulator/health`` -> ``{"status": "ok"}`` (always on, no key: used to wait for readiness)
- ``GET|PUT /_emulator/faults`` -> the fault configuration (see faults.py for the JSON fields)
- ``POST /_emulator/reset`` -> empties the database, request log, faults, rate-limit buckets and transient
  state, then re-applies the seed file if one was given
- ``GET|DELETE /_emulator/requests`` -> the request log (requestlog.py); GET filters: ``method``,
  ``pathPrefix``, ``afterSeq``
- ``GET|POST /_emulator/entities``, ``GET|DELETE /_emulator/entities/{tag}`` -> catalog entities (a POST
  body is one entity object or a list; fields tag, type, name, description, groups, customData, owners, id)
- ``PUT /_emulator/teams/{tag}/external`` body ``{"external": true}`` -> that team's delete answers 405
- ``PUT /_emulator/teams/{tag}/idp-members`` body ``{"members": [{email, name}]}`` -> an IdP sync: the IDP
  team's group members become these
- ``POST /_emulator/teams/relationships/sync`` body ``{"provider": "WORKDAY", "edges": [{parentTeamTag,
  childTeamTag}]}`` -> an HR sync: these edges are added (or marked) with ``provider``; other edges stay

With ``--no-admin`` all but health answer 404; with ``--admin-key K`` they need ``Authorization: Bearer K``.
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cortex_pulumi.emulator import entities, seed
from cortex_pulumi.emulator.faults import FaultConfig
from cortex_pulumi.emulator.http import (
    ApiError,
    empty_response,
    field_bool,
    json_response,
    read_json,
    store_of,
)
from cortex_pulumi.emulator.services import team, team_hierarchy, team_model


def reset_app(app: Starlette) -> None:
    """Return an app to its initial state (what ``POST /_emulator/reset`` does)."""
    state = app.state
    state.store.clear()
    state.limiter.reset()
    state.faults.configure(FaultConfig())
    state.request_log.clear()
    state.transient.clear()
    if state.settings.seed:
        seed.apply_seed_file(state.store, state.settings.seed)


async def health(request: Request) -> Response:
    return json_response({"status": "ok"})


async def faults(request: Request) -> Response:
    injector = request.app.state.faults
    if request.method == "PUT":
        body = await read_json(request)
        try:
            injector.configure(FaultConfig.from_dict(body))
        except ValueError as exc:
            raise ApiError(400, str(exc)) from None
    return json_response(injector.config.to_dict())


async def reset(request: Request) -> Response:
    reset_app(request.app)
    return json_response({"status": "reset"})


async def requests_log(request: Request) -> Response:
    log = request.app.state.request_log
    if request.method == "DELETE":
        log.clear()
        return empty_response(204)
    items = log.entries()
    method = request.query_params.get("method")
    prefix = request.query_params.get("pathPrefix")
    after = request.query_params.get("afterSeq")
    if method:
        items = [e for e in items if e["method"] == method.upper()]
    if prefix:
        items = [e for e in items if e["path"].startswith(prefix)]
    if after:
        if not after.isdigit():
            raise ApiError(400, "Query parameter 'afterSeq' must be an integer")
        items = [e for e in items if e["seq"] > int(after)]
    return json_response({"requests": items, "total": len(items)})


async def entity_collection(request: Request) -> Response:
    store = store_of(request)
    if request.method == "GET":
        with store.read() as tx:
            return json_response({"entities": entities.list_entities(tx)})
    body: Any = await read_json(request)
    items = body if isinstance(body, list) else [body]
    with store.transaction() as tx:
        saved = [entities.register_entity(tx, item) for item in items]
    return json_response(saved if isinstance(body, list) else saved[0])


async def entity_item(request: Request) -> Response:
    tag = request.path_params["tag"]
    store = store_of(request)
    if request.method == "GET":
        with store.read() as tx:
            return json_response(entities.find_entity(tx, tag))
    with store.transaction() as tx:
        if not entities.delete_entity(tx, tag):
            raise ApiError(404, f"Entity '{tag}' not found (teams are deleted through the teams API)")
    return empty_response(204)


async def team_external(request: Request) -> Response:
    tag = request.path_params["tag"]
    body = await read_json(request)
    if not isinstance(body, dict):
        raise ApiError(400, "Request body must be a JSON object")
    external = field_bool(body, "external")
    with store_of(request).transaction() as tx:
        team = tx.get("team", tag)
        if team is None:
            raise ApiError(404, f"Team '{tag}' not found")
        team["externallyManaged"] = bool(external)
        tx.put("team", tag, team)
    return json_response({"teamTag": tag, "external": bool(external)})


async def team_idp_members(request: Request) -> Response:
    body = await read_json(request)
    if not isinstance(body, dict):
        raise ApiError(400, "Request body must be a JSON object")
    with store_of(request).transaction() as tx:
        doc = team.set_idp_members(tx, request.path_params["tag"], body.get("members"))
    return json_response(team_model.render(doc))


async def hierarchy_sync(request: Request) -> Response:
    body = await read_json(request)
    if not isinstance(body, dict) or not isinstance(body.get("edges"), list):
        raise ApiError(400, "Request body must be a JSON object with an 'edges' list")
    with store_of(request).transaction() as tx:
        edges = team_hierarchy.sync_edges(tx, body["edges"], body.get("provider"))
    return json_response({"edges": edges})


routes = [
    Route("/_emulator/health", health, methods=["GET"]),
    Route("/_emulator/faults", faults, methods=["GET", "PUT"]),
    Route("/_emulator/reset", reset, methods=["POST"]),
    Route("/_emulator/requests", requests_log, methods=["GET", "DELETE"]),
    Route("/_emulator/entities", entity_collection, methods=["GET", "POST"]),
    Route("/_emulator/entities/{tag}", entity_item, methods=["GET", "DELETE"]),
    Route("/_emulator/teams/{tag}/external", team_external, methods=["PUT"]),
    Route("/_emulator/teams/{tag}/idp-members", team_idp_members, methods=["PUT"]),
    Route("/_emulator/teams/relationships/sync", hierarchy_sync, methods=["POST"]),
]
