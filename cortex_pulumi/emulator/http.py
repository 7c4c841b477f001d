"""HTTP helpers shared by every emulator service: errors, bodies, query parsing, pagination, permissions.

A service module exposes ``routes: list[BaseRoute]``: ``router.routes`` of a ``Router`` its async handlers are
declared on, each with the permission it needs (checked before the handler runs: 401/403 as ApiError)::

    router = Router()

    @router.get("/api/v1/secrets/{tagOrId}", needs=CREATE_SECRETS)
    async def get_secret(request: Request) -> Response:
        with store_of(request).read() as tx:
            doc = tx.get("secret", request.path_params["tagOrId"])
        if doc is None:
            raise ApiError(404, "Secret not found", details="...")
        return json_response({...})

- ``ApiError(status, message, type=None, details=None)``: rendered by the app as an ErrorResponse
  ``{type, message, details?, httpStatus, requestId}`` (type defaults from the status: 400 BAD_REQUEST,
  401/403 FORBIDDEN, 404 NOT_FOUND, 409 CONFLICT, 405/413 BAD_REQUEST, 5xx UNHANDLED_EXCEPTION).
- ``ViolationsError(violations)`` / ``violations_response(violations)``: 400 ``{ok: false, violations}``;
  build entries with ``violation(title, description, pointer)``.
- ``read_json(request)`` / ``read_json_object(request)`` / ``read_text(request)``: 400 on malformed input.
- ``query_bool``, ``query_str``, ``query_int``: case-insensitive booleans, 400 naming the parameter.
- ``page_params(request)`` -> (page, pageSize) validated (page >= 0, 1 <= pageSize <= 1000, defaults 0/250);
  ``paginate(request, items, data_key)`` -> the ``{page, total, totalPages, <data_key>}`` dict;
  ``envelope(page, size, total, items, data_key)`` builds it from a store-side slice (count + list).
- ``json_response``, ``yaml_response`` (raw text or data dumped as YAML), ``empty_response(status)``.
- ``api_key(request)`` -> the caller's ``ApiKey``; ``require(request, permission)`` also checks a permission
  (for a check that depends on the request; the route's own permission is ``needs=``).
- ``routing_order(routes)``: literal path segments before templates, across every module (the app's order).
- ``store_of(request)`` / ``settings_of(request)``: ``request.app.state.store`` / ``.settings``.
- ``new_id(prefix)``: 18 characters, prefix + 16 lowercase hex (use a 2-character prefix: "se", "en").
- ``now_iso()``: the current UTC time as ``2024-01-01T10:00:00.123Z``.
- Field readers ``field_str``, ``field_bool``, ``field_list``, ``field_obj`` raise 400 naming the field.
"""

from __future__ import annotations

import datetime
import functools
import json
import math
import re
import secrets as _secrets
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

import yaml
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from cortex_pulumi.emulator.auth import ApiKey

if TYPE_CHECKING:
    from cortex_pulumi.emulator.settings import Settings
    from cortex_pulumi.emulator.store import Store

DEFAULT_PAGE_SIZE = 250
MAX_PAGE_SIZE = 1000
_MISSING: Any = object()

_DEFAULT_TYPES = {
    400: "BAD_REQUEST",
    401: "FORBIDDEN",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "BAD_REQUEST",
    406: "BAD_REQUEST",
    408: "REQUEST_TIMEOUT",
    409: "CONFLICT",
    413: "BAD_REQUEST",
    415: "BAD_REQUEST",
}

# Scope keys the middleware fills in for every request.
SCOPE_KEY = "cortex.key"
SCOPE_REQUEST_ID = "cortex.request_id"


class ApiError(Exception):
    """An error answered as a Cortex ErrorResponse."""

    def __init__(self, status: int, message: str, type: str | None = None, details: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type or _DEFAULT_TYPES.get(status, "UNHANDLED_EXCEPTION" if status >= 500 else "BAD_REQUEST")
        self.details = details


class ViolationsError(Exception):
    """A descriptor validation failure answered as 400 ``{ok: false, violations: [...]}``."""

    def __init__(self, violations: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(str(v.get("description", v.get("title", ""))) for v in violations))
        self.violations = violations


def violation(
    title: str,
    description: str,
    pointer: str = "/",
    violation_type: str = "MUST",
    start_line: int | None = None,
    end_line: int | None = None,
) -> dict[str, Any]:
    """One ViolationDTO entry; ``pointer`` is a JSON pointer to the offending field."""
    out: dict[str, Any] = {
        "title": title,
        "description": description,
        "violationType": violation_type,
        "ruleLink": "https://docs.cortex.io/",
        "paths": [pointer],
        "pointer": pointer,
    }
    if start_line is not None:
        out["startLine"] = start_line
    if end_line is not None:
        out["endLine"] = end_line
    return out


def request_id(request: Request) -> str:
    return str(request.scope.get(SCOPE_REQUEST_ID, ""))


def error_body(status: int, type: str, message: str, details: str | None, req_id: str) -> dict[str, Any]:
    body: dict[str, Any] = {"type": type, "message": message, "httpStatus": status, "requestId": req_id}
    if details is not None:
        body["details"] = details
    return body


def error_response(request: Request, err: ApiError) -> JSONResponse:
    return JSONResponse(
        error_body(err.status, err.type, err.message, err.details, request_id(request)), status_code=err.status
    )


def violations_response(violations: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse({"ok": False, "violations": violations}, status_code=400)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=headers)


def yaml_dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)


