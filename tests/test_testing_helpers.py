"""The parts of the pytest plugin that need no Pulumi CLI: the copied program runs with the test's Python, the
fixture's emulator is fresh, and a missing CLI or Pulumi.yaml is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cortex_pulumi.testing import Change, LocalCortex, ProgramStack, ProgramStackError, UnexpectedChangesError
from cortex_pulumi.testing.program import _runtime_here


def test_the_copied_program_drops_the_interpreter_choice(tmp_path: Path) -> None:
    project = tmp_path / "Pulumi.yaml"
    project.write_text("name: p\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n    toolchain: uv\n"
                       "    typechecker: mypy\n    extra: kept\ndescription: d\n")
    _runtime_here(project)
    assert yaml.safe_load(project.read_text()) == {"name": "p", "runtime": {"name": "python",
                                                                            "options": {"extra": "kept"}},
                                                   "description": "d"}


def test_missing_pulumi_yaml_and_missing_cli_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ProgramStackError, match="has no Pulumi.yaml"):
        ProgramStack(tmp_path, url="http://127.0.0.1:1", api_key="k", work_dir=tmp_path / "w")
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: python\n")
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    with pytest.raises(ProgramStackError, match="the Pulumi CLI is not on PATH"):
        ProgramStack(tmp_path, url="http://127.0.0.1:1", api_key="k", work_dir=tmp_path / "w")


def test_cortex_emulator_fixture_is_fresh_and_keyed(cortex_emulator: LocalCortex) -> None:
    client = cortex_emulator.client()
    assert client.list_teams() == ()
    assert cortex_emulator.config() == {"cortex:baseUrl": cortex_emulator.url,
                                        "cortex:apiToken": cortex_emulator.api_key}
    assert [r["path"] for r in cortex_emulator.requests()] == ["/api/v1/teams"]


def test_the_fixture_registers_catalog_entities_a_program_refers_to(cortex_emulator: LocalCortex) -> None:
    entity = cortex_emulator.register_entity("checkout-api", "service", name="Checkout API", groups=["payments"])
    assert entity["tag"] == "checkout-api"
    client = cortex_emulator.client()
    client.create_team(team_tag="payments", metadata={"name": "Payments"})
    deploy = client.add_deploy_for_entity(tag_or_id="checkout-api", title="v1")  # Cortex knows the service now
    assert [d.title for d in client.iter_deploys(tag_or_id="checkout-api")] == [deploy.title]


def test_seed_data_loads_all_or_nothing(cortex_emulator: LocalCortex, tmp_path: Path) -> None:
    seed = tmp_path / "seed.yaml"
    seed.write_text("entities:\n  - {tag: checkout-api, type: service, name: Checkout API}\n"
                    "teams:\n  - {teamTag: payments, metadata: {name: Payments}, type: CORTEX, links: [],\n"
                    "     slackChannels: [], cortexTeam: {members: []}}\n")
    cortex_emulator.seed(seed)
    assert [t.team_tag for t in cortex_emulator.client().list_teams()] == ["payments"]
    with pytest.raises(ValueError, match="unknown seed section"):
        cortex_emulator.seed({"entities": [{"tag": "other", "type": "service"}], "teems": []})


@pytest.mark.cortex_seed({"entities": [{"tag": "checkout-api", "type": "service", "name": "Checkout API"}]})
def test_the_seed_marker_seeds_the_fixture_before_the_test(cortex_emulator: LocalCortex) -> None:
    client = cortex_emulator.client()
    client.create_team(team_tag="payments", metadata={"name": "Payments"})
    assert client.add_deploy_for_entity(tag_or_id="checkout-api", title="v1").title == "v1"


def test_an_expected_no_change_failure_names_the_changed_resources_and_inputs() -> None:
    from pulumi.automation import events

    def step(op: events.OpType, name: str, type_: str = "pulumi-python:dynamic/cortex:Team",
             diffs: list[str] | None = None) -> events.EngineEvent:
        meta = events.StepEventMetadata(op=op, urn=f"urn:pulumi:test::p::{type_}::{name}", type=type_,
                                        provider="", diffs=diffs)
        return events.EngineEvent(sequence=1, timestamp=0, resource_pre_event=events.ResourcePreEvent(meta))

    from cortex_pulumi.testing.program import _change

    assert _change(step(events.OpType.SAME, "platform")) is None
    assert _change(step(events.OpType.UPDATE, "p", "pulumi:pulumi:Stack")) is None
    update = _change(step(events.OpType.UPDATE, "platform", diffs=["description", "members"]))
    assert str(update) == "update Team 'platform': description, members"
    error = UnexpectedChangesError("preview", [update, Change("create", "Secret", "db")], "the log")  # type: ignore[list-item]
    assert str(error) == ("pulumi preview expected no changes, found 2:\n  update Team 'platform': description, "
                          "members\n  create Secret 'db'\n\nThe CLI's output:\nthe log")


def test_the_readmes_entity_test_passes_with_the_plugin(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.support.readme import blocks

    [code] = [b.code for b in blocks() if b.file == "tests/test_entities.py"]
    (tmp_path / "test_entities.py").write_text(code)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_entities.py"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout
