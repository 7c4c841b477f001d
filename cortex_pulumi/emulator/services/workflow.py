"""Emulator routes for workflows: upsert (JSON or YAML), list, get, validate, delete, runs and callbacks.

Store: ``workflow``/``<tag>`` -> the normalised `WorkflowDefinition` (see workflow_model.py); runs and
callbacks as described in workflow_runs.py. Responses are JSON, or YAML when ``Accept`` asks for it.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from cortex_pulumi.emulator.auth import EDIT_WORKFLOW_RUNS, EDIT_WORKFLOWS, VIEW_WORKFLOWS
from cortex_pulumi.emulator.checks import every
from cortex_pulumi.emulator.entities import find_entity
from cortex_pulumi.emulator.http import (
    ApiError,
    Router,
    ViolationsError,
    empty_response,
    field_obj,
    field_str,
    json_response,
    new_id,
    now_iso,
    paginate,
    query_bool,
    query_str,
    read_json_object,
    read_text,
    store_of,
    wants_yaml,
    yaml_dump,
    yaml_response,
)
from cortex_pulumi.emulator.seed import SeedSection
from cortex_pulumi.emulator.services import workflow_model as model, workflow_runs as runs
from cortex_pulumi.emulator.store import Cursor

WORKFLOW = "workflow"
CALLBACK_STATUSES = frozenset({"SUCCESS", "FAILURE", "UPDATE"})


router = Router()


def _render(request: Request, data: Any) -> Response:
    return yaml_response(data) if wants_yaml(request) else json_response(data)


def _load(tx: Cursor, tag: str) -> dict[str, Any]:
    definition = tx.get(WORKFLOW, tag)
    if definition is None:
        raise ApiError(404, f"Workflow '{tag}' not found", details=f"no workflow has tag {tag}")
    return definition


async def _definition(request: Request) -> dict[str, Any]:
    text = await read_text(request)
    try:
        return model.load(text, request.headers.get("content-type", ""))
    except model.WorkflowError as exc:
        raise ViolationsError(exc.violations) from None


@router.get("/api/v1/workflows", needs=VIEW_WORKFLOWS)
async def list_workflows(request: Request) -> Response:
    include_actions = query_bool(request, "includeActions")
    search = query_str(request, "searchQuery")
    with store_of(request).read() as tx:
        found = [w for w in tx.list(WORKFLOW) if model.matches(w, search)]
    if not include_actions:
        found = [{**w, "actions": []} for w in found]
    return _render(request, paginate(request, found, "workflows"))


@router.get("/api/v1/workflows/{tagOrId}", needs=VIEW_WORKFLOWS)
async def get_workflow(request: Request) -> Response:
    with store_of(request).read() as tx:
        definition = _load(tx, request.path_params["tagOrId"])
    return _render(request, definition)


@router.post("/api/v1/workflows", needs=EDIT_WORKFLOWS)
async def create_or_update(request: Request) -> Response:
    definition = await _definition(request)
    with store_of(request).transaction() as tx:
        tx.put(WORKFLOW, definition["tag"], definition)
    return _render(request, definition)


@router.post("/api/v1/workflows/validate", needs=None)  # any key may validate a definition
async def validate(request: Request) -> Response:
    text = await read_text(request)
    try:
        model.load(text, request.headers.get("content-type", ""))
    except model.WorkflowError as exc:
        return json_response({"ok": False, "violations": exc.violations})
    return json_response({"ok": True, "violations": []})


def _forget_runs(tx: Cursor, tag: str) -> None:
    for run in tx.list(runs.RUN, prefix=f"{tag}/"):
        for step in run["actions"]:
            if "callbackId" in step:
                tx.delete(runs.CALLBACK, step["callbackId"])
    tx.delete_prefix(runs.RUN, f"{tag}/")


@router.delete("/api/v1/workflows/{tagOrId}", needs=EDIT_WORKFLOWS)
async def delete_workflow(request: Request) -> Response:
    tag = request.path_params["tagOrId"]
    with store_of(request).transaction() as tx:
        _load(tx, tag)
        tx.delete(WORKFLOW, tag)
        _forget_runs(tx, tag)
    return empty_response(200)


def _scope(tx: Cursor, definition: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    scope = field_obj(body, "scope", required=False) or {"type": "GLOBAL"}
    kind = field_str(scope, "type", where="scope.type")
    if kind not in ("GLOBAL", "ENTITY"):
        raise ApiError(400, "Field 'scope.type' must be GLOBAL or ENTITY", details="invalid field: scope.type")
    wanted = definition["filter"]["type"]
    if kind != wanted:
        raise ApiError(400, f"Workflow '{definition['tag']}' runs with scope {wanted}, not {kind}", details="invalid field: scope.type")
    if kind == "GLOBAL":
        return {"type": "GLOBAL"}
    entity_ref = field_str(scope, "entityId", where="scope.entityId")
    assert entity_ref is not None
    entity = find_entity(tx, entity_ref)
    return {"type": "ENTITY", "entityId": entity["id"], "entityTag": entity["tag"]}


def _callback_registrar(tx: Cursor, tag: str, run_id: str) -> Any:
    def register(slug: str) -> str:
        callback_id = new_id("cb")
        tx.put(runs.CALLBACK, callback_id, {"workflowTag": tag, "runId": run_id, "slug": slug})
        return callback_id

    return register


@router.post("/api/v1/workflows/{tagOrId}/runs", needs=EDIT_WORKFLOW_RUNS)
async def create_run(request: Request) -> Response:
    body = await read_json_object(request)
    tag = request.path_params["tagOrId"]
    every(lambda: field_str(body, "runAs") if body.get("runAs") is not None else None,
          lambda: field_obj(body, "initialContext", required=False))
    with store_of(request).transaction() as tx:
        definition = _load(tx, tag)
        if not definition["isRunnableViaApi"]:
            raise ApiError(400, f"Workflow '{tag}' is not runnable via the API", details="isRunnableViaApi is false")
        if definition["isDraft"]:
            raise ApiError(400, f"Workflow '{tag}' is a draft and cannot run", details="isDraft is true")
        scope = _scope(tx, definition, body)
        now = now_iso()
        run = runs.new_run(definition, new_id("wr"), scope, body, now)
        runs.start(run, definition, now, _callback_registrar(tx, tag, run["id"]))
        tx.put(runs.RUN, f"{tag}/{run['id']}", run)
    return json_response(run)


@router.get("/api/v1/workflows/{tagOrId}/runs/{runId}", needs=VIEW_WORKFLOWS)
async def get_run(request: Request) -> Response:
    tag, run_id = request.path_params["tagOrId"], request.path_params["runId"]
    with store_of(request).read() as tx:
        _load(tx, tag)
        run = tx.get(runs.RUN, f"{tag}/{run_id}")
    if run is None:
        raise ApiError(404, f"Workflow run '{run_id}' not found", details=f"workflow {tag} has no run {run_id}")
    return json_response(run)


def _callback_status(body: dict[str, Any]) -> str:
    status = field_str(body, "status")
    if status not in CALLBACK_STATUSES:
        raise ApiError(400, "Field 'status' must be SUCCESS, FAILURE or UPDATE", details="invalid field: status")
    return status


@router.post("/api/v1/workflows/{tagOrId}/callback/{callbackId}", needs=EDIT_WORKFLOW_RUNS)
async def callback(request: Request) -> Response:
    body = await read_json_object(request)
    status, _, _ = every(lambda: _callback_status(body), lambda: field_str(body, "message", allow_empty=True),
                         lambda: field_obj(body, "response", required=False))
    tag, callback_id = request.path_params["tagOrId"], request.path_params["callbackId"]
    with store_of(request).transaction() as tx:
        definition = _load(tx, tag)
        ref = tx.get(runs.CALLBACK, callback_id)
        if ref is None or ref["workflowTag"] != tag:
            raise ApiError(404, f"Workflow block for callback '{callback_id}' not found", details=f"workflow {tag}")
        key = f"{tag}/{ref['runId']}"
        run = tx.get(runs.RUN, key)
        if run is None:
            raise ApiError(404, f"Workflow run '{ref['runId']}' not found", details=f"workflow {tag}")
        try:
            runs.apply_callback(run, definition, ref["slug"], body, now_iso(), _callback_registrar(tx, tag, run["id"]))
        except runs.CallbackRejected:
            raise ApiError(406, "Workflow block is not waiting for callback", details=f"block {ref['slug']}") from None
        tx.put(runs.RUN, key, run)
    return empty_response(200)


def _seed(tx: Cursor, items: list[Any]) -> None:
    """Seed section ``workflows``: definitions as mappings or as YAML/JSON text."""
    for item in items:
        text = item if isinstance(item, str) else yaml_dump(item) if isinstance(item, dict) else None
        if text is None:
            raise ApiError(400, "A seeded workflow must be a mapping or YAML text")
        try:
            definition = model.load(text, "application/yaml")
        except model.WorkflowError as exc:
            problems = "; ".join(f"{v['pointer']}: {v['description']}" for v in exc.violations)
            raise ApiError(400, "Invalid workflow definition", details=problems) from None
        tx.put(WORKFLOW, definition["tag"], definition)


seed_sections = {"workflows": SeedSection(_seed)}

routes = router.routes
