"""The /api/v1 request pipeline: named steps (faults, authentication, rate limit, body limit), then the route.

Each step looks at one `Call` and either answers it (returning True, which ends the pipeline) or passes it on.
Whatever happens, the call is written to the request log once, before the last byte of its answer leaves.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.responses import JSONResponse, Response

from cortex_pulumi.emulator.auth import authenticate, bearer_token
from cortex_pulumi.emulator.http import SCOPE_KEY, ApiError, error_body

logger = logging.getLogger("cortex_pulumi.emulator.app")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Scope extension key under which the server protocol exposes the connection's transport.
TRANSPORT_EXTENSION = "cortex.transport"


class BodyTooLarge(ApiError):
    def __init__(self, limit: int) -> None:
        super().__init__(413, "Request body too large", details=f"the maximum request body is {limit} bytes")


def problem_429(path: str, retry_after: int, detail: str) -> JSONResponse:
    body = {"type": "about:blank", "title": "Too Many Requests", "status": 429, "detail": detail, "instance": path,
            "retryAfter": retry_after}
    return JSONResponse(
        body, status_code=429, media_type="application/problem+json", headers={"Retry-After": str(retry_after)}
    )


def plain_error(status: int, type_: str, message: str, details: str | None, req_id: str) -> JSONResponse:
    return JSONResponse(error_body(status, type_, message, details, req_id), status_code=status)


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class Call:
    """One /api/v1 request on its way through the pipeline, and what its request-log entry records."""

    def __init__(self, scope: Scope, receive: Receive, send: Send, state: Any, req_id: str) -> None:
        self.scope, self.receive, self._send, self.state, self.req_id = scope, receive, send, state, req_id
        self.started = time.perf_counter()
        self.status = 0
        self.key_name: str | None = None
        self.fault: str | None = None
        self._logged = False

    def record(self) -> None:
        """Log the call once; done before the last byte is sent, so a client that got its answer finds it."""
        if self._logged:
            return
        self._logged = True
        self.state.request_log.add(
            method=self.scope["method"], path=self.scope["path"],
            query=self.scope.get("query_string", b"").decode("latin-1"), status=self.status,
            key_name=self.key_name, duration_ms=(time.perf_counter() - self.started) * 1000.0,
            request_id=self.req_id, fault=self.fault,
        )

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            message["headers"] = [*message.get("headers", []), (b"x-request-id", self.req_id.encode("ascii"))]
        elif message["type"] == "http.response.body" and not message.get("more_body", False):
            self.record()
        await self._send(message)

    async def answer(self, response: Response) -> bool:
        await response(self.scope, self.receive, self.send)
        return True

    async def error(self, status: int, type_: str, message: str, details: str | None = None) -> bool:
        return await self.answer(plain_error(status, type_, message, details, self.req_id))


async def inject_fault(call: Call) -> bool:
    """Latency, then a dropped connection, an injected 5xx or a 429 burst, as the fault settings decide."""
    decision = call.state.faults.decide()
    if decision.delay > 0:
        await asyncio.sleep(decision.delay)
    if decision.action == "drop":
        call.fault = "drop"
        call.record()
        await drop_connection(call.scope)
        return True
    if decision.action == "error":
        call.fault = f"error-{decision.status}"
        return await call.error(decision.status, "UNHANDLED_EXCEPTION", "Injected fault", "fault injected by the emulator")
    if decision.action == "throttle":
        call.fault = "burst429"
        return await call.answer(problem_429(call.scope["path"], 1, "Rate limit exceeded (injected burst)"))
    return False


async def authenticate_key(call: Call) -> bool:
    """401 without a known bearer key; else the key is put in the scope for the routes."""
    token = bearer_token(header(call.scope, b"authorization"))
    key = None if token is None else authenticate(call.state.settings.api_keys, token)
    if key is None:
        return await call.error(401, "FORBIDDEN", "Missing API key" if token is None else "Invalid API key")
    call.key_name = key.name
    call.scope[SCOPE_KEY] = key
    return False


async def limit_rate(call: Call) -> bool:
    """429 problem+json with Retry-After when the key is over its rate limit."""
    settings = call.state.settings
    wait = call.state.limiter.acquire(call.key_name)
    if not wait:
        return False
    detail = f"Rate limit of {settings.rate_limit} requests per minute exceeded"
    return await call.answer(problem_429(call.scope["path"], min(wait, settings.retry_after_cap), detail))


async def limit_body(call: Call) -> bool:
    """413 for a declared Content-Length over the limit (streamed bodies are counted by `limited_receive`)."""
    length = header(call.scope, b"content-length")
    limit = call.state.settings.max_body_bytes
    if length is not None and length.isdigit() and int(length) > limit:
        return await call.error(413, "BAD_REQUEST", "Request body too large", f"the maximum request body is {limit} bytes")
    return False


#: The steps every /api/v1 request passes, in order, before its route.
STEPS: tuple[Callable[[Call], Awaitable[bool]], ...] = (inject_fault, authenticate_key, limit_rate, limit_body)


async def dispatch(app: ASGIApp, call: Call) -> None:
    """Run the route; an unexpected error is answered (and logged) here, so the request log sees the real 500."""
    try:
        await app(call.scope, limited_receive(call.receive, call.state.settings.max_body_bytes), call.send)
    except Exception:
        if call.status:
            raise
        logger.exception("unhandled error on %s %s", call.scope["method"], call.scope["path"])
        await call.error(500, "UNHANDLED_EXCEPTION", "Internal emulator error")


async def run_api_request(app: ASGIApp, call: Call) -> None:
    """The whole pipeline of one /api/v1 request."""
    try:
        for step in STEPS:
            if await step(call):
                return
        await dispatch(app, call)
    finally:
        call.record()


def limited_receive(receive: Receive, limit: int) -> Receive:
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


async def drop_connection(scope: Scope) -> None:
    """Abort the TCP connection (RST) without answering, so clients see a connection error."""
    transport = scope.get("extensions", {}).get(TRANSPORT_EXTENSION)
    if transport is None:
        # Served by something other than our uvicorn protocol: the closest we can do is to fail hard.
        raise ConnectionAbortedError("dropped connection requested but the transport is not reachable")
    transport.abort()
    # Let connection_lost run so the server sees the disconnect and does not try to answer.
    for _ in range(3):
        await asyncio.sleep(0)
