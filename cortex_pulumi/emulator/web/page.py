"""How every page of the web view is served: the admin gate, a read snapshot of the store, a Jinja2 template."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
from collections.abc import Awaitable, Callable
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from cortex_pulumi.emulator.auth import authenticate, bearer_token, parse_key_spec
from cortex_pulumi.emulator.store import Cursor

#: Autoescape everything: every name shown comes from a program or a seed and may hold markup.
ENVIRONMENT = jinja2.Environment(loader=jinja2.PackageLoader("cortex_pulumi.emulator.web", "templates"),
                                 autoescape=True, undefined=jinja2.ChainableUndefined, trim_blocks=True,
                                 lstrip_blocks=True)
#: Links from programs are made clickable only for these schemes (never `javascript:`).
WEB_SCHEMES = ("http://", "https://", "mailto:")
ENVIRONMENT.filters["web_link"] = lambda url: isinstance(url, str) and url.lower().startswith(WEB_SCHEMES)


def when(value: Any) -> str:
    """An ISO timestamp as `2026-12-01 10:00 UTC` (anything else as it is)."""
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value or "")
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


ENVIRONMENT.filters["when"] = when
REALM = 'Basic realm="Cortex emulator", charset="UTF-8"'
Handler = Callable[[Request, Cursor], dict[str, Any]]


class NotFound(Exception):
    """The object a page is about does not exist (answered with a 404 page naming it)."""


def _presented_key(request: Request) -> str | None:
    """The admin key from `Authorization: Bearer K`, or from Basic auth (any user, password K: a browser asks)."""
    header = request.headers.get("authorization")
    if header and header.lower().startswith("basic "):
        try:
            return base64.b64decode(header[6:].strip(), validate=True).decode().partition(":")[2]
        except (binascii.Error, UnicodeDecodeError):
            return None
    return bearer_token(header)


def refusal(request: Request) -> Response | None:
    """The answer for a request the admin settings refuse (as for /_emulator), or None to serve it."""
    settings = request.app.state.settings
    if not settings.admin_enabled:
        return _html("not_found.html", 404, what="The web view is off (the emulator runs with --no-admin).")
    if settings.admin_key is None:
        return None
    key = _presented_key(request)
    if key is not None and authenticate([parse_key_spec(settings.admin_key)], key) is not None:
        return None
    response = _html("not_found.html", 401, what="The web view needs the emulator's admin key (--admin-key): "
                     "give it as the password.")
    response.headers["WWW-Authenticate"] = REALM
    return response


def _html(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(ENVIRONMENT.get_template(template).render(**context), status_code=status)


#: The header's links, (position, label, path, section) as the pages that have one declare them (`page(menu=...)`).
MENU: list[tuple[int, str, str, str]] = []
ENVIRONMENT.globals["menu"] = lambda: sorted(MENU)


def page(path: str, template: str, section: str, *, menu: tuple[int, str] | None = None) -> Callable[[Handler], Route]:
    """A read-only page at `path`: the handler reads the store in one snapshot and returns the template's data.
    `menu`: (position, label) of the page's link in the header, for the page a section opens with."""
    if menu is not None:
        MENU.append((*menu, path, section))

    def wrap(handler: Handler) -> Route:
        @functools.wraps(handler)
        async def endpoint(request: Request) -> Response:
            refused = refusal(request)
            if refused is not None:
                return refused
            try:
                with request.app.state.store.read() as tx:
                    context = handler(request, tx)
            except NotFound as exc:
                return _html("not_found.html", 404, what=str(exc), section=section)
            return _html(template, section=section, **context)

        served: Callable[[Request], Awaitable[Response]] = endpoint
        return Route(path, served, methods=["GET"], name=f"web:{handler.__name__}")

    return wrap
