"""The adoption benchmark end to end at a small N, so the script cannot rot (the 1,000-object run is not in CI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.adoption import main, shares

pytestmark = pytest.mark.timeout(900)


def test_shares_add_up() -> None:
    split = shares(1000)
    assert sum(split.values()) + 1 == 1000 and split["teams"] >= 100


def test_adoption_run_writes_figures(tmp_path: Path) -> None:
    assert main(["--objects", "64", "--out", str(tmp_path)]) == 0
    result = json.loads((tmp_path / "adoption.json").read_text())
    assert result["objects"] == 64
    up = result["up"]
    assert up["failed"] == 0 and up["other_writes"] == [] and up["writes"] == up["secret_writes"]
    assert up["calls_per_object"] <= 1.1
    assert result["import"]["writes"] == [] and result["import"]["calls"] > 0
    assert "adopting `pulumi up`" in (tmp_path / "adoption.md").read_text()
