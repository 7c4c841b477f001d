"""Several stacks share one Cortex team hierarchy: 4 stacks applied in parallel each add their own subtree under
a root team, beside an edge an HR integration synced; every edge is there afterwards. A lost edge shows in
`pulumi preview --refresh`; members added outside Pulumi survive an update of a team declared without them."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.engine.harness import REPO_ROOT, CliResult, Emulator, PulumiWorkspace, Stack, counts_of

PROGRAM = REPO_ROOT / "tests" / "engine" / "programs" / "subtree"
STACKS = 4
SYNCED = ("org", "people")


def team(tag: str) -> dict[str, Any]:
    return {"type": "CORTEX", "teamTag": tag, "metadata": {"name": tag}, "links": [], "slackChannels": [],
            "cortexTeam": {"members": []}}


def edges(emulator: Emulator) -> dict[tuple[str, str], str | None]:
    stored = emulator.get_json("/api/v1/teams/relationships")["edges"]
    return {(e["parentTeamTag"], e["childTeamTag"]): e.get("provider") for e in stored}


def subtree(tag: str) -> set[tuple[str, str]]:
    return {("org", tag), (tag, f"{tag}-0"), (tag, f"{tag}-1")}


def in_parallel(stacks: list[Stack], *args: str) -> list[CliResult]:
    with ThreadPoolExecutor(len(stacks)) as pool:
        return list(pool.map(lambda s: s.run(*args, check=None), stacks))


def test_four_stacks_share_the_hierarchy(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    for tag in SYNCED:
        emulator.api("POST", "/api/v1/teams", json=team(tag), expect=200)
    sync = {"provider": "WORKDAY", "edges": [{"parentTeamTag": "org", "childTeamTag": "people"}]}
    emulator.session.post(f"{emulator.base_url}/_emulator/teams/relationships/sync", json=sync).raise_for_status()
    stacks = []
    for i in range(STACKS):
        stack = Stack(workspace, workspace.project(PROGRAM, f"subtree-{i}"), f"s{i}").init()
        emulator.configure_stack(stack)
        stack.set_config("root", "org")
        stack.set_config("subtree", f"s{i}")
        stacks.append(stack)

    results = in_parallel(stacks, "up", "--yes", "--skip-preview", "--json")
    assert [r.returncode for r in results] == [0] * STACKS, [r.output[-2000:] for r in results if r.returncode]
    wanted = set().union(*(subtree(f"s{i}") for i in range(STACKS)))
    stored = edges(emulator)
    lost = wanted - set(stored)
    assert not lost, f"edges lost with {STACKS} concurrent stacks: {sorted(lost)}"
    assert stored[SYNCED] == "WORKDAY" and set(stored) == wanted | {SYNCED}

    # Another writer's stale replace-all drops one of s1's edges: a refreshing preview shows it, `up` restores it.
    kept = [{"parentTeamTag": p, "childTeamTag": c} for p, c in stored if (p, c) != ("s1", "s1-0")]
    emulator.api("PUT", "/api/v1/teams/relationships", params={"replace": "true"}, json={"edges": kept}, expect=200)
    revealed = stacks[1].run("preview", "--refresh", "--diff", "--expect-no-changes", check=False)
    assert "s1-0" in revealed.output
    assert counts_of(stacks[1].up("--refresh"))["update"] == 1 and ("s1", "s1-0") in edges(emulator)

    # A member added in the Cortex UI stays when the stack renames the team (members are not declared).
    member = {"email": "ui@example.com", "name": "Added in the UI", "notificationsEnabled": True, "roleTags": []}
    emulator.api("PUT", "/api/v1/teams/s0/members", json={"type": "CORTEX", "members": [member]}, expect=200)
    stacks[0].set_config("teamName", "Stack zero")
    stacks[0].up()
    s0 = emulator.get_json("/api/v1/teams/s0")
    assert s0["metadata"]["name"] == "Stack zero"
    assert [m["email"] for m in s0["cortexTeam"]["members"]] == ["ui@example.com"]

    results = in_parallel(stacks, "destroy", "--yes", "--skip-preview")
    assert [r.returncode for r in results] == [0] * STACKS, [r.output[-2000:] for r in results if r.returncode]
    assert edges(emulator) == {SYNCED: "WORKDAY"}
