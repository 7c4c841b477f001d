"""The emulator's workflow run model: actions run in graph order; async HTTP blocks wait for a callback.

Nothing is executed for real (no HTTP call, JQ or script runs): each action completes at once, except
``HTTP_REQUEST_ASYNC`` blocks, which pause with a ``callbackId`` until
``POST /api/v1/workflows/{tag}/callback/{callbackId}`` reports SUCCESS (continue), FAILURE (the run
fails) or UPDATE (still waiting; the message is kept). A CONDITIONAL_BRANCH takes its fallback branch
(branch expressions are not evaluated), then its joining action. A run with no waiting block is
COMPLETED when it is created.

Store kinds: ``workflow_run``/``<workflow tag>/<run id>`` -> the run document below;
``workflow_callback``/``<callback id>`` -> ``{"workflowTag", "runId", "slug"}``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

RUN = "workflow_run"
CALLBACK = "workflow_callback"
WAITING = "WAITING_FOR_CALLBACK"


def _next_slugs(action: dict[str, Any]) -> list[str]:
    schema = action["schema"]
    if schema.get("type") == "CONDITIONAL_BRANCH":
        targets = []
        fallback = schema.get("fallbackBranch") or {}
        if isinstance(fallback, dict) and isinstance(fallback.get("outgoingAction"), str):
            targets.append(fallback["outgoingAction"])
        if isinstance(schema.get("joiningAction"), str):
            targets.append(schema["joiningAction"])
        return targets + list(action["outgoingActions"])
    return list(action["outgoingActions"])


def new_run(
    definition: dict[str, Any], run_id: str, scope: dict[str, Any], body: dict[str, Any], now: str
) -> dict[str, Any]:
    """A run document before any action ran."""
    run: dict[str, Any] = {
        "id": run_id,
        "workflowTag": definition["tag"],
        "workflowName": definition["name"],
        "status": "RUNNING",
        "scope": scope,
        "initialContext": body.get("initialContext") or {},
        "createdAt": now,
        "updatedAt": now,
        "actions": [],
    }
    if body.get("runAs") is not None:
        run["runAs"] = body["runAs"]
    return run


def advance(
    run: dict[str, Any],
    definition: dict[str, Any],
    start: list[str],
    now: str,
    new_callback: Callable[[str], str],
) -> None:
    """Run actions from ``start`` (slugs) along outgoing edges; ``new_callback(slug)`` registers a wait."""
    by_slug = {a["slug"]: a for a in definition["actions"]}
    done = {step["slug"] for step in run["actions"]}
    queue = deque(start)
    while queue:
        slug = queue.popleft()
        if slug in done or slug not in by_slug:
            continue
        done.add(slug)
        action = by_slug[slug]
        step: dict[str, Any] = {"slug": slug, "name": action["name"], "type": action["schema"]["type"], "startedAt": now}
        if step["type"] == "HTTP_REQUEST_ASYNC":
            step["status"] = WAITING
            step["callbackId"] = new_callback(slug)
        else:
            step["status"] = "COMPLETED"
            step["completedAt"] = now
            queue.extend(_next_slugs(action))
        run["actions"].append(step)
    run["updatedAt"] = now
    if run["status"] == "RUNNING" and not any(s["status"] == WAITING for s in run["actions"]):
        run["status"] = "COMPLETED"
        run["completedAt"] = now


def start(run: dict[str, Any], definition: dict[str, Any], now: str, new_callback: Callable[[str], str]) -> None:
    roots = [a["slug"] for a in definition["actions"] if a["isRootAction"]]
    advance(run, definition, roots, now, new_callback)


class CallbackRejected(Exception):
    """The block is not waiting for a callback (answered 406)."""


def apply_callback(
    run: dict[str, Any],
    definition: dict[str, Any],
    slug: str,
    body: dict[str, Any],
    now: str,
    new_callback: Callable[[str], str],
) -> None:
    """Apply a SUCCESS / FAILURE / UPDATE callback to the waiting block ``slug``."""
    step = next((s for s in run["actions"] if s["slug"] == slug), None)
    if step is None or step["status"] != WAITING or run["status"] != "RUNNING":
        raise CallbackRejected(slug)
    status = body["status"]
    if status == "UPDATE":
        step.setdefault("updates", []).append({"message": body["message"], "date": now})
        run["updatedAt"] = now
        return
    step["message"] = body["message"]
    if body.get("response") is not None:
        step["response"] = body["response"]
    step["completedAt"] = now
    if status == "FAILURE":
        step["status"] = "FAILED"
        run["status"] = "FAILED"
        run["completedAt"] = now
        run["updatedAt"] = now
        return
    step["status"] = "COMPLETED"
    action = next(a for a in definition["actions"] if a["slug"] == slug)
    advance(run, definition, _next_slugs(action), now, new_callback)
