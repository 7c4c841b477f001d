"""Contract tests of the emulator's deploy endpoints (both response shapes, filters, bulk deletes)."""

from __future__ import annotations

from typing import Any

import pytest

from cortex_pulumi.emulator import Emulator
from tests.support import VIEWER_TOKEN, api
from tests.support.openapi import validate_response, validate_schema

LIST = "/api/v1/catalog/{tagOrId}/deploys"
ITEM = "/api/v1/catalog/{tagOrId}/deploys/{uuid}"

DEPLOY = {
    "customData": {"test-field-1": "value1"},
    "deployer": {"email": "test-user@example.com", "name": "Test Deployer"},
    "environment": "testEnv",
    "sha": "SHA-123456",
    "timestamp": "2023-08-16T22:55:38.284Z",
    "title": "deploy-001",
    "type": "DEPLOY",
    "url": "https://example.com/run/1",
}


@pytest.fixture
def svc(emu: Emulator) -> Emulator:
    emu.register_entity("payments-api", type="service")
    emu.register_entity("ledger", type="service")
    return emu


def add(emu: Emulator, entity: str = "payments-api", **fields: Any) -> dict[str, Any]:
    r = api(emu).post(f"/api/v1/catalog/{entity}/deploys", json={**DEPLOY, **fields})
    assert r.status_code == 200, r.text
    validate_response("post", LIST, 200, r.json())
    return r.json()


def listed(emu: Emulator, entity: str = "payments-api", **params: Any) -> dict[str, Any]:
    r = api(emu).get(f"/api/v1/catalog/{entity}/deploys", params=params)
    assert r.status_code == 200, r.text
    validate_response("get", LIST, 200, r.json())
    return r.json()


def test_add_answers_the_flat_custom_deploy_shape(svc: Emulator) -> None:
    body = add(svc)
    assert body["title"] == "deploy-001" and body["type"] == "DEPLOY" and body["sha"] == "SHA-123456"
    assert body["deployerEmail"] == "test-user@example.com" and body["deployerName"] == "Test Deployer"
    assert "deployer" not in body
    assert isinstance(body["id"], int) and isinstance(body["serviceId"], int)
    assert body["timestamp"] == "2023-08-16T22:55:38.284Z"
    assert body["customData"] == {"test-field-1": "value1"}


def test_list_answers_the_nested_shape(svc: Emulator) -> None:
    first = add(svc)
    add(svc, title="deploy-002")
    page = listed(svc)
    assert page["total"] == 2 and page["totalPages"] == 1 and page["page"] == 0
    entry = page["deployments"][0]
    assert entry["uuid"] == first["uuid"]
    assert entry["deployer"] == {"email": "test-user@example.com", "name": "Test Deployer"}
    assert entry["deployerEmail"] == "test-user@example.com"
    assert "serviceId" not in entry
    assert [d["title"] for d in page["deployments"]] == ["deploy-001", "deploy-002"]


def test_list_pagination(svc: Emulator) -> None:
    for i in range(5):
        add(svc, title=f"d{i}")
    page = listed(svc, page=1, pageSize=2)
    assert [d["title"] for d in page["deployments"]] == ["d2", "d3"]
    assert page["total"] == 5 and page["totalPages"] == 3
    bad = api(svc).get("/api/v1/catalog/payments-api/deploys", params={"pageSize": 5000})
    assert bad.status_code == 400 and "pageSize" in bad.json()["message"]


def test_explicit_nulls_like_the_cli(svc: Emulator) -> None:
    body = {"customData": {"k": "v"}, "deployer": {"email": None, "name": None}, "environment": None, "sha": "abc",
            "timestamp": "2026-11-28T12:57:39Z", "title": "t", "type": "DEPLOY", "url": None}
    r = api(svc).post("/api/v1/catalog/payments-api/deploys", json=body)
    assert r.status_code == 200
    validate_response("post", LIST, 200, r.json())
    assert "environment" not in r.json() and "deployerEmail" not in r.json()
    assert listed(svc)["deployments"][0]["deployer"] == {}


def test_minimal_deploy_and_timestamp_normalisation(svc: Emulator) -> None:
    body = add(svc, timestamp="2024-01-01T12:00:00+02:00", customData=None, deployer=None, sha=None, environment=None, url=None)
    assert body["timestamp"] == "2024-01-01T10:00:00Z"
    naive = add(svc, timestamp="2024-01-01T10:00:00")
    assert naive["timestamp"] == "2024-01-01T10:00:00Z"


