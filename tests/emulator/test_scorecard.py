"""Emulator contract tests for scorecard CRUD: descriptor upsert, dry runs, get, descriptor, list, delete."""

from __future__ import annotations

import pytest
import yaml

from cortex_pulumi.emulator import Emulator
from tests.emulator._scorecard_support import LADDER, POINTS, YAML, create, post_descriptor, rule_ids, service
from tests.support import VIEWER_TOKEN, api
from tests.support.openapi import validate_response, validate_schema

DESCRIPTOR = "/api/v1/scorecards/descriptor"
ONE = "/api/v1/scorecards/{tag}"


def test_create_returns_the_scorecard(emu: Emulator) -> None:
    r = post_descriptor(emu, LADDER, dryRun="False")
    assert r.status_code == 200, r.text
    body = r.json()
    validate_response("post", DESCRIPTOR, 200, body)
    scorecard = body["scorecard"]
    assert scorecard["tag"] == "readiness" and scorecard["name"] == "Readiness"
    assert scorecard["isDraft"] is False
    assert scorecard["exemptions"] == {"enabled": True, "autoApprove": False}
    assert scorecard["evaluation"] == {"window": 4}
    assert [lv["level"] for lv in scorecard["levels"]] == [
        {"name": "Bronze", "number": 1},
        {"name": "Silver", "number": 2},
        {"name": "Gold", "number": 3},
    ]
    assert [r["levelName"] for r in scorecard["rules"]] == ["Bronze", "Silver", "Gold"]
    assert all(rule["weight"] == 1 for rule in scorecard["rules"])


def test_body_is_yaml_whatever_the_content_type(emu: Emulator) -> None:
    for content_type in ("text/plain", "application/json", "application/octet-stream"):
        r = api(emu).post(DESCRIPTOR, data=POINTS, headers={"Content-Type": content_type})
        assert r.status_code == 200, (content_type, r.text)
    r = api(emu).post(DESCRIPTOR, data=POINTS)
    assert r.status_code == 200


def test_upsert_by_tag_keeps_identity_and_replaces_content(emu: Emulator) -> None:
    first = create(emu, LADDER)
    changed = LADDER.replace("Production readiness", "Changed").replace('hasGroup("tier-1")', 'hasGroup("tier-2")')
    second = create(emu, changed)
    assert second["description"] == "Changed"
    assert rule_ids(second) == rule_ids(first)
    assert second["rules"][1]["expression"] == 'hasGroup("tier-2")'
    listed = api(emu).get("/api/v1/scorecards").json()
    assert [s["tag"] for s in listed["scorecards"]] == ["readiness"]
    # The numeric scorecardId survives the update.
    service(emu, "svc")
    ids = {api(emu).get("/api/v1/scorecards/readiness/scores").json()["scorecardId"]}
    create(emu, LADDER)
    ids.add(api(emu).get("/api/v1/scorecards/readiness/scores").json()["scorecardId"])
    assert len(ids) == 1


def test_rules_removed_by_an_update_are_gone(emu: Emulator) -> None:
    create(emu, LADDER)
    trimmed = LADDER.split("  - title: Is tier one")[0].replace("    - {name: Silver, rank: 2, color: \"#C0C0C0\"}\n", "")
    trimmed = trimmed.replace("    - {name: Gold, rank: 3, color: \"#D7AC58\"}\n", "")
    scorecard = create(emu, trimmed)
    assert [r["title"] for r in scorecard["rules"]] == ["Has owner"]
    assert [lv["level"]["name"] for lv in scorecard["levels"]] == ["Bronze"]


def test_invalid_descriptor_is_400_with_violations_and_writes_nothing(emu: Emulator) -> None:
    bad = LADDER.replace("tag: readiness", "tag: 'not a tag'").replace("level: Gold", "level: Platinum")
    r = post_descriptor(emu, bad, dryRun="false")
    assert r.status_code == 400
    body = r.json()
    validate_schema("OpenApiResponse", body)
    assert body["ok"] is False
    assert [v["pointer"] for v in body["violations"]] == ["/tag", "/rules/2/level"]
    assert api(emu).get("/api/v1/scorecards", params={"showDrafts": "true"}).json()["scorecards"] == []


def test_invalid_update_leaves_the_stored_scorecard_alone(emu: Emulator) -> None:
    create(emu, LADDER)
    before = api(emu).get("/api/v1/scorecards/readiness/descriptor").text
    r = post_descriptor(emu, LADDER.replace("expression: hasGroup(\"tier-1\")", "expression: ''"))
    assert r.status_code == 400
    assert r.json()["violations"][0]["pointer"] == "/rules/1/expression"
    assert api(emu).get("/api/v1/scorecards/readiness/descriptor").text == before


