"""Through the real dynamic-provider process over gRPC: pickled providers from real Resource objects,
Configure with secret config, the full Check/Create/Diff/Update/Read/Delete cycle, concurrency, and
state blobs that carry neither the token nor secret values."""

from __future__ import annotations

import base64
import concurrent.futures
import json
from collections.abc import Iterator
from typing import Any

import grpc
import pytest

import cortex_pulumi as cortex
from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider._compact import ELIDED, expand
from tests.support import ADMIN_TOKEN, api

from .harness import PROVIDER_KEY, UNKNOWN, ProviderProcess, blobs_from_program, decoded, secret, urn

SECRET_VALUE = "s3cr3t-value-for-grpc"


#: name -> (type, inputs) of one resource of every type, as a program would declare them.
EVERY_TYPE: dict[str, tuple[str, dict[str, Any]]] = {
    "team": ("Team", {"team_tag": "payments", "name": "Payments",
                      "members": [{"email": "ada@example.com", "name": "Ada"}]}),
    "org": ("TeamHierarchy", {"edges": [{"parent": "platform", "child": "payments"}]}),
    "card": ("Scorecard", {"tag": "ready", "name": "Ready", "rules": [
        {"title": "Has docs", "expression": 'custom("docs") != null'}]}),
    "exemption": ("ScorecardExemption", {"scorecard": "ready", "entity": "payments", "rule": "Has docs",
                                         "reason": "soon", "days": 7}),
    "flow": ("Workflow", {"tag": "hello", "name": "Hello", "actions": [
        {"name": "a", "slug": "a", "schema": {"type": "JQ", "expression": "."}}]}),
    "release": ("Deploy", {"entity": "payments", "title": "v1", "sha": "abc", "environment": "prod"}),
    "db": ("Secret", {"tag": "db_pw", "name": "DB", "value": SECRET_VALUE}),
}


@pytest.fixture(scope="module")
def blobs() -> dict[str, str]:
    def program() -> None:
        cortex.Secret("db", tag="db_pw", name="DB", value=SECRET_VALUE)
        cortex.Team("platform", team_tag="platform", name="Platform")
        for name, (kind, inputs) in EVERY_TYPE.items():
            if name not in ("db",):
                getattr(cortex, kind)(name, **inputs)

    return blobs_from_program(program)


@pytest.fixture
def proc(emu: Emulator) -> Iterator[ProviderProcess]:
    with ProviderProcess() as p:
        p.configure({"cortex:apiToken": secret(ADMIN_TOKEN), "cortex:baseUrl": emu.url, "other:key": "x"})
        yield p


def test_blob_is_by_reference_and_holds_no_secrets(blobs: dict[str, str]) -> None:
    raw = decoded(blobs["db"])
    assert b"cortex_pulumi.provider.secret" in raw and b"_SecretProvider" in raw
    assert len(blobs["db"]) < 400, "provider pickled by value?"
    assert SECRET_VALUE.encode() not in raw and ADMIN_TOKEN.encode() not in raw


def test_secret_full_cycle(proc: ProviderProcess, blobs: dict[str, str], emu: Emulator) -> None:
    u = urn("Secret", "db")
    news = {"tag": "db_pw", "name": "DB", "value": SECRET_VALUE, PROVIDER_KEY: blobs["db"]}
    inputs, failures = proc.check(u, {}, news)
    assert failures == []
    id_, outs = proc.create(u, inputs)
    assert id_ == "db_pw" and outs[PROVIDER_KEY] == blobs["db"]
    state = json.dumps(outs)
    assert SECRET_VALUE not in state and ADMIN_TOKEN not in state
    assert ADMIN_TOKEN not in base64.b64decode(outs[PROVIDER_KEY]).decode("latin-1")

    same = proc.diff(u, id_, outs, inputs)
    assert same.changes == same.DIFF_NONE
    changed_inputs, _ = proc.check(u, inputs, {**news, "value": "rotated", "name": "DB2"})
    diff = proc.diff(u, id_, outs, changed_inputs)
    assert diff.changes == diff.DIFF_SOME and list(diff.replaces) == []
    outs2 = proc.update(u, id_, outs, changed_inputs)
    # Under the engine an output equal to its input is recorded once, as the input (provider/_compact.py).
    assert "name" not in outs2 and "name" in outs2[ELIDED] and outs2["tag"] == "db_pw"
    assert expand(outs2, changed_inputs)["name"] == "DB2" and "rotated" not in json.dumps(outs2)

    replace = proc.diff(u, id_, outs2, {**changed_inputs, "tag": "db_pw2"})
    assert list(replace.replaces) == ["tag"]

    read_id, read_outs, read_inputs = proc.read(u, id_, outs2, changed_inputs)
    assert read_id == "db_pw" and expand(read_outs, changed_inputs)["name"] == "DB2" and not read_inputs  # unchanged in Cortex: the recorded inputs stay

    proc.delete(u, id_, outs2)
    gone_id, _, _ = proc.read(u, id_, outs2, changed_inputs)
    assert gone_id == ""
    proc.delete(u, id_, outs2)  # idempotent


