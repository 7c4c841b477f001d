"""The large-tenant benchmark and the state-size breakdown at a small N, so neither can rot (nor the trivial provider
they measure against; the 500- to 3,000-object runs are not in CI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.large import main
from benchmarks.state_size import by_kind

pytestmark = pytest.mark.timeout(900)


def test_by_kind_splits_each_resource() -> None:
    resource = {"type": "pulumi-python:dynamic/cortex:Team", "urn": "urn:x", "stackTrace": [{"sourcePosition": "p"}],
                "inputs": {"__provider": "blob", "team_tag": "t"}, "outputs": {"__provider": "blob", "id": "1"}}
    row = by_kind([resource, resource])["Team"]
    assert row["count"] == 2 and row["provider_blob"] == 2 * len('"blob"')
    assert row["inputs"] == len('{"team_tag":"t"}') and row["outputs"] == len('{"id":"1"}')
    assert row["total"] == row["inputs"] + row["outputs"] + row["provider_blob"] + row["stack_trace"] + row["engine_other"]


def test_scorecards_beside_the_trivial_provider(tmp_path: Path) -> None:
    assert main(["scorecards", "--n", "6", "--out", str(tmp_path)]) == 0
    result = json.loads((tmp_path / "scorecards-n6.json").read_text())
    assert result["up"]["changes"]["create"] == 7 and result["destroy"]["changes"]["delete"] == 7
    assert result["trivial"]["up"]["changes"]["create"] == 7 and result["up"]["calls"] >= 6
    card, nothing = result["state"]["by_kind"]["Scorecard"], result["trivial"]["state"]["by_kind"]["Nothing"]
    assert card["count"] == nothing["count"] == 6 and card["inputs"] > nothing["inputs"] > 0
    assert result["ratios"]["up"] > 0 and "× trivial" in (tmp_path / "scorecards-n6.md").read_text()
    # The floor declares exactly the scorecards' recorded inputs (none of the package's own) and records no output
    # but its key, so its inputs are the scorecards' (less the package's own keys, plus its key) and its outputs tiny.
    floor = result["floor"]["state"]["by_kind"]["Carrying"]
    assert result["floor"]["up"]["changes"]["create"] == 7 and floor["count"] == 6
    assert nothing["inputs"] < floor["inputs"] and abs(floor["inputs"] - card["inputs"]) < 0.1 * card["inputs"]
    assert floor["stack_trace"] == nothing["stack_trace"] and floor["outputs"] < card["outputs"]
    assert floor["outputs"] == len('{"key":"item-0"}')
