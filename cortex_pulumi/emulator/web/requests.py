"""The request log page: time, method, path, status, latency and the key's name (the log never holds tokens)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.requests import Request

from cortex_pulumi.emulator.store import Cursor

from .page import page

#: Status filters offered as links: a class of statuses, or one status.
CLASSES = {"2xx": range(200, 300), "4xx": range(400, 500), "5xx": range(500, 600), "dropped": range(0, 1)}
SHOWN = 500


def _matches(status: int, wanted: str) -> bool:
    if wanted in CLASSES:
        return status in CLASSES[wanted]
    return str(status) == wanted


@page("/requests", "requests.html", "requests", menu=(6, "Requests"))
def requests(request: Request, tx: Cursor) -> dict[str, Any]:
    wanted = request.query_params.get("status", "")
    entries = request.app.state.request_log.entries()
    statuses = sorted({entry["status"] for entry in entries})
    if wanted:
        entries = [entry for entry in entries if _matches(entry["status"], wanted)]
    rows = [{**entry, "when": dt.datetime.fromtimestamp(entry["time"], dt.timezone.utc).strftime("%H:%M:%S.%f")[:-3]}
            for entry in reversed(entries[-SHOWN:])]
    return {"rows": rows, "total": len(entries), "shown": SHOWN, "wanted": wanted,
            "filters": [*CLASSES, *map(str, statuses)]}
