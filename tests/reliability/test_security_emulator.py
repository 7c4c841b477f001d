"""Emulator security: every /api/v1 operation needs a key, a VIEWER key writes nothing, keys are compared in
constant time, path- and SQL-looking tags are stored literally or refused (never a 5xx), YAML bombs are
refused, and the admin endpoints can be switched off or given their own key."""

from __future__ import annotations

import inspect
import json
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests

from cortex_pulumi.emulator import Emulator, auth
from tests.reliability.report import Scenario
from tests.reliability.support import TOKEN, EmulatorServer
from tests.support import ADMIN_TOKEN, VIEWER_TOKEN, api
from tests.support.openapi import document

FILES = Path(__file__).resolve().parent / "corpus" / "files"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
#: POSTs that change nothing.
READ_ONLY_POSTS = {"validateWorkflowDescriptor"}
#: Cortex documents that any API key may *request* an exemption; approving it needs a permission.
ANY_KEY_WRITES = {"requestScorecardRuleExemption"}
SCORECARD = "tag: sec-card\nname: Security card\nrules:\n  - title: Always\n    expression: 'true'\n"
WORKFLOW = {"tag": "sec-wf", "name": "Security workflow", "isDraft": False, "filter": {"type": "GLOBAL"},
            "runRestrictionPolicies": [], "variables": [],
            "actions": [{"name": "Say hi", "slug": "say-hi", "isRootAction": True, "outgoingActions": [],
                         "schema": {"type": "SLACK", "channel": "general", "message": "hi"}}],
            "restrictActionCompletionToRunnerUser": False}


def team_body(tag: str, members: int = 1) -> dict[str, Any]:
    return {"teamTag": tag, "metadata": {"name": tag}, "type": "CORTEX", "links": [], "slackChannels": [],
            "cortexTeam": {"members": [{"email": "a@example.com", "name": "A"}][:members]}}


def seed(emu: Emulator) -> dict[str, str]:
    """One object of every kind (as ADMIN); returns the values path parameters need."""
    admin = api(emu)
    for tag in ("sec-team", "sec-child"):
        admin.post("/api/v1/teams", json=team_body(tag)).raise_for_status()
    admin.post("/api/v1/secrets", json={"tag": "sec_secret", "name": "S", "secret": "v"}).raise_for_status()
    card = admin.post("/api/v1/scorecards/descriptor", data=SCORECARD,
                      headers={"Content-Type": "application/yaml"}).json()["scorecard"]
    admin.post("/api/v1/workflows", json=WORKFLOW).raise_for_status()
    deploy = admin.post("/api/v1/catalog/sec-team/deploys",
                        json={"title": "t", "type": "DEPLOY", "timestamp": "2024-01-01T00:00:00Z"}).json()
    return {"rule": card["rules"][0]["identifier"], "uuid": deploy["uuid"]}


def operations() -> list[tuple[str, str, str]]:
    """(operationId, METHOD, path template) of every operation of the official OpenAPI document."""
    out = []
    for path, ops in document()["paths"].items():
        for method, op in ops.items():
            if method in ("get", "post", "put", "delete", "patch"):
                out.append((op["operationId"], method.upper(), path))
    return sorted(out)


