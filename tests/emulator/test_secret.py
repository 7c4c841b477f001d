"""Contract tests of the emulator's secrets endpoints (raw HTTP, responses checked against the OpenAPI document)."""

from __future__ import annotations

import pytest

from cortex_pulumi.emulator import Emulator
from tests.support import VIEWER_TOKEN, api
from tests.support.openapi import validate_response

COLLECTION = "/api/v1/secrets"
ITEM = "/api/v1/secrets/{tagOrId}"


def create(emu: Emulator, tag: str = "db_password", name: str = "DB", value: str = "s3cr3t-value") -> dict:
    r = api(emu).post(COLLECTION, json={"tag": tag, "name": name, "secret": value})
    assert r.status_code == 200, r.text
    validate_response("post", COLLECTION, 200, r.json())
    return r.json()


def test_create_returns_id_tag_name_and_never_the_value(emu: Emulator) -> None:
    body = create(emu, value="hunter2-very-secret")
    assert body["tag"] == "db_password" and body["name"] == "DB"
    assert len(body["id"]) == 18 and body["id"].startswith("se")
    assert set(body) == {"id", "tag", "name"}
    client = api(emu)
    for r in (client.get(COLLECTION), client.get(f"{COLLECTION}/db_password"), client.get(f"{COLLECTION}/{body['id']}")):
        assert "hunter2-very-secret" not in r.text


def test_get_by_tag_and_by_id(emu: Emulator) -> None:
    created = create(emu)
    for ref in ("db_password", created["id"]):
        r = api(emu).get(f"{COLLECTION}/{ref}")
        assert r.status_code == 200
        validate_response("get", ITEM, 200, r.json())
        assert r.json() == created


def test_get_unknown_is_404(emu: Emulator) -> None:
    r = api(emu).get(f"{COLLECTION}/nope")
    assert r.status_code == 404
    validate_response("get", ITEM, 404, r.json())
    assert r.json()["type"] == "NOT_FOUND" and r.json()["requestId"]


def test_list_paginates_in_creation_order(emu: Emulator) -> None:
    tags = [f"s_{i:02d}" for i in range(7)]
    for tag in tags:
        create(emu, tag=tag)
    r = api(emu).get(COLLECTION, params={"page": 1, "pageSize": 3})
    assert r.status_code == 200
    validate_response("get", COLLECTION, 200, r.json())
    assert r.json()["page"] == 1 and r.json()["total"] == 7 and r.json()["totalPages"] == 3
    assert [s["tag"] for s in r.json()["secrets"]] == tags[3:6]
    last = api(emu).get(COLLECTION, params={"page": 2, "pageSize": 3}).json()
    assert [s["tag"] for s in last["secrets"]] == tags[6:]
    beyond = api(emu).get(COLLECTION, params={"page": 5, "pageSize": 3}).json()
    assert beyond["secrets"] == [] and beyond["total"] == 7


def test_list_defaults_and_empty(emu: Emulator) -> None:
    r = api(emu).get(COLLECTION)
    validate_response("get", COLLECTION, 200, r.json())
    assert r.json() == {"page": 0, "total": 0, "totalPages": 0, "secrets": []}


@pytest.mark.parametrize("params", [{"pageSize": 0}, {"pageSize": 1001}, {"page": -1}, {"page": "x"}])
def test_list_rejects_bad_paging(emu: Emulator, params: dict) -> None:
    r = api(emu).get(COLLECTION, params=params)
    assert r.status_code == 400
    validate_response("get", COLLECTION, 400, r.json())
    assert list(params)[0] in r.json()["message"]


