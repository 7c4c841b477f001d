"""Two stacks applied at the same time against one Cortex, with the real Pulumi CLI: disjoint stacks both
succeed; two stacks that both declare the (single) team hierarchy cannot both win, and the loser says why."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.engine.harness import CliResult, PulumiWorkspace, Stack, diagnostics_text
from tests.reliability.report import Scenario
from tests.reliability.support import EmulatorServer, audit_stack, fleet, up


def both(*stacks: Stack) -> list[CliResult]:
    with ThreadPoolExecutor(len(stacks)) as pool:
        return list(pool.map(up, stacks))


def test_disjoint_stacks_applied_concurrently_both_succeed(workspace: PulumiWorkspace, server: EmulatorServer,
                                                           scenario: Scenario) -> None:
    size = {"teams": 15, "secrets": 10, "deploys": 10, "workflows": 3}
    first = fleet(workspace, server, "left", prefix="cl", config=size)
    second = fleet(workspace, server, "right", prefix="cr", config=size)
    results = both(first, second)
    for result in results:
        assert result.returncode == 0, diagnostics_text(result)[-3000:]
    audits = [audit_stack(first, server, "cl-", "cl_"), audit_stack(second, server, "cr-", "cr_")]
    objects = sum(len(s.resources("pulumi-python:dynamic/cortex:")) for s in (first, second))
    scenario.area, scenario.title = "Concurrency", "Two stacks touching different objects, applied at once"
    scenario.injected = "two `pulumi up` at the same time, 38 objects each, one emulator"
    scenario.objects = objects
    scenario.duplicates = sum(f.problem == "duplicate" for a in audits for f in a.findings)
    scenario.orphans = sum(f.problem == "orphan" for a in audits for f in a.findings)
    scenario.held = "both succeeded; each stack's audit is clean"
    assert all(a.ok for a in audits), "\n".join(a.to_text() for a in audits)
    assert objects == 76


def test_two_stacks_declaring_the_hierarchy_cannot_both_win(workspace: PulumiWorkspace, server: EmulatorServer,
                                                            scenario: Scenario) -> None:
    stacks = [fleet(workspace, server, f"org{i}", prefix=f"h{i}", config={"teams": 3, "hierarchy": True})
              for i in (1, 2)]
    results = both(*stacks)
    failed = [i for i, r in enumerate(results) if r.returncode != 0]
    assert len(failed) == 1, [diagnostics_text(r)[-1500:] for r in results]
    loser, winner = stacks[failed[0]], stacks[1 - failed[0]]
    message = diagnostics_text(results[failed[0]])
    assert "Unable to create the Cortex team hierarchy" in message, message[-3000:]
    assert "another stack" in message or "another writer" in message
    with server.client() as client:
        edges = {(e.parent_team_tag, e.child_team_tag) for e in client.get_team_hierarchy_relationships()}
    winner_prefix = "h1" if winner is stacks[0] else "h2"
    assert edges == {(f"{winner_prefix}-team-000", f"{winner_prefix}-team-00{i}") for i in (1, 2)}
    assert not loser.resources("pulumi-python:dynamic/cortex:TeamHierarchy")
    won = audit_stack(winner, server, f"{winner_prefix}-")
    assert won.ok, won.to_text()
    # The loser's own objects (its teams) are fine; only its hierarchy was refused.
    lost = audit_stack(loser, server)
    assert lost.ok, lost.to_text()
    scenario.area, scenario.title = "Concurrency", "Two stacks both declaring the team hierarchy, applied at once"
    scenario.injected = "two `pulumi up` at the same time, each with 3 teams and a TeamHierarchy"
    scenario.objects = sum(len(s.resources("pulumi-python:dynamic/cortex:")) for s in stacks)
    scenario.duplicates = 0
    scenario.orphans = sum(f.problem == "orphan" for f in won.findings)
    scenario.held = ("the first writer won; the other failed with \"Unable to create the Cortex team hierarchy: "
                     "... another stack ...\", its state holds no hierarchy, Cortex holds the winner's edges")