def test_teams_are_entities_too(emu: Emulator) -> None:
    team = {"type": "CORTEX", "teamTag": "platform", "metadata": {"name": "P"}, "links": [], "slackChannels": [], "cortexTeam": {"members": []}}
    created = api(emu).post("/api/v1/teams", json=team).json()
    add(emu, entity="platform")
    assert listed(emu, entity=created["id"])["total"] == 1


def test_entity_by_id(svc: Emulator) -> None:
    entity_id = svc.register_entity("payments-api")["id"]
    add(svc, entity=entity_id)
    assert listed(svc)["total"] == 1


@pytest.mark.parametrize(
    ("fields", "word"),
    [
        ({"title": None}, "title"),
        ({"title": ""}, "title"),
        ({"type": "EXPLODE"}, "type"),
        ({"type": None}, "type"),
        ({"timestamp": "yesterday"}, "timestamp"),
        ({"timestamp": None}, "timestamp"),
        ({"sha": 12}, "sha"),
        ({"deployer": "someone"}, "deployer"),
        ({"deployer": {"email": 5}}, "deployer.email"),
        ({"customData": ["x"]}, "customData"),
    ],
)
def test_add_validation_names_the_field_and_writes_nothing(svc: Emulator, fields: dict, word: str) -> None:
    r = api(svc).post("/api/v1/catalog/payments-api/deploys", json={**DEPLOY, **fields})
    assert r.status_code == 400, r.text
    assert r.json()["type"] == "BAD_REQUEST" and word in r.json()["message"]
    assert listed(svc)["total"] == 0


def test_unknown_entity_is_404_everywhere(svc: Emulator) -> None:
    client = api(svc)
    uuid = "123e4567-e89b-12d3-a456-426614174000"
    cases = [
        ("get", LIST, client.get("/api/v1/catalog/ghost/deploys")),
        ("post", LIST, client.post("/api/v1/catalog/ghost/deploys", json=DEPLOY)),
        ("delete", LIST, client.delete("/api/v1/catalog/ghost/deploys")),
        ("put", ITEM, client.put(f"/api/v1/catalog/ghost/deploys/{uuid}", json=DEPLOY)),
        ("delete", ITEM, client.delete(f"/api/v1/catalog/ghost/deploys/{uuid}")),
    ]
    for method, template, r in cases:
        assert r.status_code == 404, (method, template)
        validate_response(method, template, 404, r.json())
        assert "ghost" in r.json()["message"]


def test_update_by_uuid_replaces_the_deploy(svc: Emulator) -> None:
    created = add(svc)
    update = {"title": "deploy-001b", "type": "ROLLBACK", "timestamp": "2023-08-17T00:00:00Z", "sha": "NEW"}
    r = api(svc).put(f"/api/v1/catalog/payments-api/deploys/{created['uuid']}", json=update)
    assert r.status_code == 200, r.text
    validate_response("put", ITEM, 200, r.json())
    assert r.json()["uuid"] == created["uuid"] and r.json()["id"] == created["id"]
    assert r.json()["sha"] == "NEW" and "environment" not in r.json() and "customData" not in r.json()
    assert listed(svc)["deployments"][0]["sha"] == "NEW"
    wrong_entity = api(svc).put(f"/api/v1/catalog/ledger/deploys/{created['uuid']}", json=update)
    assert wrong_entity.status_code == 404
    unknown = api(svc).put("/api/v1/catalog/payments-api/deploys/123e4567-e89b-12d3-a456-426614174000", json=update)
    assert unknown.status_code == 404
    validate_response("put", ITEM, 404, unknown.json())
    invalid = api(svc).put(f"/api/v1/catalog/payments-api/deploys/{created['uuid']}", json={"title": "x"})
    assert invalid.status_code == 400 and listed(svc)["deployments"][0]["title"] == "deploy-001b"