def yaml_response(data: Any, status: int = 200) -> Response:
    """Raw YAML: ``data`` is sent as-is when it is a str, otherwise dumped (key order preserved)."""
    text = data if isinstance(data, str) else yaml_dump(data)
    return Response(text, status_code=status, media_type="application/yaml")


def empty_response(status: int = 200) -> Response:
    return Response(b"", status_code=status)


def wants_yaml(request: Request) -> bool:
    """True when the first JSON or YAML media type in the Accept header is a YAML one."""
    for item in request.headers.get("accept", "").lower().split(","):
        media = item.split(";", 1)[0].strip()
        if "yaml" in media:
            return True
        if "json" in media:
            return False
    return False


# --- bodies -----------------------------------------------------------------------------------------


async def read_text(request: Request) -> str:
    raw = await request.body()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "Request body is not valid UTF-8 text", details=str(exc)) from None


async def read_json(request: Request, default: Any = _MISSING) -> Any:
    """Parse the JSON body; an empty body gives ``default`` (400 "body is required" when no default)."""
    text = await read_text(request)
    if not text.strip():
        if default is _MISSING:
            raise ApiError(400, "A JSON request body is required")
        return default
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ApiError(400, "Request body is not valid JSON", details=f"{exc.msg} at line {exc.lineno}") from None
    except RecursionError:
        raise ApiError(400, "Request body nests too deeply", details="JSON nested beyond what can be read") from None


async def read_json_object(request: Request) -> dict[str, Any]:
    data = await read_json(request)
    if not isinstance(data, dict):
        raise ApiError(400, "Request body must be a JSON object", details=f"got {type(data).__name__}")
    return data


# --- fields -----------------------------------------------------------------------------------------


def _field(body: dict[str, Any], name: str, where: str, required: bool, kind: type | None = None,
           what: str = "") -> Any:
    """The field's value (None when absent and optional); 400 naming the field when absent or not a `kind`."""
    value = body.get(name)
    label = where or name
    if value is None and required:
        raise ApiError(400, f"Field '{label}' is required", details=f"missing field: {label}")
    if value is not None and kind is not None and not isinstance(value, kind):
        raise ApiError(400, f"Field '{label}' must be {what}", details=f"invalid field: {label}")
    return value


def field_str(
    body: dict[str, Any], name: str, *, required: bool = True, where: str = "", allow_empty: bool = False
) -> str | None:
    value = _field(body, name, where, required, str, "a string")
    if value is not None and not allow_empty and required and not value.strip():
        label = where or name
        raise ApiError(400, f"Field '{label}' must not be empty", details=f"invalid field: {label}")
    return value


def field_bool(body: dict[str, Any], name: str, *, required: bool = True, where: str = "") -> bool | None:
    return _field(body, name, where, required, bool, "a boolean")


def field_list(body: dict[str, Any], name: str, *, required: bool = True, where: str = "") -> list[Any] | None:
    return _field(body, name, where, required, list, "an array")


def field_obj(body: dict[str, Any], name: str, *, required: bool = True, where: str = "") -> dict[str, Any] | None:
    return _field(body, name, where, required, dict, "an object")


# --- query ------------------------------------------------------------------------------------------


def query_str(request: Request, name: str, required: bool = False) -> str | None:
    value = request.query_params.get(name)
    if value is None and required:
        raise ApiError(400, f"Query parameter '{name}' is required", details=f"missing parameter: {name}")
    return value


def query_bool(request: Request, name: str, default: bool = False) -> bool:
    """Parse a boolean query parameter case-insensitively (the official CLI sends ``True``/``False``)."""
    value = request.query_params.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise ApiError(400, f"Query parameter '{name}' must be true or false", details=f"invalid parameter: {name}")


def query_int(request: Request, name: str, default: int, minimum: int | None = None, maximum: int | None = None) -> int:
    value = request.query_params.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ApiError(400, f"Query parameter '{name}' must be an integer", details=f"invalid parameter: {name}") from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise ApiError(400, f"Query parameter '{name}' must be {bounds}", details=f"invalid parameter: {name}")
    return number


