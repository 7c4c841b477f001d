"""Emulator-wide HTTP behaviour: auth matrix, rate limiting, body limit, errors, trailing slashes, admin API."""

from __future__ import annotations

import re
import time

import pytest
import requests

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.emulator.app import service_modules
from tests.support import ADMIN_TOKEN, VIEWER_TOKEN, api
from tests.support.openapi import validate_schema

SECRET = {"tag": "k", "name": "K", "secret": "v"}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/secrets"),
        ("POST", "/api/v1/secrets"),
        ("GET", "/api/v1/teams"),
        ("PUT", "/api/v1/teams/relationships"),
        ("GET", "/api/v1/catalog/x/deploys"),
        ("DELETE", "/api/v1/catalog/deploys/all"),
        ("GET", "/api/v1/scorecards"),
        ("GET", "/api/v1/workflows"),
        ("GET", "/api/v1/does-not-exist"),
    ],
)
def test_missing_or_invalid_key_is_401(emu: Emulator, method: str, path: str) -> None:
    missing = api(emu, None).request(method, path, json={})
    assert missing.status_code == 401
    validate_schema("ErrorResponse", missing.json())
    assert missing.json()["type"] == "FORBIDDEN" and missing.json()["message"] == "Missing API key"
    assert missing.json()["httpStatus"] == 401
    for token in ("wrong-token", ADMIN_TOKEN + "x", ADMIN_TOKEN[:-1]):
        invalid = api(emu, token).request(method, path, json={})
        assert invalid.status_code == 401 and invalid.json()["message"] == "Invalid API key"
    basic = api(emu, None).request(method, path, headers={"Authorization": f"Basic {ADMIN_TOKEN}"})
    assert basic.status_code == 401


def test_bearer_scheme_is_case_insensitive(emu: Emulator) -> None:
    r = api(emu, None).get("/api/v1/secrets", headers={"Authorization": f"bearer {ADMIN_TOKEN}"})
    assert r.status_code == 200


def test_viewer_may_read_scorecards_but_not_write_entities(emu: Emulator) -> None:
    viewer = api(emu, VIEWER_TOKEN)
    assert viewer.get("/api/v1/scorecards").status_code == 200
    assert viewer.post("/api/v1/secrets", json=SECRET).status_code == 403
    assert viewer.post("/api/v1/teams", json={}).status_code == 403


def test_custom_permission_keys() -> None:
    keys = {"secrets-only": "Create secrets", "entities": ["Edit entities"], "admin": "admin"}
    with Emulator(api_keys=keys) as emu:
        assert api(emu, "secrets-only").post("/api/v1/secrets", json=SECRET).status_code == 200
        assert api(emu, "secrets-only").get("/api/v1/teams").status_code == 403
        assert api(emu, "entities").get("/api/v1/teams").status_code == 200
        assert api(emu, "entities").get("/api/v1/secrets").status_code == 403
        assert api(emu, "admin").get("/api/v1/secrets").status_code == 200
    with pytest.raises(ValueError, match="unknown permission"):
        Emulator(api_keys={"k": "Delete everything"})


#: The operations any valid key may call; every other route names the permission it needs.
OPEN_TO_ANY_KEY = {("POST", "/api/v1/scorecards/{tag}/entity/{entityTag}/exemption"),
                   ("POST", "/api/v1/workflows/validate")}


def test_every_route_refuses_a_key_without_its_permission_before_reading_the_request() -> None:
    routes = [(method, route.path) for module in service_modules() for route in module.routes
              for method in route.methods - {"HEAD"}]
    assert len(routes) >= 40 and OPEN_TO_ANY_KEY.issubset(routes)
    with Emulator(api_keys={"nothing": []}) as emu:
        for method, path in routes:
            concrete = re.sub(r"\{\w+\}", "nobody", path)
            # A body that is not even JSON: a handler that ran before the permission check would answer 400.
            answer = api(emu, "nothing").request(method, concrete, data="{", headers={"Content-Type": "application/json"})
            assert (answer.status_code != 403) == ((method, path) in OPEN_TO_ANY_KEY), (method, path, answer.text)
            assert answer.status_code != 401, (method, path)


def test_default_key_when_none_is_configured() -> None:
    with Emulator() as emu:
        assert api(emu, "local-admin-token").get("/api/v1/secrets").status_code == 200
        assert api(emu, "admin-token").get("/api/v1/secrets").status_code == 401