def request_for(op_id: str, path: str, ids: dict[str, str]) -> dict[str, Any]:
    """A request that would succeed with an ADMIN key (so only the key decides the answer)."""
    scorecard_area = path.startswith("/api/v1/scorecards")
    values = {"tag": "sec-card" if scorecard_area else "", "scorecardTag": "sec-card", "entityTag": "sec-team",
              "tagOrId": {"secrets": "sec_secret", "workflows": "sec-wf"}.get(path.split("/")[3], "sec-team"),
              "uuid": ids["uuid"], "callbackId": "cb-unknown"}
    url = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
    params: dict[str, Any] = {"page": 0, "pageSize": 10}
    body: dict[str, Any] = {}
    exemption = {"ruleIdentifier": ids["rule"], "reason": "security test", "days": 1}
    deploy = {"title": "t2", "type": "DEPLOY", "timestamp": "2024-01-02T00:00:00Z"}
    team = {**team_body("sec-new", members=0), "metadata": {"name": "Renamed"}}
    specs: dict[str, dict[str, Any]] = {
        "createOrUpdateScorecard": {"data": SCORECARD.replace("Security card", "Hijacked"),
                                    "headers": {"Content-Type": "application/yaml"}},
        "requestScorecardRuleExemption": {"json": exemption},
        "approveScorecardRuleExemption": {"json": exemption},
        "denyScorecardRuleExemption": {"json": exemption},
        "revokeScorecardRuleExemption": {"json": exemption},
        "getScorecardNextStepsForEntity": {"params": {"entityTag": "sec-team"}},
        "createSecret": {"json": {"tag": "sec_new", "name": "N", "secret": "v"}},
        "updateSecret": {"json": {"name": "Hijacked", "secret": "x"}},
        "replaceAllTeamHierarchyRelationships": {
            "params": {"replace": "true"}, "json": {"edges": [{"parentTeamTag": "sec-team", "childTeamTag": "sec-child"}]}},
        "createTeam": {"json": team},
        "updateCortexTeamMembers": {"json": {"type": "CORTEX", "members": []}},
        "updateCortexTeamMembersAdvanced": {"params": {"teamTag": "sec-team"}, "json": {"type": "CORTEX", "members": []}},
        "updateTeamAdvanced": {"params": {"teamTag": "sec-team"}, "json": team},
        "updateTeamMetadata": {"json": team},
        "deleteTeam": {"params": {"teamTag": "sec-team"}},
        "getTeamDetailsAdvanced": {"params": {"includeTeamsWithoutMembers": "true"}},
        "createOrUpdateWorkflow": {"json": {**WORKFLOW, "name": "Hijacked"}},
        "validateWorkflowDescriptor": {"json": WORKFLOW},
        "workflowsAsyncHttpCallback": {"json": {"status": "SUCCESS", "message": "m"}},
        "addDeployForEntity": {"json": deploy},
        "updateDeployByUuid": {"json": deploy},
        "deleteDeploysByFilter": {"params": {"type": "DEPLOY"}},
    }
    spec = specs.get(op_id, {})
    params.update(spec.get("params", {}))
    body = {k: v for k, v in spec.items() if k in ("json", "data", "headers")}
    return {"url": url, "params": params, **body}


def snapshot(emu: Emulator) -> dict[str, Any]:
    """Everything a write could change, read as ADMIN."""
    admin = api(emu)
    get = lambda path, **params: admin.get(path, params=params).json()  # noqa: E731
    return {
        "secrets": get("/api/v1/secrets", pageSize=1000),
        "teams": [get(f"/api/v1/teams/{t['teamTag']}") for t in
                  get("/api/v1/teams", includeTeamsWithoutMembers="true")["teams"]],
        "edges": get("/api/v1/teams/relationships"),
        "scorecard": admin.get("/api/v1/scorecards/sec-card/descriptor").text,
        "workflows": get("/api/v1/workflows", includeActions="true", pageSize=1000),
        "deploys": get("/api/v1/catalog/sec-team/deploys", pageSize=1000),
    }


def test_every_operation_needs_a_key_and_a_viewer_writes_nothing(emu: Emulator, scenario: Scenario) -> None:
    ids = seed(emu)
    ops = operations()
    assert len(ops) == 45, f"the OpenAPI document lists {len(ops)} operations"
    before = snapshot(emu)
    anonymous, wrong = requests.Session(), api(emu, "not-a-configured-key-0001")
    viewer = api(emu, VIEWER_TOKEN)
    refused_writes, reads = [], []
    for op_id, method, path in ops:
        spec = request_for(op_id, path, ids)
        url = emu.url + spec.pop("url")
        for session, who in ((anonymous, "no key"), (wrong, "a wrong key")):
            answer = session.request(method, url, timeout=30, **spec)
            assert answer.status_code == 401, f"{op_id} with {who}: {answer.status_code} {answer.text[:200]}"
        answer = viewer.request(method, url, **spec)
        assert answer.status_code < 500, f"{op_id} as VIEWER: {answer.status_code}"
        if method in WRITE_METHODS and op_id not in READ_ONLY_POSTS:
            if op_id in ANY_KEY_WRITES:
                assert answer.status_code == 200 and answer.json()["exemptionStatus"]["status"] == "PENDING", answer.text
            else:
                assert answer.status_code == 403, f"{op_id} as VIEWER: {answer.status_code} {answer.text[:200]}"
                refused_writes.append(op_id)
        else:
            reads.append(op_id)
    assert snapshot(emu) == before, "a VIEWER request changed data"
    viewer_writes = [e for e in emu.requests() if e["keyName"] and e["keyName"].startswith("viewer")
                     and e["method"] in WRITE_METHODS and e["status"] < 400 and not e["path"].endswith("/validate")]
    assert [e["path"] for e in viewer_writes] == ["/api/v1/scorecards/sec-card/entity/sec-team/exemption"]
    scenario.area, scenario.title = "Security", "Emulator: keys on all 45 operations, VIEWER writes nothing"
    scenario.injected = "each operation with no key, a wrong key and a VIEWER key"
    scenario.objects, scenario.leaks = len(ops), 0
    scenario.held = (f"45/45 answer 401 without a valid key; {len(refused_writes)} writes answer 403 to VIEWER and "
                     "change nothing (exemption request: PENDING only, as Cortex documents)")


