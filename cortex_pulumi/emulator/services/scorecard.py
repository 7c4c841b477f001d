"""Emulator routes for scorecards: descriptor upsert, reads, scores, next steps, badges and evaluation.

Store layout: see services/scorecard_store.py. The in-memory ``app.state.transient["scorecard"]`` maps
``(scorecard tag, entity tag)`` to the monotonic time an evaluation stops "running" (the 409 window).
"""

from __future__ import annotations

import time
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from cortex_pulumi.emulator.auth import EDIT_SCORECARDS, VIEW_SCORECARDS
from cortex_pulumi.emulator.entities import find_entity, list_entities
from cortex_pulumi.emulator.http import (
    ApiError,
    Router,
    ViolationsError,
    empty_response,
    json_response,
    now_iso,
    paginate,
    query_bool,
    query_str,
    read_text,
    settings_of,
    store_of,
    yaml_response,
)
from cortex_pulumi.emulator.scoring import cql, scores
from cortex_pulumi.emulator.seed import SeedSection
from cortex_pulumi.emulator.services import scorecard_descriptor as descriptors, scorecard_store as data
from cortex_pulumi.emulator.store import Cursor

router = Router()


def _posted(doc: dict[str, Any]) -> dict[str, Any]:
    """The descriptor as read back; a store written before ``posted`` existed holds only the filled form."""
    posted: dict[str, Any] = doc.get("posted") or doc["descriptor"]
    return posted


def _scorecard_json(doc: dict[str, Any]) -> dict[str, Any]:
    return descriptors.to_json(_posted(doc), doc["lastUpdated"])


def _csv(request: Request, name: str) -> list[str]:
    """A comma-delimited (or repeated) query parameter as a list of non-empty values."""
    values: list[str] = []
    for raw in request.query_params.getlist(name):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    return values


@router.post("/api/v1/scorecards/descriptor", needs=EDIT_SCORECARDS)
async def create_or_update(request: Request) -> Response:
    dry_run = query_bool(request, "dryRun")
    # The body is raw YAML whatever the Content-Type says (clients send application/yaml or text/plain).
    text = await read_text(request)
    try:
        descriptor = descriptors.parse(text)
    except descriptors.DescriptorError as exc:
        raise ViolationsError(exc.violations) from None
    with store_of(request).transaction() as tx:
        if dry_run:
            existing = tx.get(data.SCORECARD, descriptor["tag"])
            doc = _document(existing["id"] if existing else 0, descriptor)
        else:
            doc = upsert(tx, descriptor)
    return json_response({"scorecard": _scorecard_json(doc)})


def _document(scorecard_id: int, posted: dict[str, Any]) -> dict[str, Any]:
    # ``descriptor`` (settings filled, levels by rank) serves scoring and exemptions; ``posted`` the read-back.
    return {"id": scorecard_id, "descriptor": descriptors.effective(posted), "posted": posted, "lastUpdated": now_iso()}


def upsert(tx: Cursor, descriptor: dict[str, Any]) -> dict[str, Any]:
    """Store a parsed descriptor by tag, keeping the numeric id of an existing scorecard."""
    existing = tx.get(data.SCORECARD, descriptor["tag"])
    doc = _document(existing["id"] if existing else tx.next_int(data.SCORECARD), descriptor)
    tx.put(data.SCORECARD, descriptor["tag"], doc)
    return doc


def _seed(tx: Cursor, items: list[Any]) -> None:
    """Seed section ``scorecards``: descriptors as YAML text or as mappings."""
    for item in items:
        text = item if isinstance(item, str) else descriptors.to_yaml(item) if isinstance(item, dict) else None
        if text is None:
            raise ApiError(400, "A seeded scorecard must be descriptor YAML text or a mapping")
        try:
            upsert(tx, descriptors.parse(text))
        except descriptors.DescriptorError as exc:
            problems = "; ".join(f"{v['pointer']}: {v['description']}" for v in exc.violations)
            raise ApiError(400, "Invalid scorecard descriptor", details=problems) from None


seed_sections = {"scorecards": SeedSection(_seed)}


Scoped = list[tuple[dict[str, Any], cql.EntityFacts]]


def _wanted(doc: dict[str, Any], everything: Scoped, tx: Cursor, groups: list[str], refs: list[str], teams: list[str]) -> bool:
    """listScorecards filters: the scorecard selects an entity in a group / named / owned by a team."""
    now = data.utcnow()
    selected = [e for e, f in everything if data.in_scope(doc["descriptor"], e, f, now)]
    if groups and not any(set(e.get("groups") or ()).intersection(groups) for e in selected):
        return False
    if refs and not any(e["tag"] in refs or e["id"] in refs for e in selected):
        return False
    return not teams or any(_owned_by(e, teams, tx) for e in selected)


@router.get("/api/v1/scorecards", needs=VIEW_SCORECARDS)
async def list_scorecards(request: Request) -> Response:
    show_drafts = query_bool(request, "showDrafts")
    groups, refs, teams = _csv(request, "groups"), _csv(request, "entities"), _csv(request, "teams")
    with store_of(request).read() as tx:
        docs = [d for d in tx.list(data.SCORECARD) if show_drafts or not d["descriptor"]["draft"]]
        if groups or refs or teams:
            everything = [(e, data.facts(tx, e)) for e in list_entities(tx)]
            docs = [d for d in docs if _wanted(d, everything, tx, groups, refs, teams)]
    return json_response(paginate(request, [_scorecard_json(d) for d in docs], "scorecards"))


