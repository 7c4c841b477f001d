"""Serving the emulator with uvicorn: the in-process `Emulator` (tests) and `serve()` (the CLI).

``Emulator(host="127.0.0.1", port=0, db=":memory:", api_keys={"<token>": "ADMIN"}, rate_limit=1000,
rate_limit_mode="token-bucket", seed=None, faults=None, admin_enabled=True, admin_key=None,
evaluation_seconds=2.0)``:

- ``.start()`` binds the socket, runs uvicorn in a daemon thread and returns ``self`` once it answers;
- ``.url`` (``http://127.0.0.1:<port>``), ``.port``, ``.app`` (the Starlette app), ``.store``;
- ``.reset()`` (data, request log, faults, rate buckets), ``.stop()``; also a context manager;
- ``.set_faults(errorRate=..., dropRate=..., latencyMs=..., burst429=...)`` or ``.set_faults(FaultConfig)``,
  ``.faults()`` (current config as a dict), ``.clear_faults()``;
- ``.requests(method=None, path_prefix=None)`` / ``.clear_requests()`` (the request log);
- ``.register_entity(tag, type="service", name=None, groups=(), custom_data=None, owners=None)``.

Without ``api_keys`` the only key is ``local-admin-token`` (ADMIN).

Dropped connections: `transport_protocol(base)` wraps uvicorn's HTTP protocol class so every request's
scope carries its asyncio transport (``scope["extensions"]["cortex.transport"]``); the fault injector
calls ``transport.abort()`` on it, which closes the TCP connection without any HTTP answer.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import uvicorn
from uvicorn.config import HTTP_PROTOCOLS
from uvicorn.importer import import_from_string

from cortex_pulumi.emulator.admin import reset_app
from cortex_pulumi.emulator.app import build_app
from cortex_pulumi.emulator.entities import register_entity
from cortex_pulumi.emulator.faults import FaultConfig
from cortex_pulumi.emulator.pipeline import TRANSPORT_EXTENSION
from cortex_pulumi.emulator.settings import Settings
from cortex_pulumi.emulator.store import Store

logger = logging.getLogger(__name__)


def transport_protocol(base: type[asyncio.Protocol]) -> type[asyncio.Protocol]:
    """Subclass a uvicorn HTTP protocol so the ASGI scope exposes the connection's transport."""

    class TransportExposingProtocol(base):  # type: ignore[valid-type,misc]
        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            inner: Any = getattr(self, "app")  # noqa: B009 - set by uvicorn's protocol __init__

            async def app(scope: Any, receive: Any, send: Any) -> None:
                scope["extensions"] = {**(scope.get("extensions") or {}), TRANSPORT_EXTENSION: transport}
                await inner(scope, receive, send)

            self.app = app

    TransportExposingProtocol.__name__ = f"TransportExposing{base.__name__}"
    return TransportExposingProtocol


def http_protocol_class() -> type[asyncio.Protocol]:
    """uvicorn's automatic choice (httptools when installed, else h11), made transport-exposing."""
    base = import_from_string(HTTP_PROTOCOLS["auto"])
    return transport_protocol(base)


def bind_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose proto says TCP, and
    # without it Nagle + delayed ACK add ~40 ms to every keep-alive response.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


class EmulatorServer(uvicorn.Server):
    """A uvicorn server that reports readiness through a callback (no signal handlers off the main thread)."""

    def __init__(self, config: uvicorn.Config, on_ready: Callable[[], None] | None = None) -> None:
        super().__init__(config)
        self._on_ready = on_ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and self._on_ready is not None:
            self._on_ready()


def make_config(app: Any, log_level: str = "warning") -> uvicorn.Config:
    return uvicorn.Config(
        app,
        http=http_protocol_class(),
        lifespan="off",
        log_level=log_level,
        access_log=False,
        timeout_keep_alive=30,
        ws="none",
        proxy_headers=False,
        server_header=False,
    )