def test_check_failures_and_unknowns_over_the_wire(proc: ProviderProcess, blobs: dict[str, str]) -> None:
    u = urn("Team", "platform")
    _, failures = proc.check(u, {}, {"team_tag": "bad tag", "name": "P", PROVIDER_KEY: blobs["platform"]})
    assert [f for f, _ in failures] == ["team_tag"]
    inputs, failures = proc.check(u, {}, {"team_tag": UNKNOWN, "name": "P", "members": UNKNOWN,
                                          PROVIDER_KEY: blobs["platform"]})
    assert failures == []
    diff = proc.diff(u, "platform", {"team_tag": "platform", "name": "P", "type": "CORTEX"},
                     {"team_tag": UNKNOWN, "name": "P", "type": "CORTEX", PROVIDER_KEY: blobs["platform"]})
    assert diff.changes == diff.DIFF_SOME and "team_tag" in diff.replaces


def test_errors_name_resource_and_carry_no_token(proc: ProviderProcess, blobs: dict[str, str], emu: Emulator) -> None:
    api(emu).post("/api/v1/teams", json={"teamTag": "platform", "type": "CORTEX", "metadata": {"name": "x"},
                                         "links": [], "slackChannels": [], "cortexTeam": {"members": []}})
    u = urn("Team", "platform")
    inputs, _ = proc.check(u, {}, {"team_tag": "platform", "name": "P", PROVIDER_KEY: blobs["platform"]})
    with pytest.raises(grpc.RpcError) as err:
        proc.create(u, inputs)
    details = err.value.details()
    assert err.value.code() == grpc.StatusCode.UNKNOWN
    first, hint = details.splitlines()
    assert first.startswith("Unable to create Cortex team 'platform': 409 Conflict on POST /api/v1/teams")
    assert hint.startswith("Hint: pass adopt=True") and ADMIN_TOKEN not in details
    assert "Traceback" not in details  # the message alone, one block


def test_four_concurrent_creates(proc: ProviderProcess, blobs: dict[str, str], emu: Emulator) -> None:
    u = urn("Team", "t")

    def create(i: int) -> tuple[str, dict[str, Any]]:
        inputs, failures = proc.check(u, {}, {"team_tag": f"team-{i}", "name": f"T{i}",
                                              "members": [{"email": f"m{i}@example.com", "name": "M"}],
                                              PROVIDER_KEY: blobs["platform"]})
        assert failures == []
        return proc.create(u, inputs)

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(create, range(8)))
    assert sorted(id_ for id_, _ in results) == sorted(f"team-{i}" for i in range(8))
    assert len(emu.requests("POST", "/api/v1/teams")) == 8


def test_missing_token_is_one_clear_error(emu: Emulator, blobs: dict[str, str]) -> None:
    with ProviderProcess() as p:
        p.configure({"cortex:baseUrl": emu.url, "cortex:previewChecks": "false"})
        u = urn("Secret", "db")
        inputs, failures = p.check(u, {}, {"tag": "db_pw", "name": "DB", "value": "v", PROVIDER_KEY: blobs["db"]})
        assert failures == []  # with preview checks off, preview works without a token
        with pytest.raises(grpc.RpcError) as err:
            p.create(u, inputs)
        last = err.value.details().strip().splitlines()[-1]
        assert "cortex:apiToken" in last and "CORTEX_API_TOKEN" in last


def test_every_resource_type_through_the_process(proc: ProviderProcess, blobs: dict[str, str], emu: Emulator) -> None:
    """Check -> Create -> Diff (none) -> Read -> Delete for each type, in dependency order, then in reverse."""
    api(emu).post("/api/v1/teams", json={"teamTag": "platform", "type": "CORTEX", "metadata": {"name": "P"},
                                         "links": [], "slackChannels": [], "cortexTeam": {"members": []}})
    created: list[tuple[str, str, str, dict[str, Any]]] = []
    for name, (kind, inputs) in EVERY_TYPE.items():
        u = urn(kind, name)
        checked_inputs, failures = proc.check(u, {}, {**inputs, PROVIDER_KEY: blobs[name]})
        assert failures == [], (name, failures)
        id_, outs = proc.create(u, checked_inputs)
        assert id_, name
        diff = proc.diff(u, id_, outs, checked_inputs)
        assert diff.changes == diff.DIFF_NONE, (name, outs, checked_inputs)
        read_id, read_outs, _ = proc.read(u, id_, outs, checked_inputs)
        assert read_id == id_, name
        again = proc.diff(u, id_, read_outs, checked_inputs)
        assert again.changes == again.DIFF_NONE, (name, read_outs, checked_inputs)
        created.append((name, u, id_, read_outs))
    state = json.dumps([c[3] for c in created])
    assert SECRET_VALUE not in state and ADMIN_TOKEN not in state
    assert created[-2][2].startswith("payments/") and created[3][2].startswith("ready/payments/")
    for name, u, id_, outs in reversed(created):
        proc.delete(u, id_, outs)
        gone_id, _, _ = proc.read(u, id_, outs)
        assert gone_id == "", name
