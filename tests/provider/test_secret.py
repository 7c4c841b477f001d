"""Secret provider against the emulator: lifecycle, drift, adopt, validation, and the value never stored."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.output import Unknown

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider._errors import CortexResourceError
from cortex_pulumi.provider.secret import _SecretProvider
from tests.support import api

from .conftest import checked, failures

VALUE = "hunter2-very-secret"


def _inputs(**over: Any) -> dict[str, Any]:
    return {"tag": "payments_db", "name": "Payments DB", "value": VALUE, **over}


def test_lifecycle(make: Any, emu: Emulator) -> None:
    p = make(_SecretProvider)
    props = checked(p, _inputs())
    created = p.create(props)
    assert created.id == "payments_db"
    outs = created.outs
    assert outs["cortex_id"].startswith("se") and outs["name"] == "Payments DB"
    assert VALUE not in repr(outs), "the plaintext value must not be in outputs"
    assert len(emu.requests("POST", "/api/v1/secrets")) == 1

    # read == state; no diff against the same program
    read = p.read(created.id, outs)
    assert read.id == "payments_db" and read.outs == outs
    assert read.inputs is None  # the recorded inputs, with the value Cortex cannot return, stay
    assert p.diff(created.id, outs, props).changes is False

    # value change is detected through the salted hash, a new name too; neither replaces
    d = p.diff(created.id, outs, checked(p, _inputs(value="rotated")))
    assert d.changes is True and d.replaces == []
    d = p.diff(created.id, outs, checked(p, _inputs(version="2")))
    assert d.changes is True and d.replaces == []

    emu.clear_requests()
    updated = p.update(created.id, outs, checked(p, _inputs(value="rotated", name="DB")))
    assert [r["method"] for r in emu.requests(path_prefix="/api/v1/secrets")] == ["PUT"]
    assert updated.outs["name"] == "DB" and updated.outs["value_hash"] != outs["value_hash"]
    assert updated.outs["salt"] == outs["salt"]
    assert p.diff(created.id, updated.outs, checked(p, _inputs(value="rotated", name="DB"))).changes is False

    # identity change replaces (create-before-delete: a new tag does not collide)
    d = p.diff(created.id, updated.outs, checked(p, _inputs(tag="other_db")))
    assert d.replaces == ["tag"] and not d.delete_before_replace

    # drift: renamed out of band -> refresh sees it
    assert api(emu).put("/api/v1/secrets/payments_db", json={"name": "Renamed"}).status_code == 200
    drift = p.read(created.id, updated.outs)
    assert drift.outs["name"] == "Renamed"
    assert p.diff(created.id, drift.outs, checked(p, _inputs(value="rotated", name="DB"))).changes is True

    # out-of-band delete -> gone; delete twice is fine
    assert api(emu).delete("/api/v1/secrets/payments_db").status_code == 200
    gone = p.read(created.id, updated.outs)
    assert gone.id == "" and gone.outs == {}
    p.delete(created.id, updated.outs)
    p.delete(created.id, updated.outs)


def test_only_adopt_changed_sends_nothing(make: Any, emu: Emulator) -> None:
    p = make(_SecretProvider)
    created = p.create(checked(p, _inputs()))
    emu.clear_requests()
    out = p.update(created.id, created.outs, checked(p, _inputs(adopt=True)))
    assert emu.requests(path_prefix="/api/v1/secrets") == []
    assert out.outs["value_hash"] == created.outs["value_hash"]


def test_conflict_and_adopt(make: Any, emu: Emulator) -> None:
    p = make(_SecretProvider, previewChecks="false")  # create's own check (an object made after preview)
    api(emu).post("/api/v1/secrets", json={"tag": "payments_db", "name": "Old", "secret": "x1234"})
    with pytest.raises(CortexResourceError) as err:
        p.create(checked(p, _inputs()))
    text = str(err.value)
    assert text.startswith("Unable to create Cortex secret 'payments_db': 409 Conflict on POST /api/v1/secrets")
    assert "adopt=True" in text and VALUE not in text

    adopted = p.create(checked(p, _inputs(adopt=True)))
    assert adopted.outs["name"] == "Payments DB"
    assert emu.requests("PUT", "/api/v1/secrets/payments_db")


@pytest.mark.parametrize(
    ("news", "field"),
    [
        ({"name": "n", "value": "v"}, "tag"),
        (_inputs(tag="has space"), "tag"),
        (_inputs(tag="x" * 101), "tag"),
        (_inputs(name=""), "name"),
        ({"tag": "t", "name": "n"}, "value"),
        (_inputs(value=12.0), "value"),
        (_inputs(adopt="yes"), "adopt"),
        (_inputs(version=3), "version"),
    ],
)
def test_check_failures(make: Any, news: dict[str, Any], field: str) -> None:
    got = failures(make(_SecretProvider), news)
    assert field in got, got


def test_check_skips_unknowns(make: Any) -> None:
    p = make(_SecretProvider)
    result = p.check({}, {"tag": Unknown(), "name": "n", "value": Unknown()})
    assert result.failures == []
    d = p.diff("t", {"tag": "t", "name": "n", "salt": "s", "value_hash": "h"}, {"tag": "t", "name": "n", "value": Unknown()})
    assert d.changes is True


def test_missing_token_names_both_settings(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CORTEX_API_TOKEN", raising=False)
    p = _SecretProvider()
    p.configure(ConfigureRequest(Config({"cortex:baseUrl": emu.url}, "cortex-test")))
    with pytest.raises(CortexResourceError) as err:
        p.create(_inputs())
    assert "cortex:apiToken" in str(err.value) and "CORTEX_API_TOKEN" in str(err.value)
    assert str(err.value).startswith("Unable to create Cortex secret 'payments_db'")
