"""Emulator contract tests for scores, entity scores, next steps, badges and score evaluation."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest

from cortex_pulumi.emulator import Emulator
from tests.emulator._scorecard_support import LADDER, POINTS, create, rule_ids, service
from tests.support import VIEWER_TOKEN, api
from tests.support.openapi import validate_response, validate_schema

SCORES = "/api/v1/scorecards/{tag}/scores"
ENTITY_SCORES = "/api/v1/catalog/{tagOrId}/scorecards"
NEXT = "/api/v1/scorecards/{tag}/next-steps"
BADGE = "/api/v1/scorecards/{scorecardTag}/entity/{tagOrId}/badge"
EVALUATE = "/api/v1/scorecards/{tag}/entity/{entityTag}/scores"


def deploy(emu: Emulator, entity: str, days_ago: float) -> None:
    when = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days_ago)
    body = {"title": "d", "type": "DEPLOY", "timestamp": when.strftime("%Y-%m-%dT%H:%M:%SZ")}
    r = api(emu).post(f"/api/v1/catalog/{entity}/deploys", json=body)
    assert r.status_code == 200, r.text


def scores(emu: Emulator, tag: str, token: str = "admin", **params: object) -> dict[str, Any]:
    session = api(emu, VIEWER_TOKEN) if token == "viewer" else api(emu)
    r = session.get(f"/api/v1/scorecards/{tag}/scores", params=params)
    assert r.status_code == 200, r.text
    validate_response("get", SCORES, 200, r.json())
    body: dict[str, Any] = r.json()
    return body


def by_tag(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["service"]["tag"]: s for s in body["serviceScores"]}


def test_scores_follow_entity_data(emu: Emulator) -> None:
    service(emu, "bare")
    service(emu, "owned", custom_data={"owner": "ada"})
    service(emu, "tiered", custom_data={"owner": "ada"}, groups=["tier-1"])
    service(emu, "best", custom_data={"owner": "ada"}, groups=["tier-1"])
    deploy(emu, "best", days_ago=1)
    deploy(emu, "tiered", days_ago=30)  # outside the 7-day lookback
    service(emu, "lib", type="library", custom_data={"owner": "ada"})  # outside the scorecard's type filter
    scorecard = create(emu, LADDER)
    ids = rule_ids(scorecard)

    body = scores(emu, "readiness", token="viewer")
    assert body["scorecardTag"] == "readiness" and body["scorecardName"] == "Readiness"
    assert isinstance(body["scorecardId"], int)
    assert body["scorecardFilter"] == {"types": {"include": ["service"], "exclude": []}}
    assert (body["page"], body["total"], body["totalPages"]) == (0, 4, 1)
    found = by_tag(body)
    assert list(found) == ["bare", "owned", "tiered", "best"]
    levels = {tag: [lv["level"]["name"] for lv in s["score"]["ladderLevels"]] for tag, s in found.items()}
    assert levels == {"bare": [], "owned": ["Bronze"], "tiered": ["Silver"], "best": ["Gold"]}
    summary = found["tiered"]["score"]["summary"]
    assert summary == {"score": 2, "totalPossibleScore": 3, "percentage": pytest.approx(2 / 3)}
    rules = {r["identifier"]: r for r in found["tiered"]["score"]["rules"]}
    assert rules[ids["Deployed this week"]]["score"] == 0
    assert rules[ids["Has owner"]]["score"] == 1
    assert rules[ids["Has owner"]]["expression"] == 'custom("owner") != null'
    assert found["best"]["service"]["id"].startswith("en") and len(found["best"]["service"]["id"]) == 18
    assert found["best"]["ruleExemptions"] == []


def test_scores_of_a_team(emu: Emulator) -> None:
    team = {
        "type": "CORTEX", "teamTag": "platform", "links": [], "metadata": {"name": "Platform"}, "slackChannels": [],
        "cortexTeam": {"members": [{"email": "ada@example.com", "name": "Ada", "notificationsEnabled": True}]},
    }
    assert api(emu).post("/api/v1/teams", json=team).status_code == 200
    create(emu, "tag: teams\nname: Teams\nfilter: {types: {include: [team]}}\nrules:\n- {title: t, expression: 'entity.tag() == \"platform\"'}\n")
    body = scores(emu, "teams")
    (only,) = body["serviceScores"]
    assert only["service"]["tag"] == "platform" and only["service"]["name"] == "Platform"
    assert only["service"]["owners"]["individuals"][0]["email"] == "ada@example.com"
    assert only["score"]["summary"]["score"] == 1


def test_scores_pagination_and_entity_filter(emu: Emulator) -> None:
    for i in range(3):
        service(emu, f"svc-{i}", groups=["java"], custom_data={"replicas": i + 2})
    create(emu, POINTS)
    page = scores(emu, "points", page=1, pageSize=2)
    assert (page["page"], page["total"], page["totalPages"]) == (1, 3, 2)
    assert [s["service"]["tag"] for s in page["serviceScores"]] == ["svc-2"]
    only = scores(emu, "points", entityTag="svc-1")
    assert [s["service"]["tag"] for s in only["serviceScores"]] == ["svc-1"]
    assert only["serviceScores"][0]["score"]["summary"] == {"score": 4, "totalPossibleScore": 4, "percentage": 1.0}
    assert scores(emu, "points", entityTag="svc-0")["serviceScores"][0]["score"]["summary"]["score"] == 1
    assert scores(emu, "points", entityTag="nobody")["serviceScores"] == []


def test_scores_of_unknown_scorecard(emu: Emulator) -> None:
    r = api(emu).get("/api/v1/scorecards/nope/scores")
    assert r.status_code == 404
    validate_response("get", SCORES, 404, r.json())


def test_unsupported_cql_scores_zero_with_an_error(emu: Emulator) -> None:
    service(emu, "svc")
    create(emu, "tag: odd\nname: Odd\nrules:\n- {title: snyk, expression: 'snyk.numOfIssues() == 0'}\n- {title: ok, expression: 'true'}\n")
    (entry,) = scores(emu, "odd")["serviceScores"]
    snyk, ok = entry["score"]["rules"]
    assert snyk["score"] == 0 and "not supported by the emulator" in snyk["error"]
    assert ok["score"] == 1 and "error" not in ok
    assert entry["score"]["summary"]["percentage"] == 0.5


def test_filters_select_entities_and_rules(emu: Emulator) -> None:
    service(emu, "a", groups=["tier-1"])
    service(emu, "b", groups=["legacy"])
    service(emu, "c", type="library")
    create(
        emu,
        "tag: f\nname: F\nfilter: {groups: {exclude: [legacy]}}\nrules:\n"
        "- {title: everyone, expression: 'true'}\n"
        "- {title: libraries only, expression: 'false', filter: {types: {include: [library]}}}\n"
        "- {title: later, expression: 'false', effectiveFrom: '2999-01-01T00:00:00Z'}\n",
    )
    found = by_tag(scores(emu, "f"))
    assert list(found) == ["a", "c"]
    assert found["a"]["score"]["summary"] == {"score": 1, "totalPossibleScore": 1, "percentage": 1.0}
    assert found["c"]["score"]["summary"] == {"score": 1, "totalPossibleScore": 2, "percentage": 0.5}
    create(emu, "tag: q\nname: Q\nfilter: {query: 'entity.tag() == \"b\"', category: SERVICE}\nrules:\n- {title: x, expression: 'true'}\n")
    assert list(by_tag(scores(emu, "q"))) == ["b"]
    create(emu, "tag: u\nname: U\nfilter: {query: 'github.isPrivate()'}\nrules:\n- {title: x, expression: 'true'}\n")
    assert scores(emu, "u")["serviceScores"] == []


def test_entity_scores_is_a_bare_array(emu: Emulator) -> None:
    service(emu, "svc", custom_data={"owner": "ada", "replicas": 5})
    create(emu, LADDER)
    create(emu, POINTS)
    r = api(emu, VIEWER_TOKEN).get("/api/v1/catalog/svc/scorecards")
    assert r.status_code == 200
    validate_response("get", ENTITY_SCORES, 200, r.json())
    body = r.json()
    assert [s["scorecardName"] for s in body] == ["Readiness", "Points Only"]
    readiness, points = body
    assert readiness["ladderLevels"] == [{"level": {"name": "Bronze", "number": 1}}]
    assert (points["score"], points["totalPossibleScore"], points["scorePercentage"]) == (3, 4, 0.75)
    assert points["ladderLevels"] == []
    by_id = api(emu).get(f"/api/v1/catalog/{scores(emu, 'points')['serviceScores'][0]['service']['id']}/scorecards")
    assert by_id.json() == body
    missing = api(emu).get("/api/v1/catalog/nobody/scorecards")
    assert missing.status_code == 404
    validate_response("get", ENTITY_SCORES, 404, missing.json())


def test_next_steps_walk_up_the_ladder(emu: Emulator) -> None:
    scorecard = create(emu, LADDER)
    ids = rule_ids(scorecard)
    service(emu, "svc")

    def steps() -> dict[str, Any]:
        r = api(emu, VIEWER_TOKEN).get("/api/v1/scorecards/readiness/next-steps", params={"entityTag": "svc"})
        assert r.status_code == 200
        validate_response("get", NEXT, 200, r.json())
        (step,) = r.json()["nextSteps"]
        assert isinstance(step, dict)
        return step

    first = steps()
    assert "currentLevel" not in first
    assert first["nextLevel"] == {"level": {"name": "Bronze", "number": 1}}
    assert [r["identifier"] for r in first["rulesToComplete"]] == [ids["Has owner"]]
    assert first["rulesToComplete"][0]["title"] == "Has owner"

    service(emu, "svc", custom_data={"owner": "ada"})
    second = steps()
    assert second["currentLevel"]["level"]["name"] == "Bronze" and second["nextLevel"]["level"]["name"] == "Silver"
    assert [r["title"] for r in second["rulesToComplete"]] == ["Is tier one"]

    service(emu, "svc", custom_data={"owner": "ada"}, groups=["tier-1"])
    deploy(emu, "svc", days_ago=0.5)
    top = steps()
    assert top["currentLevel"]["level"]["name"] == "Gold"
    assert "nextLevel" not in top and top["rulesToComplete"] == []


def test_next_steps_without_a_ladder_lists_failing_rules(emu: Emulator) -> None:
    service(emu, "svc", groups=["java"])
    create(emu, POINTS)
    r = api(emu).get("/api/v1/scorecards/points/next-steps", params={"entityTag": "svc"})
    assert [x["title"] for x in r.json()["nextSteps"][0]["rulesToComplete"]] == ["Three points"]


def test_next_steps_errors(emu: Emulator) -> None:
    create(emu, LADDER)
    service(emu, "svc")
    service(emu, "lib", type="library")
    missing_param = api(emu).get("/api/v1/scorecards/readiness/next-steps")
    assert missing_param.status_code == 400
    validate_schema("ErrorResponse", missing_param.json())
    for path, params in (
        ("/api/v1/scorecards/nope/next-steps", {"entityTag": "svc"}),
        ("/api/v1/scorecards/readiness/next-steps", {"entityTag": "nobody"}),
        ("/api/v1/scorecards/readiness/next-steps", {"entityTag": "lib"}),
    ):
        r = api(emu).get(path, params=params)
        assert r.status_code == 404, (path, params)
        validate_response("get", NEXT, 404, r.json())


BADGE_RE = re.compile(r"^\[!\[(?P<alt>[^\]]+)\]\(https://img\.shields\.io/badge/(?P<name>[^-]+(?:--[^-]*)*)-(?P<msg>.+)-(?P<color>[^-]+)\)\]\((?P<link>[^)]+)\)$")


def test_badge_shows_the_level(emu: Emulator) -> None:
    create(emu, LADDER.replace("name: Readiness", "name: Prod-Ready_Score"))
    service(emu, "svc", custom_data={"owner": "ada"})
    r = api(emu, VIEWER_TOKEN).get("/api/v1/scorecards/readiness/entity/svc/badge")
    assert r.status_code == 200
    validate_response("get", BADGE, 200, r.json())
    value = r.json()["value"]
    assert value == (
        "[![Prod-Ready_Score](https://img.shields.io/badge/Prod--Ready__Score-Bronze-CD7F32)]"
        f"({emu.url})"
    )
    service(emu, "bare")
    none = api(emu).get("/api/v1/scorecards/readiness/entity/bare/badge").json()["value"]
    assert "-No%20Level-lightgrey)" in none


def test_badge_of_a_points_scorecard_shows_the_score(emu: Emulator) -> None:
    create(emu, POINTS)
    service(emu, "svc", custom_data={"replicas": 4})
    value = api(emu).get("/api/v1/scorecards/points/entity/svc/badge").json()["value"]
    match = BADGE_RE.match(value)
    assert match, value
    assert match["alt"] == "Points Only" and match["name"] == "Points%20Only"
    assert match["msg"] == "75%25" and match["color"] == "yellow"


def test_badge_errors(emu: Emulator) -> None:
    create(emu, LADDER)
    service(emu, "svc")
    for path in ("/api/v1/scorecards/nope/entity/svc/badge", "/api/v1/scorecards/readiness/entity/nobody/badge"):
        r = api(emu).get(path)
        assert r.status_code == 404
        validate_response("get", BADGE, 404, r.json())


def test_evaluate_then_409_while_running(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emu.app.state.settings, "evaluation_seconds", 0.5)
    create(emu, LADDER)
    service(emu, "svc")
    service(emu, "other")
    before = scores(emu, "readiness", entityTag="svc")["serviceScores"][0]["lastEvaluated"]
    time.sleep(0.01)
    first = api(emu).post("/api/v1/scorecards/readiness/entity/svc/scores", json={})
    assert first.status_code == 200 and first.content == b""
    after = scores(emu, "readiness", entityTag="svc")["serviceScores"][0]["lastEvaluated"]
    assert after > before
    busy = api(emu).post("/api/v1/scorecards/readiness/entity/svc/scores")
    assert busy.status_code == 409
    validate_schema("ErrorResponse", busy.json())
    assert busy.json()["message"] == "Already evaluating scorecard" and busy.json()["type"] == "CONFLICT"
    # Another entity is a separate evaluation.
    assert api(emu).post("/api/v1/scorecards/readiness/entity/other/scores").status_code == 200
    time.sleep(0.6)
    assert api(emu).post("/api/v1/scorecards/readiness/entity/svc/scores").status_code == 200


def test_default_evaluation_window_is_two_seconds(emu: Emulator) -> None:
    assert emu.app.state.settings.evaluation_seconds == 2.0


def test_evaluate_errors(emu: Emulator) -> None:
    create(emu, LADDER)
    service(emu, "svc")
    assert api(emu).post("/api/v1/scorecards/nope/entity/svc/scores").status_code == 404
    assert api(emu).post("/api/v1/scorecards/readiness/entity/nobody/scores").status_code == 404
    denied = api(emu, VIEWER_TOKEN).post("/api/v1/scorecards/readiness/entity/svc/scores")
    assert denied.status_code == 403
    validate_schema("ErrorResponse", denied.json())


def test_deleting_a_scorecard_clears_its_evaluations(emu: Emulator) -> None:
    create(emu, LADDER)
    service(emu, "svc")
    assert api(emu).post("/api/v1/scorecards/readiness/entity/svc/scores").status_code == 200
    api(emu).delete("/api/v1/scorecards/readiness")
    created = create(emu, LADDER)
    assert api(emu).post("/api/v1/scorecards/readiness/entity/svc/scores").status_code == 200
    entry = scores(emu, "readiness")["serviceScores"][0]
    assert entry["lastEvaluated"] >= created["lastUpdated"]