def test_duplicate_tag_is_409_naming_the_tag(emu: Emulator) -> None:
    create(emu)
    r = api(emu).post(COLLECTION, json={"tag": "db_password", "name": "Other", "secret": "x"})
    assert r.status_code == 409
    assert r.json()["type"] == "CONFLICT" and "db_password" in r.json()["message"]
    assert api(emu).get(f"{COLLECTION}/db_password").json()["name"] == "DB"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "N", "secret": "v"}, "tag"),
        ({"tag": "t", "secret": "v"}, "name"),
        ({"tag": "t", "name": "N"}, "secret"),
        ({"tag": "bad tag!", "name": "N", "secret": "v"}, "tag"),
        ({"tag": "x" * 101, "name": "N", "secret": "v"}, "tag"),
        ({"tag": 5, "name": "N", "secret": "v"}, "tag"),
        ({"tag": "t", "name": ["N"], "secret": "v"}, "name"),
    ],
)
def test_create_validation_names_the_field_and_writes_nothing(emu: Emulator, body: dict, field: str) -> None:
    r = api(emu).post(COLLECTION, json=body)
    assert r.status_code == 400, r.text
    validate_response("post", COLLECTION, 400, r.json())
    assert f"'{field}'" in r.json()["message"]
    assert api(emu).get(COLLECTION).json()["total"] == 0


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"", b"\xff\xfe"])
def test_create_rejects_malformed_bodies(emu: Emulator, raw: bytes) -> None:
    r = api(emu).post(COLLECTION, data=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json()["type"] == "BAD_REQUEST"


def test_update_name_and_value_keeps_tag_and_id(emu: Emulator) -> None:
    created = create(emu)
    r = api(emu).put(f"{COLLECTION}/db_password", json={"name": "Renamed", "secret": "new-value-42"})
    assert r.status_code == 200
    validate_response("put", ITEM, 200, r.json())
    assert r.json() == {**created, "name": "Renamed"}
    assert "new-value-42" not in r.text
    assert emu.store is not None
    with emu.store.read() as tx:
        assert tx.get("secret", "db_password")["secret"] == "new-value-42"
    by_id = api(emu).put(f"{COLLECTION}/{created['id']}", json={"name": "Again"})
    assert by_id.status_code == 200 and by_id.json()["name"] == "Again"


def test_update_errors(emu: Emulator) -> None:
    create(emu)
    missing = api(emu).put(f"{COLLECTION}/nope", json={"name": "x"})
    assert missing.status_code == 404
    validate_response("put", ITEM, 404, missing.json())
    retag = api(emu).put(f"{COLLECTION}/db_password", json={"tag": "other", "name": "x"})
    assert retag.status_code == 400 and "'tag'" in retag.json()["message"]
    validate_response("put", ITEM, 400, retag.json())
    bad = api(emu).put(f"{COLLECTION}/db_password", json={"secret": 12})
    assert bad.status_code == 400 and "'secret'" in bad.json()["message"]
    assert api(emu).get(f"{COLLECTION}/db_password").json()["name"] == "DB"


def test_delete_ignores_body_and_then_404(emu: Emulator) -> None:
    created = create(emu)
    r = api(emu).delete(f"{COLLECTION}/{created['id']}", json={})
    assert r.status_code == 200 and r.content == b""
    assert api(emu).get(f"{COLLECTION}/db_password").status_code == 404
    again = api(emu).delete(f"{COLLECTION}/db_password")
    assert again.status_code == 404
    validate_response("delete", ITEM, 404, again.json())
    # The tag is free again, and the old id no longer resolves.
    recreated = create(emu)
    assert recreated["id"] != created["id"]
    assert api(emu).get(f"{COLLECTION}/{created['id']}").status_code == 404


def test_viewer_key_cannot_touch_secrets(emu: Emulator) -> None:
    create(emu)
    viewer = api(emu, VIEWER_TOKEN)
    calls = [
        viewer.get(COLLECTION),
        viewer.get(f"{COLLECTION}/db_password"),
        viewer.post(COLLECTION, json={"tag": "x", "name": "x", "secret": "x"}),
        viewer.put(f"{COLLECTION}/db_password", json={"name": "x"}),
        viewer.delete(f"{COLLECTION}/db_password"),
    ]
    for r in calls:
        assert r.status_code == 403, r.request.method
        assert r.json()["type"] == "FORBIDDEN" and "Create secrets" in r.json()["message"]
    assert api(emu).get(f"{COLLECTION}/db_password").json()["name"] == "DB"


def test_secret_values_never_reach_the_request_log(emu: Emulator) -> None:
    create(emu, value="do-not-log-me")
    assert "do-not-log-me" not in repr(emu.requests())
    assert "admin-token" not in repr(emu.requests())