class Emulator:
    """An emulator running in a background thread of this process."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        db: str = ":memory:",
        api_keys: dict[str, Any] | None = None,
        rate_limit: int = 1000,
        rate_limit_mode: str = "token-bucket",
        seed: str | None = None,
        faults: FaultConfig | dict[str, Any] | None = None,
        admin_enabled: bool = True,
        admin_key: str | None = None,
        evaluation_seconds: float = 2.0,
        externally_managed_teams: frozenset[str] = frozenset(),
    ) -> None:
        fault_config = FaultConfig.from_dict(faults) if isinstance(faults, dict) else faults or FaultConfig()
        self.settings = Settings.from_keys(
            api_keys,
            host=host,
            port=port,
            db=db,
            rate_limit=rate_limit,
            rate_limit_mode=rate_limit_mode,
            seed=seed,
            faults=fault_config,
            admin_enabled=admin_enabled,
            admin_key=admin_key,
            evaluation_seconds=evaluation_seconds,
            externally_managed_teams=externally_managed_teams,
        )
        self.store: Store | None = None
        self.app: Any = None
        self._server: EmulatorServer | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None
        self.port = port

    @property
    def url(self) -> str:
        host = self.settings.host
        return f"http://{'[' + host + ']' if ':' in host else host}:{self.port}"

    def start(self, timeout: float = 15.0) -> Emulator:
        if self._thread is not None:
            return self
        self._sock = bind_socket(self.settings.host, self.settings.port)
        self.port = self._sock.getsockname()[1]
        self.settings.base_url = self.url
        try:
            self.store = Store(self.settings.db)
            self.app = build_app(self.settings, self.store)
        except BaseException:
            self.stop()  # a bad seed or database path must not leak the socket
            raise
        ready = threading.Event()
        self._server = EmulatorServer(make_config(self.app), on_ready=ready.set)
        sock = self._sock
        server = self._server
        self._thread = threading.Thread(
            target=lambda: server.run(sockets=[sock]), name=f"cortex-emulator-{self.port}", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not ready.wait(0.05):
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the Cortex emulator did not start on {self.url}")
        logger.info("Cortex emulator listening on %s", self.url)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
        if self._sock is not None:
            self._sock.close()
        if self.store is not None:
            self.store.close()
        self._server = self._thread = self._sock = None
        self.store = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _state(self) -> Any:
        if self.app is None:
            raise RuntimeError("the emulator is not running; call start() first")
        return self.app.state

    def reset(self) -> None:
        """Empty the database, request log, faults and rate-limit buckets (then re-seed, if seeded)."""
        self._state()
        reset_app(self.app)

    def set_faults(self, config: FaultConfig | dict[str, Any] | None = None, **fields: Any) -> None:
        """Replace the fault configuration, e.g. ``set_faults(error_rate=0.5, error_statuses=[503])`` (the wire's
        camelCase names, ``errorRate=0.5``, work too)."""
        if config is None:
            config = FaultConfig.from_keywords(fields)
        elif isinstance(config, dict):
            config = FaultConfig.from_keywords({**config, **fields})
        self._state().faults.configure(config)

    def clear_faults(self) -> None:
        self._state().faults.configure(FaultConfig())

    def faults(self) -> dict[str, Any]:
        config: FaultConfig = self._state().faults.config
        return config.to_dict()

    def requests(self, method: str | None = None, path_prefix: str | None = None) -> list[dict[str, Any]]:
        """The request log (oldest first), optionally filtered by method and path prefix."""
        items: list[dict[str, Any]] = self._state().request_log.entries()
        if method:
            items = [e for e in items if e["method"] == method.upper()]
        if path_prefix:
            items = [e for e in items if e["path"].startswith(path_prefix)]
        return items

    def clear_requests(self) -> None:
        self._state().request_log.clear()

    def register_entity(
        self,
        tag: str,
        type: str = "service",
        name: str | None = None,
        groups: list[str] | tuple[str, ...] = (),
        custom_data: dict[str, Any] | None = None,
        owners: dict[str, Any] | None = None,
        description: str | None = None,
    ) -> dict[str, Any]:
        """Register (or update) a catalog entity that scores, exemptions and deploys can refer to."""
        body: dict[str, Any] = {
            "tag": tag,
            "type": type,
            "name": name or tag,
            "groups": list(groups),
            "customData": custom_data or {},
            "owners": owners or {},
        }
        if description is not None:
            body["description"] = description
        store: Store = self._state().store
        with store.transaction() as tx:
            return register_entity(tx, body)