def test_rate_limit_per_key_is_429_problem_json() -> None:
    with Emulator(api_keys={"a": "ADMIN", "b": "ADMIN"}, rate_limit=5) as emu:
        client = api(emu, "a")
        statuses = [client.get("/api/v1/secrets").status_code for _ in range(6)]
        assert statuses == [200] * 5 + [429]
        r = client.get("/api/v1/secrets/")
        assert r.status_code == 429
        assert r.headers["Content-Type"].startswith("application/problem+json")
        retry_after = r.headers["Retry-After"]
        assert retry_after.isdigit() and 1 <= int(retry_after) <= 60
        validate_schema("TooManyRequestsProblemDetail", r.json())
        assert r.json()["status"] == 429 and r.json()["retryAfter"] == int(retry_after)
        assert r.json()["instance"] == "/api/v1/secrets"
        # Another key has its own bucket; admin endpoints are never limited.
        assert api(emu, "b").get("/api/v1/secrets").status_code == 200
        assert requests.get(emu.url + "/_emulator/health", timeout=5).status_code == 200
        # 5/minute refills one token every 12 s: the advertised wait is honest.
        assert int(retry_after) <= 12


def test_rate_limit_refills() -> None:
    with Emulator(api_keys={"a": "ADMIN"}, rate_limit=120) as emu:  # 2 tokens per second
        client = api(emu, "a")
        while client.get("/api/v1/secrets").status_code == 200:
            pass
        time.sleep(1.1)
        assert client.get("/api/v1/secrets").status_code == 200


def test_reset_clears_rate_limit_buckets() -> None:
    with Emulator(api_keys={"a": "ADMIN"}, rate_limit=2) as emu:
        client = api(emu, "a")
        for _ in range(3):
            client.get("/api/v1/secrets")
        assert client.get("/api/v1/secrets").status_code == 429
        emu.reset()
        assert client.get("/api/v1/secrets").status_code == 200


def test_body_over_2mb_is_413_and_writes_nothing(emu: Emulator) -> None:
    big = {"tag": "big", "name": "Big", "secret": "x" * (2 * 1024 * 1024 + 10)}
    r = api(emu).post("/api/v1/secrets", json=big)
    assert r.status_code == 413
    validate_schema("ErrorResponse", r.json())
    assert "too large" in r.json()["message"]

    def chunks():  # type: ignore[no-untyped-def]
        yield b'{"tag": "big", "name": "Big", "secret": "'
        for _ in range(3):
            yield b"y" * (1024 * 1024)
        yield b'"}'

    chunked = api(emu).post("/api/v1/secrets", data=chunks(), headers={"Content-Type": "application/json"})
    assert chunked.status_code == 413
    assert api(emu).get("/api/v1/secrets").json()["total"] == 0
    just_under = {"tag": "ok", "name": "Ok", "secret": "z" * (2 * 1024 * 1024 - 100)}
    assert api(emu).post("/api/v1/secrets", json=just_under).status_code == 200


def test_unknown_paths_and_methods_answer_error_responses(emu: Emulator) -> None:
    missing = api(emu).get("/api/v1/nothing/here")
    assert missing.status_code == 404
    validate_schema("ErrorResponse", missing.json())
    wrong_method = api(emu).patch("/api/v1/secrets")
    assert wrong_method.status_code == 405
    validate_schema("ErrorResponse", wrong_method.json())


def test_trailing_slashes_everywhere(emu: Emulator) -> None:
    client = api(emu)
    assert client.post("/api/v1/secrets/", json=SECRET).status_code == 200
    assert client.get("/api/v1/secrets/k/").json()["tag"] == "k"
    assert client.get("/_emulator/health/").status_code == 200


def test_error_bodies_carry_a_request_id_matching_the_header(emu: Emulator) -> None:
    r = api(emu).get("/api/v1/secrets/none")
    assert r.json()["requestId"] == r.headers["x-request-id"] and len(r.json()["requestId"]) == 16


def test_request_log_records_calls_without_secrets(emu: Emulator) -> None:
    client = api(emu)
    client.post("/api/v1/secrets", json={"tag": "t", "name": "T", "secret": "super-secret-value"})
    client.get("/api/v1/secrets", params={"page": 0})
    api(emu, "bad-key").get("/api/v1/secrets")
    requests.get(emu.url + "/_emulator/health", timeout=5)
    log = emu.requests()
    assert [(e["method"], e["path"], e["status"]) for e in log] == [
        ("POST", "/api/v1/secrets", 200),
        ("GET", "/api/v1/secrets", 200),
        ("GET", "/api/v1/secrets", 401),
    ]
    assert log[1]["query"] == "page=0"
    assert log[0]["keyName"].startswith("admin-") and log[2]["keyName"] is None
    assert all(e["durationMs"] >= 0 for e in log)
    text = repr(log)
    assert "super-secret-value" not in text and ADMIN_TOKEN not in text and "bad-key" not in text
    over_http = requests.get(emu.url + "/_emulator/requests", params={"method": "post"}, timeout=5).json()
    assert over_http["total"] == 1 and over_http["requests"][0]["path"] == "/api/v1/secrets"
    after = requests.get(emu.url + "/_emulator/requests", params={"afterSeq": log[1]["seq"]}, timeout=5).json()
    assert [e["status"] for e in after["requests"]] == [401]
    assert emu.requests(method="GET", path_prefix="/api/v1/secrets")[0]["status"] == 200
    assert requests.delete(emu.url + "/_emulator/requests", timeout=5).status_code == 204
    assert emu.requests() == []