def test_malformed_and_non_mapping_yaml_are_400(emu: Emulator) -> None:
    for text, title in (("tag: [oops\n", "Malformed YAML"), ("- a\n- b\n", "Not a mapping"), ("", "Not a mapping")):
        r = post_descriptor(emu, text)
        assert r.status_code == 400, text
        body = r.json()
        validate_schema("OpenApiResponse", body)
        assert body["violations"][0]["title"] == title


def test_non_utf8_body_is_400(emu: Emulator) -> None:
    r = api(emu).post(DESCRIPTOR, data=b"tag: \xff\xfe\n", headers=YAML)
    assert r.status_code == 400
    validate_schema("ErrorResponse", r.json())


def test_dry_run_validates_without_writing(emu: Emulator) -> None:
    r = post_descriptor(emu, LADDER, dryRun="True")
    assert r.status_code == 200
    validate_response("post", DESCRIPTOR, 200, r.json())
    assert r.json()["scorecard"]["tag"] == "readiness"
    assert api(emu).get("/api/v1/scorecards/readiness").status_code == 404

    create(emu, LADDER)
    r = post_descriptor(emu, LADDER.replace("Production readiness", "Dry"), dryRun="true")
    assert r.json()["scorecard"]["description"] == "Dry"
    assert api(emu).get("/api/v1/scorecards/readiness").json()["scorecard"]["description"] == "Production readiness"

    r = post_descriptor(emu, "tag: x\n", dryRun="true")
    assert r.status_code == 400
    assert {v["pointer"] for v in r.json()["violations"]} == {"/name", "/rules"}


def test_bad_dry_run_flag_is_400(emu: Emulator) -> None:
    r = post_descriptor(emu, LADDER, dryRun="maybe")
    assert r.status_code == 400
    validate_response("post", DESCRIPTOR, 400, r.json())


def test_get_scorecard(emu: Emulator) -> None:
    created = create(emu, LADDER)
    r = api(emu, VIEWER_TOKEN).get("/api/v1/scorecards/readiness")
    assert r.status_code == 200
    validate_response("get", ONE, 200, r.json())
    assert r.json()["scorecard"] == created
    missing = api(emu).get("/api/v1/scorecards/nope")
    assert missing.status_code == 404
    validate_response("get", ONE, 404, missing.json())
    assert missing.json()["type"] == "NOT_FOUND"


def test_descriptor_reads_back_as_posted(emu: Emulator) -> None:
    create(emu, POINTS)
    r = api(emu, VIEWER_TOKEN).get("/api/v1/scorecards/points/descriptor")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/yaml")
    assert r.text.splitlines()[:3] == ["tag: points", "name: Points Only", "rules:"]
    assert yaml.safe_load(r.text) == yaml.safe_load(POINTS)
    missing = api(emu).get("/api/v1/scorecards/nope/descriptor")
    assert missing.status_code == 404
    validate_response("get", "/api/v1/scorecards/{tag}/descriptor", 404, missing.json())


def test_json_view_fills_the_documented_settings(emu: Emulator) -> None:
    scorecard = create(emu, POINTS)
    assert scorecard["isDraft"] is False
    assert scorecard["notifications"] == {"enabled": True, "scoreDropNotificationsEnabled": False}
    assert scorecard["exemptions"] == {"enabled": True, "autoApprove": False}
    assert scorecard["evaluation"] == {"window": 4}
    assert [rule["weight"] for rule in scorecard["rules"]] == [3, 1]


def test_descriptor_round_trip_keeps_identifiers(emu: Emulator) -> None:
    first = create(emu, LADDER)
    text = api(emu).get("/api/v1/scorecards/readiness/descriptor").text
    api(emu).delete("/api/v1/scorecards/readiness")
    again = create(emu, text)
    assert rule_ids(again) == rule_ids(first)
    assert api(emu).get("/api/v1/scorecards/readiness/descriptor").text == text
    assert {k: v for k, v in again.items() if k != "lastUpdated"} == {
        k: v for k, v in first.items() if k != "lastUpdated"
    }


def test_list_hides_drafts_unless_asked(emu: Emulator) -> None:
    create(emu, LADDER)
    create(emu, POINTS.replace("name: Points Only", "name: Points Only\ndraft: true"))
    r = api(emu, VIEWER_TOKEN).get("/api/v1/scorecards")
    assert r.status_code == 200
    validate_response("get", "/api/v1/scorecards", 200, r.json())
    assert [s["tag"] for s in r.json()["scorecards"]] == ["readiness"]
    # The official CLI sends capitalised booleans.
    shown = api(emu).get("/api/v1/scorecards", params={"showDrafts": "True", "pageSize": 250, "page": 0}).json()
    assert [s["tag"] for s in shown["scorecards"]] == ["readiness", "points"]
    assert shown["scorecards"][1]["isDraft"] is True
    hidden = api(emu).get("/api/v1/scorecards", params={"showDrafts": "False"}).json()
    assert [s["tag"] for s in hidden["scorecards"]] == ["readiness"]