def test_delete_by_uuid(svc: Emulator) -> None:
    first = add(svc)
    add(svc, title="keep")
    r = api(svc).delete(f"/api/v1/catalog/payments-api/deploys/{first['uuid']}", json={})
    assert r.status_code == 200
    validate_response("delete", ITEM, 200, r.json())
    assert r.json()["uuid"] == first["uuid"]
    assert [d["title"] for d in listed(svc)["deployments"]] == ["keep"]
    assert api(svc).delete(f"/api/v1/catalog/payments-api/deploys/{first['uuid']}").status_code == 404


def test_delete_for_entity_with_filters(svc: Emulator) -> None:
    add(svc, sha="A", environment="prod")
    add(svc, sha="B", environment="prod")
    add(svc, sha="A", environment="staging", type="ROLLBACK")
    add(svc, entity="ledger", sha="A")
    r = api(svc).delete("/api/v1/catalog/payments-api/deploys", params={"sha": "A", "environment": "prod"})
    assert r.status_code == 200
    # The spec declares a single CustomDeploy; the emulator's body satisfies it and also lists every deletion.
    validate_response("delete", LIST, 200, r.json())
    validate_schema("DeploysResponse", r.json())
    assert [d["sha"] for d in r.json()["deploys"]] == ["A"]
    assert [d["sha"] for d in listed(svc)["deployments"]] == ["B", "A"]
    by_type = api(svc).delete("/api/v1/catalog/payments-api/deploys", params={"type": "ROLLBACK"}).json()
    assert [d["environment"] for d in by_type["deploys"]] == ["staging"]
    nothing = api(svc).delete("/api/v1/catalog/payments-api/deploys", params={"sha": "zzz"})
    assert nothing.status_code == 200 and nothing.json() == {"deploys": []}
    everything = api(svc).delete("/api/v1/catalog/payments-api/deploys").json()
    assert len(everything["deploys"]) == 1 and listed(svc)["total"] == 0
    assert listed(svc, entity="ledger")["total"] == 1
    bad = api(svc).delete("/api/v1/catalog/payments-api/deploys", params={"type": "NOPE"})
    assert bad.status_code == 400 and "type" in bad.json()["message"]


def test_delete_by_filter_across_entities(svc: Emulator) -> None:
    add(svc, sha="A")
    add(svc, entity="ledger", sha="A", type="SCALE")
    add(svc, entity="ledger", sha="B")
    none = api(svc).delete("/api/v1/catalog/deploys")
    assert none.status_code == 400
    validate_response("delete", "/api/v1/catalog/deploys", 400, none.json())
    assert "without any filters" in none.json()["message"]
    r = api(svc).delete("/api/v1/catalog/deploys/", params={"type": "DEPLOY"})
    assert r.status_code == 200
    validate_response("delete", "/api/v1/catalog/deploys", 200, r.json())
    assert sorted(d["sha"] for d in r.json()["deploys"]) == ["A", "B"]
    assert listed(svc)["total"] == 0
    assert [d["type"] for d in listed(svc, entity="ledger")["deployments"]] == ["SCALE"]


def test_delete_all(svc: Emulator) -> None:
    add(svc)
    add(svc, entity="ledger")
    r = api(svc).delete("/api/v1/catalog/deploys/all", json={})
    assert r.status_code == 200
    validate_response("delete", "/api/v1/catalog/deploys/all", 200, r.json())
    assert len(r.json()["deploys"]) == 2
    assert listed(svc)["total"] == 0 and listed(svc, entity="ledger")["total"] == 0
    assert api(svc).delete("/api/v1/catalog/deploys/all").json() == {"deploys": []}


def test_viewer_gets_403(svc: Emulator) -> None:
    created = add(svc)
    viewer = api(svc, VIEWER_TOKEN)
    calls = [
        viewer.get("/api/v1/catalog/payments-api/deploys"),
        viewer.post("/api/v1/catalog/payments-api/deploys", json=DEPLOY),
        viewer.put(f"/api/v1/catalog/payments-api/deploys/{created['uuid']}", json=DEPLOY),
        viewer.delete(f"/api/v1/catalog/payments-api/deploys/{created['uuid']}"),
        viewer.delete("/api/v1/catalog/payments-api/deploys"),
        viewer.delete("/api/v1/catalog/deploys", params={"sha": "x"}),
        viewer.delete("/api/v1/catalog/deploys/all"),
    ]
    assert [r.status_code for r in calls] == [403] * len(calls)
    assert listed(svc)["total"] == 1
