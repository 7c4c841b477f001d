"""TeamHierarchy provider against the emulator: replace-all edges, ownership conflicts, cycles, unknown teams."""

from __future__ import annotations

from typing import Any

import pytest

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider._errors import CortexResourceError
from cortex_pulumi.provider.team_hierarchy import _TeamHierarchyProvider, find_cycle
from tests.support import api

from .conftest import checked, failures


def _teams(emu: Emulator, *tags: str) -> None:
    for tag in tags:
        body = {"teamTag": tag, "type": "CORTEX", "metadata": {"name": tag}, "links": [], "slackChannels": [],
                "cortexTeam": {"members": []}}
        assert api(emu).post("/api/v1/teams", json=body).status_code == 200


def _edges(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {"edges": [{"parent": p, "child": c} for p, c in pairs]}


def _server(emu: Emulator) -> set[tuple[str, str]]:
    edges = api(emu).get("/api/v1/teams/relationships").json()["edges"]
    return {(e["parentTeamTag"], e["childTeamTag"]) for e in edges}


def test_lifecycle(make: Any, emu: Emulator) -> None:
    _teams(emu, "org", "platform", "payments", "search")
    p = make(_TeamHierarchyProvider)
    props = checked(p, _edges(("org", "platform"), ("platform", "payments")))
    created = p.create(props)
    assert created.id == "team-hierarchy"
    assert created.outs["edges"] == props["edges"] and created.outs["edge_count"] == 2
    assert _server(emu) == {("org", "platform"), ("platform", "payments")}

    reordered = checked(p, _edges(("platform", "payments"), ("org", "platform")))
    assert p.diff(created.id, created.outs, reordered).changes is False
    read = p.read(created.id, created.outs)
    assert read.outs["edges"] == created.outs["edges"] and read.inputs is None  # unchanged in Cortex: the recorded inputs stay

    new = checked(p, _edges(("org", "platform"), ("org", "search")))
    d = p.diff(created.id, created.outs, new)
    assert d.changes is True and d.replaces == []
    emu.clear_requests()
    updated = p.update(created.id, created.outs, new)
    assert len(emu.requests("PUT", "/api/v1/teams/relationships")) == 1
    assert _server(emu) == {("org", "platform"), ("org", "search")}

    # drift: an edge added out of band
    body = {"edges": [{"parentTeamTag": "org", "childTeamTag": "platform"}, {"parentTeamTag": "org", "childTeamTag": "search"},
                      {"parentTeamTag": "org", "childTeamTag": "payments"}]}
    assert api(emu).put("/api/v1/teams/relationships?replace=true", json=body).status_code == 200
    drift = p.read(created.id, updated.outs)
    assert len(drift.outs["edges"]) == 3 and drift.outs["edges"][-1] == {"parent": "org", "child": "payments"}
    assert p.diff(created.id, drift.outs, new).changes is True

    # emptied out of band -> gone; delete empties; twice is fine
    assert api(emu).put("/api/v1/teams/relationships?replace=true", json={"edges": []}).status_code == 200
    assert p.read(created.id, drift.outs).id == ""
    p.create(new)  # the refresh dropped it from state, so the next `up` creates it again
    p.delete(created.id, updated.outs)
    assert _server(emu) == set()
    p.delete(created.id, updated.outs)


def test_existing_edges_need_adopt(make: Any, emu: Emulator) -> None:
    _teams(emu, "org", "platform", "legacy")
    body = {"edges": [{"parentTeamTag": "org", "childTeamTag": "legacy"}]}
    assert api(emu).put("/api/v1/teams/relationships?replace=true", json=body).status_code == 200
    p = make(_TeamHierarchyProvider)
    with pytest.raises(CortexResourceError) as err:
        p.create(checked(p, _edges(("org", "platform"))))
    assert "org -> legacy" in str(err.value) and "adopt=True" in str(err.value)
    assert _server(emu) == {("org", "legacy")}, "nothing may be written before adoption is allowed"
    adopted = p.create(checked(p, {**_edges(("org", "platform")), "adopt": True}))
    assert adopted.outs["edge_count"] == 1 and _server(emu) == {("org", "platform")}


def test_unknown_teams_refused_at_create_and_in_server_validation(make: Any, emu: Emulator) -> None:
    _teams(emu, "org")
    p = make(_TeamHierarchyProvider)
    with pytest.raises(CortexResourceError, match="ghost"):
        p.create(checked(p, _edges(("org", "ghost"))))
    assert not emu.requests("PUT", "/api/v1/teams/relationships")
    strict = make(_TeamHierarchyProvider, validateWithServer="true")
    assert "ghost" in failures(strict, _edges(("org", "ghost")))["edges"]


def test_cycle_detection() -> None:
    assert find_cycle([("a", "b"), ("b", "c"), ("c", "a")]) == ["a", "b", "c", "a"]
    assert find_cycle([("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")]) is None
    assert find_cycle([("x", "y"), ("y", "z"), ("z", "y")]) == ["y", "z", "y"]


@pytest.mark.parametrize(
    ("news", "field"),
    [
        ({}, "edges"),
        (_edges(("a", "a")), "edges[0]"),
        (_edges(("a", "b"), ("a", "b")), "edges[1]"),
        (_edges(("a", "b"), ("b", "c"), ("c", "a")), "edges"),
        (_edges(("a b", "c")), "edges[0].parent"),
        ({"edges": [{"parent": "a"}]}, "edges[0].child"),
        ({"edges": [{"parent": "a", "kid": "b", "child": "c"}]}, "edges[0].kid"),
    ],
)
def test_check_failures(make: Any, news: dict[str, Any], field: str) -> None:
    got = failures(make(_TeamHierarchyProvider), news)
    assert field in got, got
    if field == "edges" and news:
        assert "a -> b -> c -> a" in got["edges"]
