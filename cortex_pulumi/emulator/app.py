"""The emulator's Starlette application: routing, auth, rate limiting, fault injection, error rendering.

``build_app(settings) -> Starlette`` mounts the ``routes`` list of every module of
``cortex_pulumi.emulator.services`` in the fixed order of ``SERVICE_MODULES`` (literal paths such as
``/teams/relationships`` are therefore matched before ``/teams/{tagOrId}``), then the admin routes.

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

import asyncio
import importlib
import logging
import os
import time
from collections.abc import Awaitable, Callable, MutableMapping
from types import ModuleType
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from cortex_pulumi.emulator.auth import authenticate, bearer_token, parse_key_spec
from cortex_pulumi.emulator.faults import FaultInjector
from cortex_pulumi.emulator.http import (
    SCOPE_KEY,
    SCOPE_REQUEST_ID,
    ApiError,
    ViolationsError,
    error_body,
    error_response,
    violations_response,
)
from cortex_pulumi.emulator.ratelimit import make_limiter
from cortex_pulumi.emulator.requestlog import RequestLog
from cortex_pulumi.emulator.settings import Settings
from cortex_pulumi.emulator.store import Store

logger = logging.getLogger(__name__)

SERVICE_MODULES = ("team_hierarchy", "team", "secret", "deploy", "scorecard", "exemption", "workflow")
API_PREFIX = "/api/v1"
ADMIN_PREFIX = "/_emulator"
#: Scope extension key under which the server protocol exposes the connection's transport.
TRANSPORT_EXTENSION = "cortex.transport"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyTooLarge(ApiError):
    def __init__(self, limit: int) -> None:
        super().__init__(413, "Request body too large", details=f"the maximum request body is {limit} bytes")


def service_modules() -> list[ModuleType]:
    return [importlib.import_module(f"cortex_pulumi.emulator.services.{name}") for name in SERVICE_MODULES]


def problem_429(path: str, retry_after: int, detail: str) -> JSONResponse:
    body = {
        "type": "about:blank",
        "title": "Too Many Requests",
        "status": 429,
        "detail": detail,
        "instance": path,
        "retryAfter": retry_after,
    }
    return JSONResponse(
        body, status_code=429, media_type="application/problem+json", headers={"Retry-After": str(retry_after)}
    )


def _plain_error(status: int, type_: str, message: str, details: str | None, req_id: str) -> JSONResponse:
    return JSONResponse(error_body(status, type_, message, details, req_id), status_code=status)


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
            await self._api(scope, receive, send, state, req_id)
        elif path.startswith(ADMIN_PREFIX + "/") or path == ADMIN_PREFIX:
            await self._admin(scope, receive, send, state, req_id)
        else:
            await self.app(scope, receive, send)

    async def _admin(self, scope: Scope, receive: Receive, send: Send, state: Any, req_id: str) -> None:
        settings: Settings = state.settings
        if scope["path"] != ADMIN_PREFIX + "/health":
            if not settings.admin_enabled:
                await _plain_error(404, "NOT_FOUND", "Admin endpoints are disabled", None, req_id)(scope, receive, send)
                return
            if settings.admin_key is not None:
                token = bearer_token(_header(scope, b"authorization"))
                if token is None or authenticate([parse_key_spec(settings.admin_key)], token) is None:
                    msg = "Missing API key" if token is None else "Invalid API key"
                    await _plain_error(401, "FORBIDDEN", msg, None, req_id)(scope, receive, send)
                    return
        await self.app(scope, receive, send)

    async def _api(self, scope: Scope, receive: Receive, send: Send, state: Any, req_id: str) -> None:
        settings: Settings = state.settings
        log: RequestLog = state.request_log
        started = time.perf_counter()
        status_holder = {"status": 0}
        key_name: str | None = None
        fault: str | None = None
        logged = False

        def record() -> None:
            # Recorded before the last byte is sent, so a client that got its answer always finds it logged.
            nonlocal logged
            if logged:
                return
            logged = True
            log.add(
                method=scope["method"],
                path=scope["path"],
                query=scope.get("query_string", b"").decode("latin-1"),
                status=status_holder["status"],
                key_name=key_name,
                duration_ms=(time.perf_counter() - started) * 1000.0,
                request_id=req_id,
                fault=fault,
            )

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", req_id.encode("ascii")))
                message["headers"] = headers
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                record()
            await send(message)

        try:
            decision = state.faults.decide()
            if decision.delay > 0:
                await asyncio.sleep(decision.delay)
            if decision.action == "drop":
                fault = "drop"
                record()
                await _drop_connection(scope)
                return
            if decision.action == "error":
                fault = f"error-{decision.status}"
                await _plain_error(
                    decision.status, "UNHANDLED_EXCEPTION", "Injected fault", "fault injected by the emulator", req_id
                )(scope, receive, send_wrapper)
                return
            if decision.action == "throttle":
                fault = "burst429"
                await problem_429(scope["path"], 1, "Rate limit exceeded (injected burst)")(scope, receive, send_wrapper)
                return

            token = bearer_token(_header(scope, b"authorization"))
            key = None if token is None else authenticate(settings.api_keys, token)
            if key is None:
                msg = "Missing API key" if token is None else "Invalid API key"
                await _plain_error(401, "FORBIDDEN", msg, None, req_id)(scope, receive, send_wrapper)
                return
            key_name = key.name
            scope[SCOPE_KEY] = key

            wait = state.limiter.acquire(key.name)
            if wait:
                wait = min(wait, settings.retry_after_cap)
                detail = f"Rate limit of {settings.rate_limit} requests per minute exceeded"
                await problem_429(scope["path"], wait, detail)(scope, receive, send_wrapper)
                return

            length = _header(scope, b"content-length")
            limit = settings.max_body_bytes
            if length is not None and length.isdigit() and int(length) > limit:
                await _plain_error(413, "BAD_REQUEST", "Request body too large", f"the maximum request body is {limit} bytes", req_id)(
                    scope, receive, send_wrapper
                )
                return
            try:
                await self.app(scope, _limited_receive(receive, limit), send_wrapper)
            except Exception:
                # Answer (and log) unexpected errors here so the request log sees the real 500.
                if status_holder["status"]:
                    raise
                logger.exception("unhandled error on %s %s", scope["method"], scope["path"])
                await _plain_error(500, "UNHANDLED_EXCEPTION", "Internal emulator error", None, req_id)(
                    scope, receive, send_wrapper
                )
        finally:
            record()


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _limited_receive(receive: Receive, limit: int) -> Receive:
    """Count streamed body bytes so a body without Content-Length still gets 413 past the limit."""
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
        return message

    return wrapped


async def _drop_connection(scope: Scope) -> None:
    """Abort the TCP connection (RST) without answering, so clients see a connection error."""
    transport = scope.get("extensions", {}).get(TRANSPORT_EXTENSION)
    if transport is None:
        # Served by something other than our uvicorn protocol: the closest we can do is to fail hard.
        raise ConnectionAbortedError("dropped connection requested but the transport is not reachable")
    transport.abort()
    # Let connection_lost run so the server sees the disconnect and does not try to answer.
    for _ in range(3):
        await asyncio.sleep(0)


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
    from cortex_pulumi.emulator import admin, seed

    routes: list[BaseRoute] = []
    for module in service_modules():
        routes.extend(module.routes)
    routes.extend(admin.routes)
    app = Starlette(
        routes=routes,
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