def test_keys_are_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch, scenario: Scenario) -> None:
    source = inspect.getsource(auth.authenticate)
    assert "hmac.compare_digest" in source and "==" not in source.split('"""')[-1]
    calls: list[tuple[bytes, bytes]] = []
    real = auth.hmac.compare_digest

    def counting(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", counting)
    keys = [auth.parse_key_spec(f"key-{i:02d}-padding", "ADMIN") for i in range(8)]
    assert auth.authenticate(keys, "key-00-padding") is keys[0]
    assert len(calls) == 8, "every key is compared, even after a match (no early exit)"
    calls.clear()
    assert auth.authenticate(keys, "nope") is None
    assert len(calls) == 8
    scenario.area, scenario.title = "Security", "Emulator: constant-time key comparison"
    scenario.injected = "a matching and a non-matching token against 8 keys"
    scenario.held = "hmac.compare_digest on every key, no early exit"


HOSTILE_TAGS = ["a/../b", "x'; DROP TABLE teams--", "..", "%2e%2e", "a%2Fb", "a\\b", "<script>", "a b",
                "tag\u0000null", "ünïcödé", "a" * 101, "__proto__", "' OR '1'='1"]


def test_path_and_sql_looking_tags_are_literal_or_refused(emu: Emulator, scenario: Scenario) -> None:
    admin = api(emu)
    admin.post("/api/v1/teams", json=team_body("canary")).raise_for_status()
    statuses: dict[int, int] = {}
    stored = 0
    for tag in HOSTILE_TAGS:
        attempts = [
            ("/api/v1/teams", team_body(tag, members=0)),
            ("/api/v1/secrets", {"tag": tag, "name": "S", "secret": "v"}),
            ("/api/v1/workflows", {**WORKFLOW, "tag": tag}),
        ]
        for path, body in attempts:
            answer = admin.post(path, json=body)
            statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
            assert answer.status_code in (200, 400), f"POST {path} with tag {tag!r}: {answer.status_code} {answer.text[:300]}"
            if answer.status_code == 200:  # stored: it must read back literally, by its quoted path segment
                stored += 1
                echoed = answer.json().get("teamTag") or answer.json().get("tag")
                assert echoed == tag
                found = admin.get(f"{path}/{quote(tag, safe='')}")
                assert found.status_code == 200 and tag in found.text
        descriptor = f"tag: {json.dumps(tag)}\nname: S\nrules:\n  - title: T\n    expression: 'true'\n"
        answer = admin.post("/api/v1/scorecards/descriptor", data=descriptor.encode(), headers={"Content-Type": "application/yaml"})
        assert answer.status_code in (200, 400), f"scorecard {tag!r}: {answer.status_code} {answer.text[:300]}"
        for path in (f"/api/v1/teams/{tag}", f"/api/v1/secrets/{tag}", f"/api/v1/catalog/{tag}/deploys",
                     f"/api/v1/scorecards/{tag}", f"/api/v1/workflows/{tag}"):
            answer = admin.get(path)
            assert answer.status_code < 500, f"GET {path!r}: {answer.status_code}"
    assert admin.get("/api/v1/teams/canary").status_code == 200, "nothing was interpreted as SQL"
    assert [e for e in emu.requests() if e["status"] >= 500] == []
    scenario.area, scenario.title = "Security", "Emulator: path- and SQL-looking tags"
    scenario.injected = f"{len(HOSTILE_TAGS)} hostile tags on create (4 kinds) and in paths (5 kinds)"
    scenario.objects = stored
    scenario.held = f"answers {dict(sorted(statuses.items()))}; stored ones read back literally; 0 answers >= 500"


def test_yaml_bombs_and_deep_documents_are_refused_quickly(tmp_path: Path, scenario: Scenario) -> None:
    """A 1 KB alias bomb must not take the emulator down (it runs under a 1 GiB memory limit here), and a
    100,000-level JSON body is a 400, not a 500."""
    emu = EmulatorServer(tmp_path / "bomb", memory_limit=1 << 30).start()
    try:
        answers = {}
        for path, name in (("/api/v1/workflows", "workflow-billion-laughs.yaml"),
                           ("/api/v1/scorecards/descriptor", "scorecard-billion-laughs.yaml"),
                           ("/api/v1/workflows/validate", "workflow-billion-laughs.yaml"),
                           ("/api/v1/workflows", "workflow-deeply-nested.yaml"),
                           ("/api/v1/scorecards/descriptor", "scorecard-deeply-nested.yaml")):
            started = time.monotonic()
            answer = emu.api("POST", path, data=(FILES / name).read_bytes(), headers={"Content-Type": "application/yaml"})
            answers[f"{path} {name}"] = (answer.status_code, round(time.monotonic() - started, 2))
            assert answer.status_code in (200, 400), f"{path} {name}: {answer.status_code} {answer.text[:300]}"
            if path.endswith("/validate"):
                assert answer.json()["ok"] is False
            assert time.monotonic() - started < 10
        deep = '{"a":' * 100_000 + "1" + "}" * 100_000
        for method, path in (("POST", "/api/v1/secrets"), ("POST", "/api/v1/teams"), ("POST", "/api/v1/workflows"),
                             ("POST", "/api/v1/catalog/x/deploys"), ("PUT", "/api/v1/teams/relationships?replace=true"),
                             ("POST", "/api/v1/workflows/x/callback/y")):
            answer = emu.api(method, path, data=deep, headers={"Content-Type": "application/json"})
            answers[f"{path} deep-json"] = (answer.status_code, 0.0)
            assert answer.status_code in (400, 404), f"{method} {path} deep JSON: {answer.status_code} {answer.text[:200]}"
        assert emu.api("GET", "/_emulator/health").status_code == 200
    finally:
        emu.stop()
    scenario.area, scenario.title = "Security", "Emulator: YAML alias bombs and deep nesting"
    scenario.injected = ("billion-laughs and 5,000-level YAML to the scorecard and workflow endpoints; "
                         "100,000-level JSON to 6 JSON endpoints")
    scenario.held = "refused, each in < 10 s under a 1 GiB memory limit: " + "; ".join(
        f"{k.split()[0]} {v[0]}" for k, v in answers.items())


def test_admin_endpoints_can_be_disabled_or_keyed(tmp_path: Path, scenario: Scenario) -> None:
    off = EmulatorServer(tmp_path / "off", extra_args=("--no-admin",)).start()
    keyed = EmulatorServer(tmp_path / "keyed", extra_args=("--admin-key", "admin-only-key-77")).start()
    try:
        for server in (off, keyed):
            assert server.api("GET", "/_emulator/health", token="").status_code == 200
        for path, method in (("/_emulator/faults", "GET"), ("/_emulator/requests", "GET"), ("/_emulator/reset", "POST"),
                             ("/_emulator/entities", "GET")):
            assert off.api(method, path).status_code == 404, path
            assert keyed.api(method, path).status_code == 401, f"{path}: the API key must not open the admin API"
            assert keyed.api(method, path, token="wrong").status_code == 401
            assert keyed.api(method, path, token="admin-only-key-77").status_code == 200, path
        assert keyed.api("GET", "/api/v1/secrets", token="admin-only-key-77").status_code == 401, \
            "the admin key is not an API key"
        assert keyed.api("GET", "/api/v1/secrets", token=TOKEN).status_code == 200
    finally:
        off.stop()
        keyed.stop()
    scenario.area, scenario.title = "Security", "Emulator: admin endpoints off or on their own key"
    scenario.injected = "--no-admin; --admin-key, called with no key, the API key, a wrong key"
    scenario.held = "off: 404 (health stays 200); keyed: 401 unless the admin key, which is no API key"


def test_unknown_keys_never_reach_the_request_log(emu: Emulator) -> None:
    api(emu, "secret-looking-key-9f8e7d").get("/api/v1/secrets")
    api(emu, ADMIN_TOKEN).get("/api/v1/secrets")
    text = json.dumps(emu.requests())
    assert "secret-looking-key-9f8e7d" not in text and ADMIN_TOKEN not in text
