"""The benchmark machinery end to end at N=10, so the scripts cannot rot (the full runs are not in CI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import mix
from benchmarks.run import main

pytestmark = pytest.mark.timeout(600)


def test_mix_is_deterministic_and_changes_a_tenth_of_every_kind() -> None:
    objects = list(mix.kinds(1000))
    by_kind = {k: sum(1 for o in objects if o.kind == k) for k in mix.KINDS}
    changed = {k: sum(1 for o in objects if o.kind == k and mix.changed(o.index)) for k in mix.KINDS}
    assert by_kind == {"team": 200, "scorecard": 100, "secret": 300, "workflow": 200, "deploy": 200}
    assert changed == {k: v // 10 for k, v in by_kind.items()}


def test_stack_files_parse_and_change_only_the_chosen_objects(tmp_path: Path) -> None:
    first = mix.load_stack(mix.write_stack(20, tmp_path / "a"))
    second = mix.load_stack(mix.write_stack(20, tmp_path / "b", revision_changed=1))
    assert [o["tag"] for o in first["objects"]] == [o["tag"] for o in second["objects"]]
    differing = []
    for a, b in zip(first["objects"], second["objects"], strict=True):
        content_a = a.get("args") or Path(a["file"]).read_text()
        content_b = b.get("args") or Path(b["file"]).read_text()
        if content_a != content_b:
            differing.append(a["name"])
    assert differing == [o.name for o in mix.kinds(20) if mix.changed(o.index)]


def test_benchmark_run_at_n10_writes_tables_and_plot(tmp_path: Path) -> None:
    out = tmp_path / "results"
    assert main(["--sizes", "10", "--latency", "0", "--cli-max", "3", "--modes", "default", "--out", str(out),
                 "--work", str(tmp_path / "work")]) == 0
    data = json.loads((out / "results.json").read_text())
    (point,) = data["points"]
    run = point["modes"]["default"]
    ops = run["ops"]
    assert set(ops) == {"create", "preview", "preview-refresh", "update", "refresh", "destroy"}
    assert ops["create"]["api"]["calls"] >= 10, "every object needs at least one write"
    assert ops["preview"]["api"]["calls"] <= 1, "a no-change preview makes no call but the token check"
    assert ops["update"]["objects"] == 1 and ops["update"]["api"]["calls"] >= 1
    assert ops["destroy"]["api"]["by_method"].get("DELETE", 0) >= 9  # deploys, secrets, teams... all deleted
    assert all(o["api"]["throttled"] == 0 and o["api"]["errors"] == 0 for o in ops.values())
    assert ops["create"]["peaks_mib"].get("provider", 0) > 10 and ops["create"]["peaks_mib"].get("program", 0) > 10
    state = run["state"]
    assert state["objects"] == 10 and state["bytes"] > state["payload_bytes"] > state["provider_blob_bytes"] > 0
    assert point["cli"]["commands"] == 3 and point["cli"]["extrapolated"] and point["cli"]["api"]["calls"] == 3
    assert point["client"]["api"]["calls"] >= 10
    table = (out / "results.md").read_text()
    assert "| default | 10 | 0 | create |" in table and "python -m benchmarks.run --sizes 10" in table
    assert (out / "results.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
