"""The workflows pages: each workflow's blocks in order, a diagram of where each leads, filter and variables."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from cortex_pulumi.emulator.store import Cursor

from .page import NotFound, page
from .workflow_graph import HEIGHT, WIDTH, layout

WORKFLOW = "workflow"


def _settings(schema: dict[str, Any]) -> list[tuple[str, str]]:
    """An action's settings besides its type, as text (templates such as {{context.secrets.x}} are references:
    the values live in the secrets store, which no page reads)."""
    return [(key, value if isinstance(value, str) else repr(value)) for key, value in schema.items() if key != "type"]


@page("/workflows", "workflows.html", "workflows", menu=(3, "Workflows"))
def workflows(request: Request, tx: Cursor) -> dict[str, Any]:
    return {"workflows": tx.list(WORKFLOW)}


@page("/workflows/{tag}", "workflow.html", "workflows")
def workflow(request: Request, tx: Cursor) -> dict[str, Any]:
    tag = request.path_params["tag"]
    definition = tx.get(WORKFLOW, tag)
    if definition is None:
        raise NotFound(f"No workflow has the tag {tag!r}.")
    actions = definition["actions"]
    blocks = [{**action, "settings": _settings(action["schema"])} for action in actions]
    return {"workflow": definition, "blocks": blocks, "graph": layout(actions), "box_size": (WIDTH, HEIGHT),
            "slugs": {a["slug"] for a in actions}}
