"""The parts of the pytest plugin that need no Pulumi CLI: the copied program runs with the test's Python, the
fixture's emulator is fresh, and a missing CLI or Pulumi.yaml is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cortex_pulumi.testing import LocalCortex, ProgramStack, ProgramStackError
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
