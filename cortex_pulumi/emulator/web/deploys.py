"""The deploys page: each entity's deploys, newest first, and the catalog entities they belong to."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from cortex_pulumi.emulator.entities import list_entities
from cortex_pulumi.emulator.services import deploy
from cortex_pulumi.emulator.store import Cursor

from .page import page


@page("/deploys", "deploys.html", "deploys", menu=(5, "Deploys"))
def deploys(request: Request, tx: Cursor) -> dict[str, Any]:
    by_entity: dict[str, list[dict[str, Any]]] = {}
    for key, doc in zip(tx.keys("deploy"), tx.list("deploy"), strict=True):
        by_entity.setdefault(key.split("/", 1)[0], []).append(deploy.render_listed(doc))
    for items in by_entity.values():
        items.sort(key=lambda item: item["timestamp"], reverse=True)
    return {"deploys": sorted(by_entity.items()), "entities": list_entities(tx), "teams": set(tx.keys("team"))}
