"""What the Team and TeamHierarchy providers leave alone: unmanaged collections, IdP members, synced edges,
and other stacks' edges under DECLARED ownership."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider import _hierarchy_merge
from cortex_pulumi.provider.team import _TeamProvider
from cortex_pulumi.provider.team_hierarchy import _TeamHierarchyProvider
from tests.support import api

from .conftest import checked

EDGES = "/api/v1/teams/relationships"
UI_MEMBER = {"email": "ui@example.com", "name": "Added in the UI", "notificationsEnabled": True, "roleTags": []}


@pytest.fixture(autouse=True)
def quick_settle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_hierarchy_merge, "SETTLE", (0.0, 0.01))


def _members(emu: Emulator, tag: str) -> list[str]:
    return [m["email"] for m in api(emu).get(f"/api/v1/teams/{tag}").json()["cortexTeam"]["members"]]


def _edges(emu: Emulator) -> set[tuple[str, str]]:
    return {(e["parentTeamTag"], e["childTeamTag"]) for e in api(emu).get(EDGES).json()["edges"]}


def _teams(emu: Emulator, *tags: str) -> None:
    for tag in tags:
        body = {"type": "CORTEX", "teamTag": tag, "metadata": {"name": tag}, "links": [], "slackChannels": [],
                "cortexTeam": {"members": []}}
        api(emu).post("/api/v1/teams", json=body).raise_for_status()


def _pairs(*pairs: tuple[str, str], ownership: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"edges": [{"parent": p, "child": c} for p, c in pairs]}
    return {**out, "ownership": ownership} if ownership else out


def test_omitted_members_links_and_channels_are_left_as_cortex_has_them(make: Any, emu: Emulator) -> None:
    p = make(_TeamProvider)
    props = checked(p, {"team_tag": "ops", "name": "Ops"})
    outs = p.create(props).outs
    api(emu).put("/api/v1/teams/ops/members", json={"type": "CORTEX", "members": [UI_MEMBER]}).raise_for_status()
    link = {"name": "Wiki", "type": "documentation", "url": "https://wiki.example.com"}
    team = api(emu).get("/api/v1/teams/ops").json()
    api(emu).put("/api/v1/teams/ops", json={**team, "links": [link]}).raise_for_status()

    renamed = checked(p, {"team_tag": "ops", "name": "Operations"}, olds=props)
    assert p.diff("ops", outs, checked(p, {"team_tag": "ops", "name": "Ops"}, olds=props)).changes is False
    updated = p.update("ops", outs, renamed).outs
    assert _members(emu, "ops") == ["ui@example.com"] and updated["members"][0]["email"] == "ui@example.com"
    assert api(emu).get("/api/v1/teams/ops").json()["links"] == [link]

    # `[]` means "none": the same update with members=[] removes the UI's member.
    none = checked(p, {"team_tag": "ops", "name": "Operations", "members": []}, olds=renamed)
    assert p.diff("ops", updated, none).changes is True
    p.update("ops", updated, none)
    assert _members(emu, "ops") == []


def test_idp_team_keeps_its_synced_members(make: Any, emu: Emulator) -> None:
    p = make(_TeamProvider)
    props = checked(p, {"team_tag": "people", "name": "People",
                        "idp_group": {"group": "people@example.com", "provider": "OKTA"}})
    outs = p.create(props).outs
    api(emu).put("/_emulator/teams/people/idp-members", json={"members": [{"email": "ada@example.com"}]}).raise_for_status()
    new = checked(p, {**props, "name": "People Ops"}, olds=props)
    updated = p.update("people", outs, new).outs
    assert updated["idp_members"] == ["ada@example.com"]


def test_synced_edges_are_never_removed(make: Any, emu: Emulator) -> None:
    _teams(emu, "org", "hr", "eng", "ops")
    sync = {"provider": "WORKDAY", "edges": [{"parentTeamTag": "org", "childTeamTag": "hr"}]}
    api(emu).post("/_emulator/teams/relationships/sync", json=sync).raise_for_status()
    p = make(_TeamHierarchyProvider)
    props = checked(p, _pairs(("org", "eng")))  # a synced-only hierarchy needs no adopt
    made = p.create(props).outs
    assert _edges(emu) == {("org", "hr"), ("org", "eng")}
    assert made["edges"] == [{"parent": "org", "child": "eng"}] and made["synced_edges"] == [{"parent": "org", "child": "hr"}]
    # An update that writes nothing (same edges, now adopt) keeps the synced edges it last saw in its outputs.
    adopting = checked(p, {**_pairs(("org", "eng")), "adopt": True}, olds=props)
    made = p.update("team-hierarchy", made, adopting).outs
    assert made["synced_edges"] == [{"parent": "org", "child": "hr"}] and made["adopt"] is True
    props = adopting
    new = checked(p, _pairs(("org", "ops")), olds=props)
    updated = p.update("team-hierarchy", made, new).outs
    assert _edges(emu) == {("org", "hr"), ("org", "ops")} and updated["edge_count"] == 1
    assert p.read("team-hierarchy", updated).inputs is None  # the synced edge is not this resource's change
    p.delete("team-hierarchy", updated)
    assert _edges(emu) == {("org", "hr")}


def test_declared_ownership_merges_with_other_writers(make: Any, emu: Emulator) -> None:
    _teams(emu, "org", "a", "a1", "b", "b1")
    p = make(_TeamHierarchyProvider)
    a = checked(p, _pairs(("org", "a"), ("a", "a1"), ownership="declared"))
    assert a["ownership"] == "DECLARED"
    b = checked(p, _pairs(("org", "b"), ("b", "b1"), ownership="DECLARED"))
    a_outs = p.create(a).outs
    b_outs = p.create(b).outs
    assert _edges(emu) == {("org", "a"), ("a", "a1"), ("org", "b"), ("b", "b1")}
    assert b_outs["edge_count"] == 2 and p.read("team-hierarchy", a_outs).inputs is None  # b's edges are not a's

    smaller = checked(p, _pairs(("org", "a"), ownership="DECLARED"), olds=a)
    a_outs = p.update("team-hierarchy", a_outs, smaller).outs
    assert _edges(emu) == {("org", "a"), ("org", "b"), ("b", "b1")}
    # Another writer removed one of b's edges: refresh shows it missing, so the next preview adds it again.
    api(emu).put(EDGES, params={"replace": "true"}, json={"edges": [
        {"parentTeamTag": "org", "childTeamTag": "a"}, {"parentTeamTag": "org", "childTeamTag": "b"}]}).raise_for_status()
    refreshed = p.read("team-hierarchy", b_outs)
    assert refreshed.inputs["edges"] == [{"parent": "org", "child": "b"}]
    assert p.diff("team-hierarchy", refreshed.outs, b).changes is True
    p.delete("team-hierarchy", a_outs)
    assert _edges(emu) == {("org", "b")}


def test_concurrent_declared_writers_keep_every_edge(make: Any, emu: Emulator) -> None:
    subtrees = {f"s{i}": [(f"s{i}", f"s{i}-{j}") for j in range(3)] for i in range(4)}
    _teams(emu, "root", *subtrees, *(c for pairs in subtrees.values() for _, c in pairs))
    sync = {"provider": "WORKDAY", "edges": [{"parentTeamTag": "root", "childTeamTag": "s0"}]}
    api(emu).post("/_emulator/teams/relationships/sync", json=sync).raise_for_status()
    p = make(_TeamHierarchyProvider)
    errors: list[BaseException] = []

    def apply(tag: str, pairs: list[tuple[str, str]]) -> None:
        try:
            p.create(checked(p, _pairs(("root", tag), *pairs, ownership="DECLARED")))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=apply, args=item) for item in subtrees.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    wanted = {("root", t) for t in subtrees} | {pair for pairs in subtrees.values() for pair in pairs}
    assert _edges(emu) == wanted
    assert {e.get("provider") for e in api(emu).get(EDGES).json()["edges"] if e["childTeamTag"] == "s0"} == {"WORKDAY"}


def test_a_writer_that_keeps_undoing_the_merge_is_reported() -> None:
    from cortex_pulumi.client.models.team_hierarchy import TeamEdge

    theirs = [TeamEdge(parent_team_tag="org", child_team_tag="x")]
    writes: list[list[tuple[str, str]]] = []
    merger = _hierarchy_merge.Merger(lambda: list(theirs), writes.append, attempts=3, settle=(0.0, 0.0),
                                     sleep=lambda _s: None)  # every write is undone before the read-back
    with pytest.raises(_hierarchy_merge.HierarchyContention, match="org -> a"):
        merger.apply([("org", "a")], set())
    assert writes == [[("org", "x"), ("org", "a")]] * 3


def test_declared_outputs_hold_the_other_edges_cortex_has(make: Any, emu: Emulator) -> None:
    _teams(emu, "org", "platform", "finance", "payments")
    p = make(_TeamHierarchyProvider)
    props = checked(p, {"edges": [{"parent": "platform", "child": "payments"}], "ownership": "DECLARED"})
    made = p.create(props).outs
    assert made["other_edges"] == []
    # moved in the UI: payments leaves platform for finance
    body = {"edges": [{"parentTeamTag": "finance", "childTeamTag": "payments"}]}
    assert api(emu).put(f"{EDGES}?replace=true", json=body).status_code == 200
    read = p.read("team-hierarchy", made)
    assert read.outs["edges"] == [] and read.outs["other_edges"] == [{"parent": "finance", "child": "payments"}]
    restored = p.update("team-hierarchy", read.outs, props).outs
    assert _edges(emu) == {("finance", "payments"), ("platform", "payments")}
    assert restored["other_edges"] == [{"parent": "finance", "child": "payments"}]


def _check(p: Any, news: dict[str, Any], olds: dict[str, Any]) -> dict[str, str]:
    result = p.check(olds, {**news, "__provider": "blob"})
    return {f.property: f.reason for f in result.failures}


def test_the_preview_of_a_declared_stack_sees_its_edge_removed_by_another_writer(make: Any, emu: Emulator) -> None:
    _teams(emu, "org", "platform", "payments", "finance")
    p = make(_TeamHierarchyProvider)
    props = checked(p, {"edges": [{"parent": "platform", "child": "payments"}], "ownership": "DECLARED"})
    made = p.create(props).outs
    assert _check(p, props, props) == {}
    # An ALL-owned stack (or the UI) replaces the hierarchy with its own edges only.
    body = {"edges": [{"parentTeamTag": "org", "childTeamTag": "finance"}]}
    assert api(emu).put(f"{EDGES}?replace=true", json=body).status_code == 200
    emu.clear_requests()
    got = _check(p, props, props)
    assert set(got) == {"edges"} and "platform -> payments" in got["edges"] and "ALL" in got["edges"], got
    assert 'ownership="DECLARED"' in got["edges"] and "pulumi up --refresh" in got["edges"]
    assert [r["method"] for r in emu.requests(path_prefix="/api/v1/teams")] == ["GET"], "one read, no write"
    # After a refresh the state no longer claims the edge: the preview shows it to be added, and up does so.
    refreshed = p.read("team-hierarchy", made)
    assert refreshed.inputs is not None and _check(p, props, refreshed.inputs) == {}


def test_the_preview_of_an_all_stack_sees_edges_another_writer_added(make: Any, emu: Emulator) -> None:
    _teams(emu, "org", "platform", "payments")
    p = make(_TeamHierarchyProvider)
    props = checked(p, {"edges": [{"parent": "org", "child": "platform"}]})
    p.create(props)
    assert _check(p, props, props) == {}
    body = {"edges": [{"parentTeamTag": "org", "childTeamTag": "platform"},
                      {"parentTeamTag": "platform", "childTeamTag": "payments"}]}
    assert api(emu).put(f"{EDGES}?replace=true", json=body).status_code == 200
    got = _check(p, props, props)
    assert "platform -> payments" in got["edges"] and 'ownership="DECLARED"' in got["edges"], got
    assert _check(p, props, {"edges": body_pairs(body)}) == {}  # refreshed: taken over, to be removed by up


def body_pairs(body: dict[str, Any]) -> list[dict[str, str]]:
    return [{"parent": e["parentTeamTag"], "child": e["childTeamTag"]} for e in body["edges"]]
