"""The secrets page: each secret's tag, name and id. Never its value: only the public view is read."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from cortex_pulumi.emulator.services import secret
from cortex_pulumi.emulator.store import Cursor

from .page import page


@page("/secrets", "secrets.html", "secrets", menu=(4, "Secrets"))
def secrets(request: Request, tx: Cursor) -> dict[str, Any]:
    # secret.public is the API's SecretResponse: tag, name and id, the value left out by construction.
    return {"secrets": [secret.public(doc) for doc in tx.list("secret")]}