def test_list_pagination(emu: Emulator) -> None:
    for i in range(5):
        create(emu, POINTS.replace("tag: points", f"tag: points-{i}"))
    page = api(emu).get("/api/v1/scorecards", params={"page": 1, "pageSize": 2}).json()
    assert page["page"] == 1 and page["total"] == 5 and page["totalPages"] == 3
    assert [s["tag"] for s in page["scorecards"]] == ["points-2", "points-3"]
    last = api(emu).get("/api/v1/scorecards", params={"page": 2, "pageSize": 2}).json()
    assert [s["tag"] for s in last["scorecards"]] == ["points-4"]
    assert api(emu).get("/api/v1/scorecards", params={"pageSize": 0}).status_code == 400


def test_list_filters_by_groups_entities_and_teams(emu: Emulator) -> None:
    service(emu, "svc-a", groups=["tier-1"], owners={"groups": ["payments"]})
    service(emu, "lib-b", type="library", groups=["shared"])
    create(emu, LADDER)  # services only
    create(emu, POINTS)  # every entity

    def tags(**params: str) -> list[str]:
        r = api(emu).get("/api/v1/scorecards", params=params)
        assert r.status_code == 200
        return [s["tag"] for s in r.json()["scorecards"]]

    assert tags(groups="tier-1") == ["readiness", "points"]
    assert tags(groups="shared") == ["points"]
    assert tags(groups="shared,nothing") == ["points"]
    assert tags(groups="nothing") == []
    assert tags(entities="lib-b") == ["points"]
    entity_id = api(emu).get("/api/v1/scorecards/points/scores", params={"entityTag": "svc-a"}).json()
    svc_id = entity_id["serviceScores"][0]["service"]["id"]
    assert tags(entities=svc_id) == ["readiness", "points"]
    assert tags(teams="payments") == ["readiness", "points"]
    assert tags(teams="nobody") == []


def test_delete(emu: Emulator) -> None:
    create(emu, LADDER)
    r = api(emu).delete("/api/v1/scorecards/readiness", json={})
    assert r.status_code == 200 and r.content == b""
    assert api(emu).get("/api/v1/scorecards/readiness").status_code == 404
    again = api(emu).delete("/api/v1/scorecards/readiness")
    assert again.status_code == 404
    validate_response("delete", ONE, 404, again.json())


def test_permissions(emu: Emulator) -> None:
    create(emu, LADDER)
    viewer = api(emu, VIEWER_TOKEN)
    for response in (
        post_descriptor(emu, POINTS, token=VIEWER_TOKEN),
        viewer.delete("/api/v1/scorecards/readiness"),
    ):
        assert response.status_code == 403
        validate_schema("ErrorResponse", response.json())
    assert api(emu).get("/api/v1/scorecards/readiness").status_code == 200
    anonymous = api(emu, None).get("/api/v1/scorecards")
    assert anonymous.status_code == 401
    assert anonymous.json()["message"] == "Missing API key"
    assert api(emu, "wrong-token").get("/api/v1/scorecards/readiness").status_code == 401


def test_trailing_slash_is_accepted(emu: Emulator) -> None:
    create(emu, LADDER)
    assert api(emu).get("/api/v1/scorecards/readiness/").status_code == 200


def test_pathological_bodies_are_400_not_500(emu: Emulator) -> None:
    deep = post_descriptor(emu, "tag: " + "[" * 5000 + "]" * 5000 + "\n")
    assert deep.status_code == 400 and deep.json()["violations"][0]["title"] == "Too deeply nested"
    unhashable = post_descriptor(emu, "? [a, b]\n: c\n")
    assert unhashable.status_code == 400 and unhashable.json()["violations"][0]["title"] == "Malformed YAML"
    binary = post_descriptor(emu, "tag: !!binary aGVsbG8=\nname: n\nrules: []\n")
    assert binary.status_code == 400 and binary.json()["violations"][0]["pointer"] == "/tag"
    python_tag = post_descriptor(emu, "tag: !!python/object:os.system {}\n")
    assert python_tag.status_code == 400 and python_tag.json()["violations"][0]["title"] == "Malformed YAML"


def test_seed_section(emu: Emulator) -> None:
    from cortex_pulumi.emulator.seed import apply_seed

    apply_seed(emu.store, {"scorecards": [LADDER, {"tag": "mapped", "name": "Mapped", "rules": [{"title": "t", "expression": "true"}]}]})
    listed = api(emu).get("/api/v1/scorecards").json()
    assert [s["tag"] for s in listed["scorecards"]] == ["readiness", "mapped"]
    with pytest.raises(ValueError, match="/name: `name` is required; /rules: `rules` is required"):
        apply_seed(emu.store, {"scorecards": [POINTS, "tag: broken\n"]})
    assert api(emu).get("/api/v1/scorecards/points").status_code == 404  # the whole seed was rolled back
