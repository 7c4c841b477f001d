"""A subset of the bad-input corpus through the real Pulumi CLI: `pulumi preview` refuses it (or `pulumi up`, at
the first API call, for what only Cortex can know) with the field and the reason, and nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cortex_pulumi.emulator import Emulator
from tests.engine.harness import PulumiWorkspace, Stack, diagnostics_text
from tests.reliability.corpus_cases import CASES, Case
from tests.reliability.report import Scenario
from tests.reliability.test_bad_input import accepted_writes, seed
from tests.support import ADMIN_TOKEN

PROGRAM = Path(__file__).resolve().parent / "programs" / "badinput"
CLI_CASES = [c for c in CASES if c.cli]


@pytest.fixture(scope="module")
def cli_workspace(pulumi_cli_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> PulumiWorkspace:
    return PulumiWorkspace(pulumi_cli_dir, tmp_path_factory.mktemp("badinput"))


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.name for c in CLI_CASES])
def test_refused_by_pulumi(case: Case, emu: Emulator, cli_workspace: PulumiWorkspace, scenario: Scenario) -> None:
    after = seed(emu)
    name = case.name.replace(":", "-")
    stack = Stack(cli_workspace, cli_workspace.project(PROGRAM, name), name).init()
    config = {"baseUrl": emu.url, "apiToken": ADMIN_TOKEN, **case.config}
    for key, value in config.items():
        if value is not None:
            stack.set_config(f"cortex:{key}", str(value), secret=key == "apiToken")
    stack.set_config("badinput:case", json.dumps({"resource": case.resource, "props": case.props}))
    result = stack.preview(check=None) if case.stage == "check" else stack.up(check=None)
    text = diagnostics_text(result)
    scenario.area, scenario.title = "Bad input", f"`pulumi {'preview' if case.stage == 'check' else 'up'}`: {case.name}"
    scenario.injected = f"{case.resource} with invalid {case.field}"
    writes = accepted_writes(emu, after)
    scenario.leaks = 0
    scenario.held = f"refused, naming {case.field}; {len(writes)} writes accepted"
    assert result.returncode != 0, f"{case.name} was accepted:\n{result.output[-3000:]}"
    assert case.field in text and case.reason.lower() in text.lower(), text[-3000:]
    if case.stage == "check":
        assert "Traceback" not in result.output, result.output[-3000:]
    assert writes == []
    assert ADMIN_TOKEN not in result.output
