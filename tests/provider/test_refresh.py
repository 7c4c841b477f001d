"""Refresh is a fixed point: an unchanged object leaves the recorded inputs alone; a drifted one reports inputs
without the defaults the program would not write either."""

from __future__ import annotations

from typing import Any

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider.secret import _SecretProvider
from cortex_pulumi.provider.team import _TeamProvider
from tests.support import api

from .conftest import checked


def test_unchanged_objects_keep_their_inputs_and_drift_reports_no_defaults(make: Any, emu: Emulator) -> None:
    p = make(_TeamProvider)
    props = checked(p, {"team_tag": "ops", "name": "Ops", "members": [{"email": "ada@example.com", "name": "Ada"}]})
    outs = p.create(props).outs
    assert outs["archived"] is False and outs["members"][0]["roles"] == []  # Cortex's defaults, in the outputs
    for _ in range(3):
        assert p.read("ops", outs).inputs is None
    team = api(emu).get("/api/v1/teams/ops").json()
    api(emu).put("/api/v1/teams/ops", json={**team, "metadata": {"name": "Renamed in the UI"}}).raise_for_status()
    drifted = p.read("ops", outs).inputs
    assert drifted is not None and drifted["name"] == "Renamed in the UI"
    # Nothing the program would get by leaving it out, at any depth: no member's `notifications_enabled: true`.
    assert "archived" not in drifted and drifted["members"] == [{"email": "ada@example.com", "name": "Ada"}]


def test_a_secret_refresh_keeps_the_value_it_cannot_read(make: Any, emu: Emulator) -> None:
    p = make(_SecretProvider)
    props = checked(p, {"tag": "db", "name": "DB", "value": "s3cret-value"})
    outs = p.create(props).outs
    assert p.read("db", outs).inputs is None  # Pulumi keeps the recorded inputs, value included
    api(emu).put("/api/v1/secrets/db", json={"name": "Renamed"}).raise_for_status()
    drifted = p.read("db", outs)
    assert drifted.outs["name"] == "Renamed" and drifted.inputs == {"tag": "db", "name": "Renamed"}
    assert "value" not in drifted.inputs, "Cortex never returns the value: a refresh cannot record one"
    assert p.diff("db", drifted.outs, props).changes is True  # the rename shows against the program
    assert p.changed(drifted.outs, props) == ["name"], "the value, compared by its hash, has not changed"
