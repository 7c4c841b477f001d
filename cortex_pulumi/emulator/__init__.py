"""A local Cortex API emulator (like moto for AWS): ``Emulator`` in-process or ``python -m cortex_pulumi.emulator``.

In-process use::

    from cortex_pulumi.emulator import Emulator
    with Emulator(api_keys={"admin-token": "ADMIN", "viewer-token": "VIEWER"}) as emu:
        requests.get(emu.url + "/api/v1/secrets", headers={"Authorization": "Bearer admin-token"})

Without ``api_keys`` the single key ``local-admin-token`` (role ADMIN) is accepted. The web stack (Starlette,
uvicorn) is the ``emulator`` extra: ``pip install 'cortex-pulumi[emulator]'``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cortex_pulumi.emulator.settings import DEFAULT_API_KEY, Settings

if TYPE_CHECKING:
    from cortex_pulumi.emulator.server import Emulator

__all__ = ["DEFAULT_API_KEY", "INSTALL_HINT", "WEB_STACK", "Emulator", "Settings", "missing_web_stack"]

#: Top-level modules of the ``emulator`` extra.
WEB_STACK = frozenset({"starlette", "uvicorn", "httptools", "uvloop", "h11", "anyio"})
INSTALL_HINT = "the Cortex emulator needs its extra: pip install 'cortex-pulumi[emulator]'"


def missing_web_stack(error: ModuleNotFoundError) -> str | None:
    """The name of the missing web-stack module behind `error`, or None if something else is missing."""
    name = (error.name or "").split(".", 1)[0]
    return name if name in WEB_STACK else None


def __getattr__(name: str) -> Any:
    # Loaded on first use, so that `cortex-emulator` without the extra can say how to install it.
    if name != "Emulator":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        from cortex_pulumi.emulator.server import Emulator
    except ModuleNotFoundError as exc:
        missing = missing_web_stack(exc)
        if missing is None:
            raise
        raise ModuleNotFoundError(f"No module named {missing!r}: {INSTALL_HINT}", name=missing) from exc
    return Emulator
