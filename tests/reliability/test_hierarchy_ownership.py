"""TeamHierarchy ownership: Cortex has one hierarchy and only replace-all writes, so the resource must never
silently overwrite edges it does not own (another stack's, or ones changed in the Cortex UI)."""

from __future__ import annotations

from typing import Any

import pytest

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider._errors import CortexResourceError
from cortex_pulumi.provider.team_hierarchy import _TeamHierarchyProvider
from tests.provider.conftest import checked, configured
from tests.reliability.report import Scenario
from tests.support import api


def teams(emu: Emulator, *tags: str) -> None:
    for tag in tags:
        api(emu).post("/api/v1/teams", json={"teamTag": tag, "metadata": {"name": tag}, "type": "CORTEX", "links": [],
                                             "slackChannels": [], "cortexTeam": {"members": []}}).raise_for_status()


def edges(*pairs: tuple[str, str], adopt: bool | None = None) -> dict[str, Any]:
    props: dict[str, Any] = {"edges": [{"parent": p, "child": c} for p, c in pairs]}
    if adopt is not None:
        props["adopt"] = adopt
    return props


def server(emu: Emulator) -> set[tuple[str, str]]:
    return {(e["parentTeamTag"], e["childTeamTag"]) for e in api(emu).get("/api/v1/teams/relationships").json()["edges"]}


def put(emu: Emulator, *pairs: tuple[str, str]) -> None:
    body = {"edges": [{"parentTeamTag": p, "childTeamTag": c} for p, c in pairs]}
    api(emu).put("/api/v1/teams/relationships", params={"replace": "true"}, json=body).raise_for_status()


def writes(emu: Emulator) -> int:
    return sum(e["method"] == "PUT" and e["path"] == "/api/v1/teams/relationships" for e in emu.requests())


@pytest.fixture
def provider(emu: Emulator) -> Any:
    teams(emu, "org", "a", "b", "c")
    return configured(_TeamHierarchyProvider, emu)


def test_create_refuses_edges_it_does_not_own_unless_adopt(emu: Emulator, provider: Any, scenario: Scenario) -> None:
    put(emu, ("org", "a"))  # another stack's hierarchy: exactly what this program declares
    before = writes(emu)
    with pytest.raises(CortexResourceError) as raised:
        provider.create(checked(provider, edges(("org", "a"), ("org", "b"))))
    message = str(raised.value)
    assert "org -> a" in message and "adopt=True" in message and "another stack" in message
    assert writes(emu) == before and server(emu) == {("org", "a")}
    made = provider.create(checked(provider, edges(("org", "a"), ("org", "b"), adopt=True)))
    assert server(emu) == {("org", "a"), ("org", "b")} and made.outs["edge_count"] == 2
    scenario.area, scenario.title = "Ownership", "TeamHierarchy create over edges it does not own"
    scenario.injected = "Cortex already holds another owner's edge set"
    scenario.held = "refused with the edges named and adopt=True as the way out; 0 writes until adopt=True"


def test_update_refuses_when_cortex_changed_since_the_last_known_state(emu: Emulator, provider: Any,
                                                                        scenario: Scenario) -> None:
    made = provider.create(checked(provider, edges(("org", "a"))))
    put(emu, ("org", "a"), ("org", "c"))  # someone else adds an edge
    before = writes(emu)
    with pytest.raises(CortexResourceError) as raised:
        provider.update(made.id, dict(made.outs), checked(provider, edges(("org", "a"), ("org", "b"))))
    message = str(raised.value)
    assert "org -> c" in message and "pulumi refresh" in message
    assert writes(emu) == before and server(emu) == {("org", "a"), ("org", "c")}
    # After a refresh the server's edges are the last known state, and the update goes through.
    refreshed = provider.read(made.id, dict(made.outs))
    updated = provider.update(made.id, dict(refreshed.outs), checked(provider, edges(("org", "a"), ("org", "b"))))
    assert server(emu) == {("org", "a"), ("org", "b")} and updated.outs["edge_count"] == 2
    scenario.area, scenario.title = "Ownership", "TeamHierarchy update after an out-of-band change"
    scenario.injected = "an edge added in Cortex between two updates"
    scenario.held = "refused naming the changed edge, 0 writes; goes through after `pulumi refresh`"


def test_delete_refuses_to_remove_edges_it_never_saw(emu: Emulator, provider: Any) -> None:
    made = provider.create(checked(provider, edges(("org", "a"))))
    put(emu, ("org", "a"), ("org", "b"))
    with pytest.raises(CortexResourceError) as raised:
        provider.delete(made.id, dict(made.outs))
    assert "org -> b" in str(raised.value) and server(emu) == {("org", "a"), ("org", "b")}
    put(emu, ("org", "a"))
    provider.delete(made.id, dict(made.outs))
    assert server(emu) == set()
    provider.delete(made.id, dict(made.outs))  # already empty: nothing to do, no error


def test_a_concurrent_overwrite_is_detected(emu: Emulator, provider: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cortex has no conditional write: another writer landing right after ours is caught by reading back."""
    client = provider.client
    real = client.replace_all_team_hierarchy_relationships

    def racing(*, edges: Any) -> Any:
        answer = real(edges=edges)
        put(emu, ("org", "c"))  # the other stack's write lands just after ours
        return answer

    monkeypatch.setattr(client, "replace_all_team_hierarchy_relationships", racing)
    with pytest.raises(CortexResourceError) as raised:
        provider.create(checked(provider, edges(("org", "a"))))
    assert "another writer" in str(raised.value) and "org -> c" in str(raised.value)
