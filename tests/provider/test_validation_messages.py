"""Validation messages name the right thing: the nested path and its value, the place in a descriptor or
definition file, and the file itself for `from_file` (never the whole YAML, never `<root>`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pulumi
import pytest

import cortex_pulumi as cortex
from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider.scorecard import _ScorecardProvider
from cortex_pulumi.provider.workflow import _WorkflowProvider
from tests.support import ADMIN_TOKEN

from .conftest import failures
from .harness import PROVIDER_KEY, ProviderProcess, blobs_from_program, secret, urn

ROOT = Path(__file__).resolve().parents[2]
DESCRIPTOR = (ROOT / "examples/scorecard/scorecards/production-readiness.yaml").read_text()
NO_COLOR = DESCRIPTOR.replace('      color: "#CD7F32"\n', "")
BAD_LEVEL = DESCRIPTOR.replace("level: Gold", "level: Platinum")
WORKFLOW = ("tag: hello\nname: Hello\nvariables:\n  - {slug: who, type: TEXT, defaultValue: world}\n"
            "actions:\n  - name: Say hi\n    slug: say-hi\n    schema: {type: JQ, expression: .}\n")


def test_descriptor_problems_name_the_place_in_the_file() -> None:
    assert failures(_ScorecardProvider(), {"descriptor": NO_COLOR}) == {
        "descriptor": "descriptor: ladder.levels[0].color is required"}
    [reason] = failures(_ScorecardProvider(), {"descriptor": BAD_LEVEL}).values()
    assert reason.endswith("rules[4].level: 'Platinum' is not a level of the ladder (Bronze, Silver, Gold)")
    assert "<root>" not in reason and "Production Readiness" not in reason
    [reason] = failures(_ScorecardProvider(), {"descriptor": DESCRIPTOR + "\n  - : :\n"}).values()
    assert "not valid YAML (line 50, column 5)" in reason and "<unicode string>" not in reason


def test_ladder_levels_are_listed_by_rank_in_errors() -> None:
    """Lowest rank first, whatever the order of the program or the alphabet (floats: numbers as a program sends)."""
    levels = [{"name": "Gold", "rank": 3.0, "color": "#FFD700"}, {"name": "Bronze", "rank": 1.0, "color": "#CD7F32"},
              {"name": "Silver", "rank": 2.0, "color": "#C0C0C0"}]
    rules = [{"title": "Has docs", "expression": "true", "level": "Platinum"}]
    assert failures(_ScorecardProvider(), {"tag": "ops", "name": "Ops", "levels": levels, "rules": rules}) == {
        "rules[0].level": "rules[0].level 'Platinum' is not a ladder level (Bronze, Silver, Gold)"}
    descriptor = BAD_LEVEL.replace("rank: 1", "rank: 9").replace("rank: 3", "rank: 1").replace("rank: 9", "rank: 3")
    [reason] = failures(_ScorecardProvider(), {"descriptor": descriptor}).values()
    assert reason.endswith("'Platinum' is not a level of the ladder (Gold, Silver, Bronze)"), reason


def test_definition_problems_name_the_place_in_the_file() -> None:
    [reason] = failures(_WorkflowProvider(), {"definition": WORKFLOW}).values()
    assert reason.startswith("definition: variables[0].type must be one of STRING, "), reason


def test_from_file_names_the_file_and_the_place(tmp_path: Path) -> None:
    card = tmp_path / "prod-readiness.yaml"
    card.write_text(NO_COLOR)
    with pytest.raises(pulumi.RunError) as info:
        cortex.Scorecard.from_file("ready", card)
    assert str(info.value) == f"{card}: ladder.levels[0].color is required"
    card.write_text(BAD_LEVEL)
    with pytest.raises(pulumi.RunError, match=r"prod-readiness.yaml is not a valid Cortex scorecard descriptor: "
                                              r"rules\[4\].level: 'Platinum' is not a level"):
        cortex.Scorecard.from_file("ready", card)
    flow = tmp_path / "hello.yaml"
    flow.write_text(WORKFLOW)
    with pytest.raises(pulumi.RunError, match=r"hello.yaml: variables\[0\].type must be one of STRING"):
        cortex.Workflow.from_file("hello", flow)


@pytest.fixture(scope="module")
def blobs() -> dict[str, str]:
    return blobs_from_program(lambda: (cortex.Team("team", team_tag="t", name="T"),
                                       cortex.Scorecard("card", tag="c", name="C")))


@pytest.fixture
def proc(emu: Emulator) -> Iterator[ProviderProcess]:
    with ProviderProcess() as p:
        p.configure({"cortex:apiToken": secret(ADMIN_TOKEN), "cortex:baseUrl": emu.url})
        yield p


def test_the_engine_gets_failures_it_can_print(proc: ProviderProcess, blobs: dict[str, str]) -> None:
    # The engine prints `property P value {V}` with V = the top-level input P: nested paths and documents go
    # without a property (the reason names the place), a top-level scalar keeps it (its value is right).
    _, got = proc.check(urn("Team", "team"), {}, {"team_tag": "bad tag", "name": "T", PROVIDER_KEY: blobs["team"],
                                                  "members": [{"email": "not-an-email", "name": "Ada"}]})
    assert ("", "members[0].email 'not-an-email' is not a valid email address") in got
    assert [field for field, _ in got] == ["team_tag", ""] or [field for field, _ in got] == ["", "team_tag"]
    _, got = proc.check(urn("Scorecard", "card"), {}, {"descriptor": NO_COLOR, PROVIDER_KEY: blobs["card"]})
    assert got == [("", "descriptor: ladder.levels[0].color is required")]