def page_params(request: Request) -> tuple[int, int]:
    page = query_int(request, "page", 0, minimum=0, maximum=2**31 - 1)
    size = query_int(request, "pageSize", DEFAULT_PAGE_SIZE, minimum=1, maximum=MAX_PAGE_SIZE)
    return page, size


def envelope(page: int, size: int, total: int, items: list[Any], data_key: str) -> dict[str, Any]:
    return {"page": page, "total": total, "totalPages": math.ceil(total / size) if total else 0, data_key: items}


def paginate(request: Request, items: list[Any], data_key: str) -> dict[str, Any]:
    """Slice an in-memory list into the Cortex pagination envelope."""
    page, size = page_params(request)
    start = page * size
    return envelope(page, size, len(items), items[start : start + size], data_key)


# --- context ----------------------------------------------------------------------------------------


def api_key(request: Request) -> ApiKey:
    key = request.scope.get(SCOPE_KEY)
    if not isinstance(key, ApiKey):
        raise ApiError(401, "Missing API key")
    return key


def require(request: Request, permission: str) -> ApiKey:
    """Return the caller's key, or raise 403 when it lacks ``permission``."""
    key = api_key(request)
    if not key.has(permission):
        raise ApiError(403, f"API key lacks the '{permission}' permission", details=f"required permission: {permission}")
    return key


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def new_id(prefix: str) -> str:
    """An 18-character Cortex id: a 2-character prefix plus 16 lowercase hex digits."""
    if len(prefix) != 2:
        raise ValueError("id prefixes are two characters (e.g. 'se', 'en')")
    return prefix + _secrets.token_hex(8)


def now_iso() -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


Handler = Callable[[Request], Awaitable[Response]]


class Router:
    """A service's routes, declared on their handlers with the permission each needs:
    ``@router.get("/api/v1/secrets/{tagOrId}", needs=CREATE_SECRETS)``."""

    def __init__(self) -> None:
        self._routes: list[Route] = []

    def route(self, method: str, path: str, needs: str | None) -> Callable[[Handler], Handler]:
        """Register the decorated handler for ``method`` on ``path``. A caller whose key lacks the permission
        ``needs`` gets 403 before the handler runs; ``None``: any valid key may call it."""

        def register(handler: Handler) -> Handler:
            @functools.wraps(handler)
            async def endpoint(request: Request) -> Response:
                if needs is None:
                    api_key(request)  # 401 without a valid key
                else:
                    require(request, needs)
                return await handler(request)

            self._routes.append(Route(path, endpoint, methods=[method]))
            return handler

        return register

    def get(self, path: str, *, needs: str | None) -> Callable[[Handler], Handler]:
        return self.route("GET", path, needs)

    def post(self, path: str, *, needs: str | None) -> Callable[[Handler], Handler]:
        return self.route("POST", path, needs)

    def put(self, path: str, *, needs: str | None) -> Callable[[Handler], Handler]:
        return self.route("PUT", path, needs)

    def delete(self, path: str, *, needs: str | None) -> Callable[[Handler], Handler]:
        return self.route("DELETE", path, needs)

    @property
    def routes(self) -> list[BaseRoute]:
        """The routes in routing order (`routing_order`)."""
        return routing_order(self._routes)


def _segments(route: BaseRoute) -> tuple[bool, ...]:
    """Per path segment, whether it is a template (``{tagOrId}``): the sort key of `routing_order`."""
    return tuple("{" in segment for segment in getattr(route, "path", "").split("/"))


def _shape(route: BaseRoute) -> str:
    return re.sub(r"\{[^}]*\}", "{}", getattr(route, "path", ""))


def routing_order(routes: Iterable[BaseRoute]) -> list[BaseRoute]:
    """``routes`` ordered so that, wherever two paths differ, a literal segment comes before a template.

    Starlette takes the first route that matches, so ``/teams/relationships`` must come before
    ``/teams/{tagOrId}`` whichever module declares them; with this order the outcome of routing does not
    depend on the order modules or handlers are declared in. Two routes for the same method and the same
    path shape would make it depend on that order again: ValueError naming them.
    """
    ordered = sorted(routes, key=_segments)
    seen: dict[tuple[str, str], str] = {}
    for route in ordered:
        for method in sorted(getattr(route, "methods", None) or ()):
            key = (method, _shape(route))
            if key in seen:
                raise ValueError(f"two routes for {method} {key[1]}: {seen[key]} and {getattr(route, 'path', '')}")
            seen[key] = getattr(route, "path", "")
    return ordered