def _owned_by(entity: dict[str, Any], teams: list[str], tx: Cursor) -> bool:
    """Whether a team (tag or id) in ``teams`` owns the entity (a team owns itself)."""
    owners = set((entity.get("owners") or {}).get("groups") or ())
    for ref in teams:
        if ref in owners:
            return True
        try:
            team = find_entity(tx, ref)
        except ApiError:
            continue
        if team["tag"] in owners:
            return True
    return False


@router.get("/api/v1/scorecards/{tag}", needs=VIEW_SCORECARDS)
async def get_scorecard(request: Request) -> Response:
    with store_of(request).read() as tx:
        doc = data.load_scorecard(tx, request.path_params["tag"])
    return json_response({"scorecard": _scorecard_json(doc)})


@router.get("/api/v1/scorecards/{tag}/descriptor", needs=VIEW_SCORECARDS)
async def get_descriptor(request: Request) -> Response:
    with store_of(request).read() as tx:
        doc = data.load_scorecard(tx, request.path_params["tag"])
    return yaml_response(descriptors.to_yaml(_posted(doc)))


@router.delete("/api/v1/scorecards/{tag}", needs=EDIT_SCORECARDS)
async def delete_scorecard(request: Request) -> Response:
    tag = request.path_params["tag"]
    with store_of(request).transaction() as tx:
        data.load_scorecard(tx, tag)
        tx.delete(data.SCORECARD, tag)
        tx.delete_prefix(data.EXEMPTION, f"{tag}/")
        tx.delete_prefix(data.EVALUATION, f"{tag}/")
    running = _running(request)
    for key in [k for k in running if k[0] == tag]:
        del running[key]
    return empty_response(200)


@router.get("/api/v1/scorecards/{tag}/scores", needs=VIEW_SCORECARDS)
async def list_scores(request: Request) -> Response:
    entity_tag = query_str(request, "entityTag")
    now = data.utcnow()
    with store_of(request).read() as tx:
        doc = data.load_scorecard(tx, request.path_params["tag"])
        rows = []
        for entity, facts in data.scoped_entities(tx, doc, now):
            if entity_tag and entity_tag not in (entity["tag"], entity["id"]):
                continue
            _, exemptions = data.exemptions_for(tx, doc, entity["tag"], now)
            es = data.score(tx, doc, entity, facts, now)
            rows.append(scores.service_score_json(es, data.last_evaluated(tx, doc, entity["tag"]), exemptions))
    descriptor = doc["descriptor"]
    body: dict[str, Any] = {
        "scorecardId": doc["id"],
        "scorecardName": descriptor["name"],
        "scorecardTag": descriptor["tag"],
    }
    scorecard = _scorecard_json(doc)
    if "filter" in scorecard:
        body["scorecardFilter"] = scorecard["filter"]
    body.update(paginate(request, rows, "serviceScores"))
    return json_response(body)


@router.get("/api/v1/catalog/{tagOrId}/scorecards", needs=VIEW_SCORECARDS)
async def entity_scores(request: Request) -> Response:
    now = data.utcnow()
    with store_of(request).read() as tx:
        entity = find_entity(tx, request.path_params["tagOrId"])
        facts = data.facts(tx, entity)
        out = []
        for doc in tx.list(data.SCORECARD):
            if data.in_scope(doc["descriptor"], entity, facts, now):
                es = data.score(tx, doc, entity, facts, now)
                out.append(scores.scorecard_score_json(doc["id"], doc["descriptor"], es))
    return json_response(out)


@router.get("/api/v1/scorecards/{tag}/next-steps", needs=VIEW_SCORECARDS)
async def next_steps(request: Request) -> Response:
    entity_ref = query_str(request, "entityTag", required=True)
    assert entity_ref is not None
    now = data.utcnow()
    with store_of(request).read() as tx:
        doc = data.load_scorecard(tx, request.path_params["tag"])
        entity, facts = data.scoped_entity(tx, doc, entity_ref, now)
        es = data.score(tx, doc, entity, facts, now)
    return json_response(scores.next_steps_json(doc["descriptor"], es))


@router.get("/api/v1/scorecards/{scorecardTag}/entity/{tagOrId}/badge", needs=VIEW_SCORECARDS)
async def badge(request: Request) -> Response:
    now = data.utcnow()
    with store_of(request).read() as tx:
        doc = data.load_scorecard(tx, request.path_params["scorecardTag"])
        entity, facts = data.scoped_entity(tx, doc, request.path_params["tagOrId"], now)
        es = data.score(tx, doc, entity, facts, now)
    base_url = settings_of(request).base_url or str(request.base_url).rstrip("/")
    return json_response({"value": scores.badge_markdown(doc["descriptor"], es, base_url)})


def _running(request: Request) -> dict[tuple[str, str], float]:
    transient: dict[str, Any] = request.app.state.transient
    running: dict[tuple[str, str], float] = transient.setdefault("scorecard", {})
    return running


@router.post("/api/v1/scorecards/{tag}/entity/{entityTag}/scores", needs=EDIT_SCORECARDS)
async def evaluate(request: Request) -> Response:
    tag = request.path_params["tag"]
    now = data.utcnow()
    with store_of(request).transaction() as tx:
        doc = data.load_scorecard(tx, tag)
        entity, _ = data.scoped_entity(tx, doc, request.path_params["entityTag"], now)
        key = (tag, entity["tag"])
        running = _running(request)
        clock = time.monotonic()
        if running.get(key, 0.0) > clock:
            raise ApiError(
                409,
                "Already evaluating scorecard",
                details=f"an evaluation of {entity['tag']} in {tag} is still running",
            )
        running[key] = clock + settings_of(request).evaluation_seconds
        tx.put(data.EVALUATION, f"{tag}/{entity['tag']}", {"lastEvaluated": now_iso()})
    return empty_response(200)


routes = router.routes
