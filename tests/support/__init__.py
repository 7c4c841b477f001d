"""Shared test helpers: API tokens of the test emulator and a small authenticated HTTP helper.

``api(emu, token=ADMIN_TOKEN)`` returns an `Api`: a ``requests.Session`` whose paths are relative to
the emulator's URL and which sends ``Authorization: Bearer <token>``::

    r = api(emu).post("/api/v1/secrets", json={...})
    api(emu, VIEWER_TOKEN).get("/api/v1/secrets").status_code == 403
    api(emu, None)  # no Authorization header

``sample(name)`` reads a shared document from ``tests/support/data/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

ADMIN_TOKEN = "admin-token"
VIEWER_TOKEN = "viewer-token"
#: High enough that no test suite is throttled unless it asks to be.
TEST_RATE_LIMIT = 1_000_000
#: Documents several suites use (the official CLI's test scorecard and workflows among them).
DATA = Path(__file__).parent / "data"


def sample(name: str) -> str:
    """The text of `tests/support/data/<name>`."""
    return (DATA / name).read_text()


class Api(requests.Session):
    """A session bound to one base URL and one bearer token."""

    def __init__(self, base_url: str, token: str | None = ADMIN_TOKEN, timeout: float = 30.0) -> None:
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        if token is not None:
            self.headers["Authorization"] = f"Bearer {token}"

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if isinstance(url, bytes):
            url = url.decode()
        if url.startswith("/"):
            url = self.base_url + url
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, url, *args, **kwargs)


def api(emu: Any, token: str | None = ADMIN_TOKEN) -> Api:
    """An `Api` for an `Emulator` (or anything with ``.url``, or a base URL string)."""
    base = emu if isinstance(emu, str) else emu.url
    return Api(base, token)
