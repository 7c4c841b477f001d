"""The emulator's Starlette application: routing, auth, rate limiting, fault injection, error rendering.

``build_app(settings) -> Starlette`` mounts the ``routes`` list of every module of
``cortex_pulumi.emulator.services`` that has one (found by `service_modules`, no list to keep) and the admin
routes, all in `routing_order`: a literal path segment before a template wherever two paths differ, so
``/teams/relationships`` (team_hierarchy.py) is matched before ``/teams/{tagOrId}`` (team.py) whatever the
order of the modules.

``app.state`` attributes services may use:

- ``store``: the `Store` (documents; see store.py), ``settings``: the `Settings`,
- ``faults``: the `FaultInjector`, ``limiter``: the `RateLimiter` or `SlidingWindowLimiter`, ``request_log``: `RequestLog`,
- ``transient``: a dict for in-memory, non-persistent service state (e.g. "evaluation running until");
  use a key named after your module. It is emptied by ``POST /_emulator/reset``.

Every ``/api/v1`` request passes, in order: trailing-slash normalisation, the request log, fault
injection (latency, 429 burst, 5xx, dropped connection), bearer-key authentication (401), the per-key
rate limit (429 problem+json with ``Retry-After``; token bucket or strict sliding window) and the body-size limit (413). Handlers raise
``ApiError``/``ViolationsError`` (http.py); anything else becomes a 500 ErrorResponse.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from cortex_pulumi.emulator.auth import authenticate, bearer_token, parse_key_spec
from cortex_pulumi.emulator.faults import FaultInjector
from cortex_pulumi.emulator.http import (
    SCOPE_REQUEST_ID,
    ApiError,
    ViolationsError,
    error_response,
    routing_order,
    violations_response,
)
from cortex_pulumi.emulator.pipeline import (
    ASGIApp,
    Call,
    Receive,
    Scope,
    Send,
    header,
    plain_error,
    run_api_request,
)
from cortex_pulumi.emulator.ratelimit import make_limiter
from cortex_pulumi.emulator.requestlog import RequestLog
from cortex_pulumi.emulator.services import service_modules
from cortex_pulumi.emulator.settings import Settings
from cortex_pulumi.emulator.store import Store

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
ADMIN_PREFIX = "/_emulator"


class CoreMiddleware:
    """Pure ASGI middleware doing everything that happens before a route handler runs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if len(path) > 1 and path.endswith("/"):
            # Cortex accepts a trailing slash on every path (the Terraform provider sends /api/v1/teams/).
            path = path.rstrip("/") or "/"
            scope["path"] = path
        req_id = os.urandom(8).hex()
        scope[SCOPE_REQUEST_ID] = req_id
        state = scope["app"].state  # Starlette sets scope["app"] before running middleware
        if path == API_PREFIX or path.startswith(API_PREFIX + "/"):
            await run_api_request(self.app, Call(scope, receive, send, state, req_id))
        elif path.startswith(ADMIN_PREFIX + "/") or path == ADMIN_PREFIX:
            await self._admin(scope, receive, send, state, req_id)
        else:
            await self.app(scope, receive, send)

    async def _admin(self, scope: Scope, receive: Receive, send: Send, state: Any, req_id: str) -> None:
        settings: Settings = state.settings
        if scope["path"] != ADMIN_PREFIX + "/health":
            if not settings.admin_enabled:
                await plain_error(404, "NOT_FOUND", "Admin endpoints are disabled", None, req_id)(scope, receive, send)
                return
            if settings.admin_key is not None:
                token = bearer_token(header(scope, b"authorization"))
                if token is None or authenticate([parse_key_spec(settings.admin_key)], token) is None:
                    msg = "Missing API key" if token is None else "Invalid API key"
                    await plain_error(401, "FORBIDDEN", msg, None, req_id)(scope, receive, send)
                    return
        await self.app(scope, receive, send)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(request, exc)


async def _violations(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ViolationsError)
    return violations_response(exc.violations)


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        err = ApiError(404, "No such endpoint", details=f"{request.method} {request.url.path}")
    elif exc.status_code == 405:
        err = ApiError(405, "Method not allowed", details=f"{request.method} {request.url.path}")
    else:
        err = ApiError(exc.status_code, str(exc.detail))
    response = error_response(request, err)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _unhandled(request: Request, exc: Exception) -> Response:
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(request, ApiError(500, "Internal emulator error", details=type(exc).__name__))


def build_app(settings: Settings, store: Store | None = None) -> Starlette:
    """Create the ASGI app; ``store`` defaults to a new `Store` on ``settings.db``."""
    from cortex_pulumi.emulator import admin, seed, web

    routes: list[BaseRoute] = [route for module in service_modules() for route in module.routes]
    app = Starlette(
        routes=routing_order([*routes, *admin.routes, *web.routes]),
        middleware=[Middleware(CoreMiddleware)],
        exception_handlers={
            ApiError: _api_error,
            ViolationsError: _violations,
            HTTPException: _http_exception,
            Exception: _unhandled,
        },
    )
    app.state.settings = settings
    app.state.store = store if store is not None else Store(settings.db)
    app.state.faults = FaultInjector(settings.faults)
    app.state.limiter = make_limiter(settings.rate_limit_mode, settings.rate_limit)
    app.state.request_log = RequestLog(settings.request_log_size)
    app.state.transient = {}
    if settings.seed:
        seed.apply_seed_file(app.state.store, settings.seed)
    return app
