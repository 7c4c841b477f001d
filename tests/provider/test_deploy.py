"""Deploy provider against the emulator: entity/uuid ids, update by uuid, kept timestamps, retain, adopt."""

from __future__ import annotations

from typing import Any

import pytest

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider._ids import deploy_id, parse_deploy_id
from cortex_pulumi.provider.deploy import _DeployProvider
from tests.support import api

from .conftest import checked, failures


def _deploy(**over: Any) -> dict[str, Any]:
    return {"entity": "payments-svc", "title": "payments 1.4.2", "sha": "abc123", "environment": "prod",
            "deployer": {"email": "ci@example.com", "name": "CI"}, "custom_data": {"run": 42}, **over}


def _list(emu: Emulator, entity: str = "payments-svc") -> list[dict[str, Any]]:
    return api(emu).get(f"/api/v1/catalog/{entity}/deploys").json()["deployments"]


def test_ids_round_trip() -> None:
    assert parse_deploy_id(deploy_id("svc", "1234-abcd")) == ("svc", "1234-abcd")
    assert parse_deploy_id(deploy_id("a/b", "u")) == ("a/b", "u")
    with pytest.raises(ValueError, match="entity>/<uuid"):
        parse_deploy_id("just-one-part")


def test_lifecycle(make: Any, emu: Emulator) -> None:
    emu.register_entity("payments-svc")
    emu.register_entity("search-svc")
    p = make(_DeployProvider)
    props = checked(p, _deploy())
    assert "type" not in props  # the default is left to Cortex (DEPLOY) and to the diff canon
    created = p.create(props)
    entity, uuid = parse_deploy_id(created.id)
    assert entity == "payments-svc" and uuid == created.outs["uuid"]
    assert created.outs["timestamp"].endswith("Z") and created.outs["deployer"] == {"email": "ci@example.com", "name": "CI"}
    assert created.outs["custom_data"] == {"run": 42}
    assert p.diff(created.id, created.outs, props).changes is False  # no timestamp in the program: no diff

    read = p.read(created.id, created.outs)
    assert read.outs == created.outs
    assert read.inputs is None  # unchanged in Cortex: the recorded inputs stay

    new = checked(p, _deploy(title="payments 1.4.3", type="rollback", timestamp="2024-05-01T12:00:00+02:00"))
    assert new["type"] == "ROLLBACK" and new["timestamp"] == "2024-05-01T10:00:00.000Z"
    assert p.diff(created.id, created.outs, new).replaces == []
    emu.clear_requests()
    updated = p.update(created.id, created.outs, new)
    assert [r["method"] for r in emu.requests(path_prefix="/api/v1/catalog")] == ["PUT"]
    assert updated.outs["uuid"] == uuid and updated.outs["timestamp"] == "2024-05-01T10:00:00.000Z"
    assert p.diff(created.id, updated.outs, new).changes is False

    # updating without a timestamp keeps the recorded one (the server would otherwise use "now")
    later = p.update(created.id, updated.outs, checked(p, _deploy(title="t2")))
    assert later.outs["timestamp"] == "2024-05-01T10:00:00.000Z"

    assert p.diff(created.id, later.outs, checked(p, _deploy(entity="search-svc"))).replaces == ["entity"]

    # drift and gone
    body = {"title": "edited", "type": "DEPLOY", "timestamp": "2024-05-01T10:00:00Z"}
    assert api(emu).put(f"/api/v1/catalog/payments-svc/deploys/{uuid}", json=body).status_code == 200
    drift = p.read(created.id, later.outs)
    assert drift.outs["title"] == "edited" and drift.outs["sha"] is None
    assert api(emu).delete(f"/api/v1/catalog/payments-svc/deploys/{uuid}").status_code == 200
    assert p.read(created.id, later.outs).id == ""
    p.delete(created.id, later.outs)
    p.delete(created.id, later.outs)


def test_unknown_entity_read_is_gone(make: Any, emu: Emulator) -> None:
    p = make(_DeployProvider)
    assert p.read(deploy_id("ghost", "u-1"), {"entity": "ghost"}).id == ""


def test_retain_on_delete_keeps_the_record(make: Any, emu: Emulator) -> None:
    emu.register_entity("payments-svc")
    p = make(_DeployProvider)
    created = p.create(checked(p, _deploy(retain_on_delete=True)))
    p.delete(created.id, created.outs)
    assert [d["uuid"] for d in _list(emu)] == [created.outs["uuid"]]
    plain = p.create(checked(p, _deploy(title="other")))
    p.delete(plain.id, plain.outs)
    assert len(_list(emu)) == 1


def test_adopt_takes_over_a_matching_deploy(make: Any, emu: Emulator) -> None:
    emu.register_entity("payments-svc")
    body = {"title": "payments 1.4.2", "type": "DEPLOY", "sha": "abc123", "environment": "prod",
            "timestamp": "2024-01-01T00:00:00Z"}
    uuid = api(emu).post("/api/v1/catalog/payments-svc/deploys", json=body).json()["uuid"]
    p = make(_DeployProvider)
    adopted = p.create(checked(p, _deploy(adopt=True)))
    assert adopted.outs["uuid"] == uuid and adopted.outs["timestamp"] == "2024-01-01T00:00:00.000Z"
    assert adopted.outs["deployer"]["email"] == "ci@example.com"
    assert len(_list(emu)) == 1


@pytest.mark.parametrize(
    ("news", "field"),
    [
        ({"title": "t"}, "entity"),
        (_deploy(entity="has space"), "entity"),
        (_deploy(title=""), "title"),
        (_deploy(type="LAUNCH"), "type"),
        (_deploy(timestamp="yesterday"), "timestamp"),
        (_deploy(deployer={"email": "nope"}), "deployer.email"),
        (_deploy(deployer={"mail": "a@b.co"}), "deployer.mail"),
        (_deploy(custom_data=["x"]), "custom_data"),
        (_deploy(retain_on_delete="yes"), "retain_on_delete"),
    ],
)
def test_check_failures(make: Any, news: dict[str, Any], field: str) -> None:
    got = failures(make(_DeployProvider), news)
    assert field in got, got


def test_a_deploy_deleted_in_cortex_is_recorded_again_exactly(make: Any, emu: Emulator) -> None:
    emu.register_entity("payments-svc")
    p = make(_DeployProvider)
    props = checked(p, _deploy(url="https://ci.example.com/run/42", timestamp="2024-05-01T10:00:00Z"))
    made = p.create(props)
    before = [{k: v for k, v in d.items() if k != "uuid"} for d in _list(emu)]
    assert api(emu).delete(f"/api/v1/catalog/payments-svc/deploys/{made.outs['uuid']}").status_code == 200
    assert p.read(made.id, made.outs).id == ""  # the refresh drops it, the next `up` records it again
    again = p.create(props)
    assert again.outs["uuid"] != made.outs["uuid"]
    assert [{k: v for k, v in d.items() if k != "uuid"} for d in _list(emu)] == before
    assert again.outs["timestamp"] == "2024-05-01T10:00:00.000Z"
