"""Every Python snippet of the README runs: in order, in one namespace (as a reader pastes them), in a directory
holding the files they name, with a Cortex emulator behind the client and the lookups and Pulumi's mocks
behind the resources. The Quickstart's program file is run for real by tests/engine/test_readme_quickstart.py."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pulumi
import pytest

from cortex_pulumi.client import CortexClient
from cortex_pulumi.client.models.team import TeamMetadata
from cortex_pulumi.emulator import Emulator
from tests.provider.harness import RecordingMocks
from tests.support import ADMIN_TOKEN
from tests.support.readme import ROOT, Block, blocks

PROJECT = "readme"
CONFIG = {f"{PROJECT}:dbPassword": "hunter2-readme", f"{PROJECT}:sha": "0123abc"}


def python_snippets() -> list[Block]:
    """The Quickstart's program first and the resource reference next (they declare the objects other sections
    refer to: `platform`, `payments`, `ready`, `release`, ...), then every other snippet in README order."""
    python = [b for b in blocks() if b.language == "python"]
    program = [b for b in python if b.file == "__main__.py"]
    reference = [b for b in python if b.file is None and b.section.startswith("`")]
    rest = [b for b in python if b.file is None and not b.section.startswith("`")]
    return program + reference + rest


@pytest.fixture
def reader_dir(tmp_path: Path, emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The directory a reader works in: the descriptor and workflow files the snippets name, and the
    environment pointing at the emulator (which holds the team the lookup snippet reads)."""
    file_blocks = {b.file: b.code for b in blocks() if b.file}
    (tmp_path / "scorecards").mkdir()
    (tmp_path / "scorecards" / "prod-readiness.yaml").write_text(
        file_blocks.get("scorecards/prod-readiness.yaml")
        or (ROOT / "examples/scorecard/scorecards/production-readiness.yaml").read_text())
    shutil.copytree(ROOT / "examples/platform/workflows", tmp_path / "workflows")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CORTEX_BASE_URL", emu.url)
    monkeypatch.setenv("CORTEX_API_TOKEN", ADMIN_TOKEN)
    CortexClient(base_url=emu.url, api_token=ADMIN_TOKEN).create_team(team_tag="platform",
                                                                      metadata=TeamMetadata(name="Platform"))
    yield tmp_path
    pulumi.runtime.set_all_config({}, [])


def test_the_readme_has_python_snippets() -> None:
    sections = {b.section for b in python_snippets()}
    assert {"Quickstart", "Lookups", "The REST client", "The emulator", "`Team`", "`Deploy`"} <= sections, sections


def test_every_python_snippet_runs(reader_dir: Path) -> None:
    snippets = python_snippets()
    assert os.path.isdir(reader_dir / "workflows")
    namespace: dict[str, Any] = {}
    ran: list[int] = []

    def program() -> None:
        exec("import pulumi\nimport cortex_pulumi as cortex\nconfig = pulumi.Config()\n", namespace)
        for block in snippets:
            try:
                exec(compile(block.code, f"README.md:{block.line}", "exec"), namespace)
            except Exception as exc:
                raise AssertionError(f"the README snippet at line {block.line} ({block.section}) fails: "
                                     f"{type(exc).__name__}: {exc}") from exc
            ran.append(block.line)

    mocks = RecordingMocks()
    pulumi.runtime.set_mocks(mocks, project=PROJECT, stack="readme", preview=True)
    pulumi.runtime.set_all_config(CONFIG, [f"{PROJECT}:dbPassword"])
    pulumi.runtime.test(program)()
    assert ran == [b.line for b in snippets]
    assert {"platform", "db", "release"} <= set(mocks.resources)
