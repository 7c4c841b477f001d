"""Program-level tests under `pulumi.runtime.set_mocks`: thousands of resources, Args vs kwargs, Output inputs."""

from __future__ import annotations

import pickle
import time
from typing import Any

import pulumi
import pytest
from pulumi.dynamic.dynamic import serialize_provider

import cortex_pulumi as cortex
from cortex_pulumi.provider import _resource
from cortex_pulumi.provider._claims import DUPLICATE_KEY
from cortex_pulumi.provider.scorecard import _ScorecardProvider
from cortex_pulumi.provider.team import _TeamProvider

from .harness import RecordingMocks, run_program

TOKEN_PREFIX = "pulumi-python:dynamic/cortex:"


def _depth(fn: Any) -> int:
    """How many `serialize_provider` wrappers sit on top of the stdlib `_batch_setitems`."""
    depth = 0
    while getattr(fn, "__qualname__", "") != "_Pickler._batch_setitems" and fn.__closure__:
        fn = next(c.cell_contents for c in fn.__closure__ if callable(c.cell_contents))
        depth += 1
    return depth


class _Stateful(_TeamProvider):
    """A provider with instance state, so pickling it goes through `_batch_setitems`."""

    def __init__(self) -> None:
        super().__init__()
        self.blob = {"a": 1, "b": 2}


def _mixed(i: int) -> pulumi.Resource:
    """One of each of the seven resource types, in turn."""
    kind = i % 7
    if kind == 0:
        return cortex.Team(f"team-{i}", team_tag=f"t-{i}", name=f"T{i}",
                           members=[cortex.TeamMemberArgs(email=f"m{i}@example.com", name="M")])
    if kind == 1:
        return cortex.Secret(f"secret-{i}", tag=f"s_{i}", name=f"S{i}", value=f"v{i}")
    if kind == 2:
        return cortex.Deploy(f"deploy-{i}", entity=f"t-{i - 2}", title=f"v{i}", sha="abc", environment="prod")
    if kind == 3:
        return cortex.Scorecard(f"card-{i}", tag=f"c-{i}", name=f"C{i}", rules=[
            cortex.ScorecardRuleArgs(title="Has docs", expression='custom("docs") != null')])
    if kind == 4:
        return cortex.ScorecardExemption(f"ex-{i}", scorecard=f"c-{i - 1}", entity=f"t-{i - 4}", rule="Has docs",
                                         reason="later")
    if kind == 5:
        return cortex.Workflow(f"wf-{i}", tag=f"w-{i}", name=f"W{i}", actions=[cortex.WorkflowActionArgs(
            name="a", slug="a", schema={"type": "JQ", "expression": "."})])
    return cortex.TeamHierarchy(f"org-{i}", edges=[cortex.TeamEdgeArgs(parent=f"t-{i - 6}", child=f"t-{i + 1}")])


def test_three_thousand_resources() -> None:
    started = time.monotonic()
    mocks = run_program(lambda: [_mixed(i) for i in range(3000)])
    elapsed = time.monotonic() - started
    assert isinstance(mocks, RecordingMocks)
    assert len(mocks.resources) == 3000
    assert {t.removeprefix(TOKEN_PREFIX) for t in mocks.types.values()} == {
        "Team", "Secret", "Deploy", "Scorecard", "ScorecardExemption", "Workflow", "TeamHierarchy"}
    # The guard left the stdlib pickler as it found it: no stack of 3000 wrappers...
    assert _depth(pickle._Pickler._batch_setitems) == 0
    # ...so serialising a provider with state still works (without the guard: RecursionError).
    assert serialize_provider(_Stateful())
    # One provider blob per resource type, all identical (pickled by reference, no per-resource data).
    assert len({inputs["__provider"] for inputs in mocks.resources.values()}) == 7
    assert elapsed < 120, f"3,000 resources took {elapsed:.1f}s"


def test_the_provider_is_pickled_once_per_type_not_per_resource(monkeypatch: pytest.MonkeyPatch) -> None:
    """The SDK would pickle a provider for every resource, wrapping `_batch_setitems` once more each time."""
    calls: list[type] = []

    def counting(provider: Any) -> str:
        calls.append(type(provider))
        return str(serialize_provider(provider))

    monkeypatch.setattr(_resource, "serialize_provider", counting)
    monkeypatch.setattr(_resource, "_BLOBS", {})
    mocks = run_program(lambda: [cortex.Secret(f"s{i}", tag=f"s{i}", name="n", value="v") for i in range(50)]
                        + [cortex.Team(f"t{i}", team_tag=f"t{i}", name="T") for i in range(50)])
    assert isinstance(mocks, RecordingMocks)
    assert sorted(c.__name__ for c in calls) == ["_SecretProvider", "_TeamProvider"]
    assert _depth(pickle._Pickler._batch_setitems) == 0
    blobs = {name: inputs["__provider"] for name, inputs in mocks.resources.items()}
    assert blobs["s0"] == serialize_provider(cortex.Secret._provider_type()) and len(set(blobs.values())) == 2


