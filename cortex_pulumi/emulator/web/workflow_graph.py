"""A workflow's `outgoingActions` drawn server-side as an SVG: actions in layers from the root down."""

from __future__ import annotations

from typing import Any

import attrs

WIDTH, HEIGHT, GAP_X, GAP_Y, MARGIN = 180, 46, 28, 42, 12
#: Longer action names are cut in the boxes (the block list beside the diagram has them whole).
MAX_NAME = 24


@attrs.frozen
class Box:
    slug: str
    name: str
    kind: str
    x: int
    y: int


@attrs.frozen
class Arrow:
    path: str
    back: bool
    """Goes to an earlier layer (a loop) or to an unknown action."""


@attrs.frozen
class Graph:
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]
    width: int
    height: int


def _layers(actions: list[dict[str, Any]]) -> dict[str, int]:
    """Each action's layer: breadth-first from the root actions (then from any action nothing reached)."""
    outgoing = {a["slug"]: [s for s in a["outgoingActions"]] for a in actions}
    layer: dict[str, int] = {}
    starts = [a["slug"] for a in actions if a.get("isRootAction")] + [a["slug"] for a in actions]
    for start in starts:
        if start in layer:
            continue
        layer[start] = 0 if not layer else max(layer.values()) + 1
        queue = [start]
        while queue:
            slug = queue.pop(0)
            for target in outgoing.get(slug, ()):
                if target in outgoing and target not in layer:
                    layer[target] = layer[slug] + 1
                    queue.append(target)
    return layer


def _cut(text: str) -> str:
    return text if len(text) <= MAX_NAME else text[: MAX_NAME - 1] + "…"


def layout(actions: list[dict[str, Any]]) -> Graph:
    layer = _layers(actions)
    rows: dict[int, list[dict[str, Any]]] = {}
    for action in actions:
        rows.setdefault(layer[action["slug"]], []).append(action)
    widest = max((len(row) for row in rows.values()), default=1)
    width = MARGIN * 2 + widest * WIDTH + (widest - 1) * GAP_X
    boxes: dict[str, Box] = {}
    for depth, row in sorted(rows.items()):
        row_width = len(row) * WIDTH + (len(row) - 1) * GAP_X
        for index, action in enumerate(row):
            x = (width - row_width) // 2 + index * (WIDTH + GAP_X)
            boxes[action["slug"]] = Box(action["slug"], _cut(str(action.get("name") or action["slug"])),
                                        str(action["schema"].get("type", "")), x, MARGIN + depth * (HEIGHT + GAP_Y))
    arrows = [_arrow(boxes[a["slug"]], boxes[t]) for a in actions for t in a["outgoingActions"] if t in boxes]
    height = MARGIN * 2 + (len(rows) or 1) * (HEIGHT + GAP_Y) - GAP_Y
    return Graph(tuple(boxes.values()), tuple(arrows), width, height)


def _arrow(source: Box, target: Box) -> Arrow:
    x1, y1 = source.x + WIDTH // 2, source.y + HEIGHT
    x2, y2 = target.x + WIDTH // 2, target.y
    if target.y > source.y:
        middle = (y1 + y2) // 2
        return Arrow(f"M{x1},{y1} C{x1},{middle} {x2},{middle} {x2},{y2 - 2}", back=False)
    # A loop back up: leave from the right side and come round into the target's right side.
    right = max(source.x, target.x) + WIDTH + GAP_X // 2
    sy, ty = source.y + HEIGHT // 2, target.y + HEIGHT // 2
    return Arrow(f"M{source.x + WIDTH},{sy} C{right},{sy} {right},{ty} {target.x + WIDTH + 2},{ty}", back=True)