def test_reset_over_http_empties_everything(emu: Emulator) -> None:
    api(emu).post("/api/v1/secrets", json=SECRET)
    emu.register_entity("svc")
    assert requests.post(emu.url + "/_emulator/reset", timeout=5).json() == {"status": "reset"}
    assert api(emu).get("/api/v1/secrets").json()["total"] == 0
    assert requests.get(emu.url + "/_emulator/entities", timeout=5).json() == {"entities": []}
    assert emu.requests() == [{**emu.requests()[0]}] and emu.requests()[0]["path"] == "/api/v1/secrets"


def test_entities_admin_api(emu: Emulator) -> None:
    base = emu.url + "/_emulator/entities"
    one = requests.post(base, json={"tag": "svc-a", "type": "service", "groups": ["tier-1"], "customData": {"owner": "me"}}, timeout=5)
    assert one.status_code == 200 and one.json()["id"].startswith("en") and one.json()["name"] == "svc-a"
    many = requests.post(base, json=[{"tag": "svc-b"}, {"tag": "svc-c", "type": "domain"}], timeout=5)
    assert [e["type"] for e in many.json()] == ["service", "domain"]
    again = requests.post(base, json={"tag": "svc-a", "name": "Service A"}, timeout=5).json()
    assert again["id"] == one.json()["id"] and again["name"] == "Service A"
    by_id = requests.get(f"{base}/{one.json()['id']}", timeout=5).json()
    assert by_id["tag"] == "svc-a" and by_id["kind"] == "entity"
    assert [e["tag"] for e in requests.get(base, timeout=5).json()["entities"]] == ["svc-a", "svc-b", "svc-c"]
    for bad in ({"tag": "bad tag"}, {"tag": "x", "type": "team"}, {"tag": "x", "groups": "g"}, {"tag": "x", "customData": []}, [1]):
        r = requests.post(base, json=bad, timeout=5)
        assert r.status_code == 400, bad
    assert requests.delete(f"{base}/svc-b", timeout=5).status_code == 204
    assert requests.delete(f"{base}/svc-b", timeout=5).status_code == 404
    assert requests.get(f"{base}/svc-b", timeout=5).status_code == 404


def test_admin_endpoints_can_be_disabled_or_keyed() -> None:
    with Emulator(admin_enabled=False) as emu:
        assert requests.get(emu.url + "/_emulator/health", timeout=5).status_code == 200
        for method, path in (("GET", "/faults"), ("POST", "/reset"), ("GET", "/requests"), ("POST", "/entities")):
            assert requests.request(method, emu.url + "/_emulator" + path, json={}, timeout=5).status_code == 404
    with Emulator(admin_key="root") as emu:
        assert requests.get(emu.url + "/_emulator/health", timeout=5).status_code == 200
        assert requests.post(emu.url + "/_emulator/reset", timeout=5).status_code == 401
        assert api(emu.url, "wrong").post("/_emulator/reset").status_code == 401
        assert api(emu.url, "root").post("/_emulator/reset").status_code == 200
        # The admin key is not an API key.
        assert api(emu.url, "root").get("/api/v1/secrets").status_code == 401


def test_seed_file_is_loaded_and_reapplied_on_reset(tmp_path) -> None:  # type: ignore[no-untyped-def]
    seed = tmp_path / "seed.yaml"
    seed.write_text(
        """
entities:
  - {tag: payments-api, type: service, groups: [tier-1]}
teams:
  - {type: CORTEX, teamTag: org, metadata: {name: Org}, links: [], slackChannels: [], cortexTeam: {members: []}}
  - {type: CORTEX, teamTag: pay, metadata: {name: Pay}, links: [], slackChannels: [], cortexTeam: {members: []}, externallyManaged: true}
relationships:
  - {parentTeamTag: org, childTeamTag: pay}
secrets:
  - {tag: db, name: DB, secret: pw}
deploys:
  - {entity: payments-api, title: first, type: DEPLOY, timestamp: "2024-01-01T00:00:00Z"}
""",
        encoding="utf-8",
    )
    with Emulator(seed=str(seed)) as emu:
        client = api(emu, "local-admin-token")
        assert client.get("/api/v1/teams/relationships").json() == {"edges": [{"parentTeamTag": "org", "childTeamTag": "pay"}]}
        assert client.get("/api/v1/secrets/db").json()["name"] == "DB"
        assert client.get("/api/v1/catalog/payments-api/deploys").json()["total"] == 1
        assert client.delete("/api/v1/teams/pay").status_code == 405
        client.delete("/api/v1/secrets/db")
        emu.reset()
        assert client.get("/api/v1/secrets/db").status_code == 200
    bad = tmp_path / "bad.json"
    bad.write_text('{"teams": [{"teamTag": "x"}]}', encoding="utf-8")
    with pytest.raises(ValueError, match="seed section 'teams'"):
        Emulator(seed=str(bad)).start()
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("widgets: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown seed section"):
        Emulator(seed=str(unknown)).start()