def test_args_and_kwargs_forms_are_equivalent() -> None:
    member = cortex.TeamMemberArgs(email="ada@example.com", name="Ada", roles=["lead"])

    def with_kwargs() -> None:
        cortex.Team("kw", team_tag="platform", name="Platform", members=[member],
                    links=[cortex.TeamLinkArgs(name="rb", type="runbook", url="https://x")])

    def with_args() -> None:
        cortex.Team("args", args=cortex.TeamArgs(team_tag="platform", name="Platform", members=[member],
                                                 links=[cortex.TeamLinkArgs(name="rb", type="runbook", url="https://x")]))

    # Two programs: one program declaring the team twice fails (test_duplicate_keys_fail_naming_both).
    kw, args = (run_program(p).resources for p in (with_kwargs, with_args))  # type: ignore[attr-defined]
    kw, args = kw["kw"], args["args"]
    assert kw == args
    assert kw["members"] == [{"email": "ada@example.com", "name": "Ada", "roles": ["lead"]}]


def test_args_and_kwargs_together_is_an_error() -> None:
    def program() -> None:
        cortex.Team("x", args=cortex.TeamArgs(team_tag="t", name="n"), name="other")

    with pytest.raises(TypeError, match="either args= or keyword arguments"):
        run_program(program)


def test_output_inputs_resolve_and_value_is_always_secret() -> None:
    def program() -> None:
        tag = pulumi.Output.from_input("platform").apply(lambda t: t + "-eng")
        members = pulumi.Output.from_input("ada@example.com").apply(
            lambda e: [cortex.TeamMemberArgs(email=e, name="Ada")])
        team = cortex.Team("team", team_tag=tag, name="Platform", members=members)
        cortex.Secret("plain", tag="db", name="DB", value="not-marked-secret-by-the-program")
        cortex.Secret("from-team", tag=team.team_tag.apply(lambda t: t.replace("-", "_")), name="X",
                      value=pulumi.Output.secret("already"))

    mocks = run_program(program)
    assert isinstance(mocks, RecordingMocks)
    team = mocks.resources["team"]
    assert team["team_tag"] == "platform-eng"
    assert team["members"] == [{"email": "ada@example.com", "name": "Ada"}]
    for name in ("plain", "from-team"):
        value = mocks.resources[name]["value"]
        assert isinstance(value, dict) and value.get("4dabf18193072939515e22adb298388d"), f"{name}: value not secret"
    assert mocks.resources["from-team"]["tag"] == "platform_eng"


def test_typed_output_attributes() -> None:
    seen: dict[str, Any] = {}

    def program() -> pulumi.Output[Any]:
        team = cortex.Team("team", team_tag="platform", name="Platform")
        return pulumi.Output.all(team.id, team.team_tag, team.cortex_id).apply(lambda v: seen.update(v=v))

    run_program(program)
    assert seen["v"][0] == "team-id" and seen["v"][1] == "platform"


def test_from_file_forms(tmp_path: Any) -> None:
    from pathlib import Path

    data = Path(__file__).parent / "data"

    def program() -> None:
        cortex.Scorecard.from_file("ready", data / "prod-readiness.yaml")
        cortex.Workflow.from_file("notify", data / "deploy-notify.yaml", adopt=True)

    mocks = run_program(program)
    assert isinstance(mocks, RecordingMocks)
    assert mocks.resources["ready"]["descriptor"].startswith("tag: prod-readiness")
    assert mocks.resources["notify"]["adopt"] is True and "deploy-notify" in mocks.resources["notify"]["definition"]


def test_a_second_team_hierarchy_is_warned_about(monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(cortex.TeamHierarchy, "_declared", [])
    monkeypatch.setattr(pulumi.log, "warn", lambda msg, *a, **k: warnings.append(msg))

    def program() -> None:
        cortex.TeamHierarchy("org", edges=[cortex.TeamEdgeArgs(parent="a", child="b")])
        cortex.TeamHierarchy("org2", edges=[])

    run_program(program)
    assert len(warnings) == 1 and "'org' and 'org2'" in warnings[0]


def test_duplicate_keys_fail_naming_both() -> None:
    def program() -> None:
        cortex.Team("platform", team_tag="platform", name="Platform")
        cortex.Secret("db", tag="db", name="DB", value="v")
        cortex.Secret("db-again", tag=pulumi.Output.from_input("d").apply(lambda t: t + "b"), name="DB", value="v")

    with pytest.raises(Exception, match="Secret resources 'db' and 'db-again' both declare Secret 'db'"):
        run_program(program)

    def documents() -> None:
        from pathlib import Path

        data = Path(__file__).parent / "data"
        cortex.Scorecard.from_file("ready", data / "prod-readiness.yaml")
        cortex.Scorecard("ready-again", tag="prod-readiness", name="x", rules=[])

        cortex.Team("platform", team_tag="platform", name="Platform")
        cortex.Team("platform-again", team_tag="platform", name="Platform")

    # Plain keys: the program runs on, and each second resource carries (and its check fails with) every duplicate
    # of every kind, so one preview names them all.
    mocks = run_program(documents)
    assert isinstance(mocks, RecordingMocks)
    carried = {name: inputs.get(DUPLICATE_KEY) for name, inputs in mocks.resources.items()}
    assert carried["ready"] is None and carried["platform"] is None
    assert carried["ready-again"] == carried["platform-again"]
    message = carried["ready-again"]
    assert message.startswith("the program declares 2 Cortex keys twice:\n")
    assert "- Scorecard resources 'ready' and 'ready-again' both declare Scorecard 'prod-readiness'" in message
    assert "- Team resources 'platform' and 'platform-again' both declare Team 'platform'" in message
    failed = _ScorecardProvider().check({}, mocks.resources["ready-again"]).failures
    assert [f.reason for f in failed] == [message]
    # Same keys in different kinds, or in another program run, are fine.
    run_program(lambda: [cortex.Team("x", team_tag="x", name="X"), cortex.Secret("x", tag="x", name="X", value="v")])
