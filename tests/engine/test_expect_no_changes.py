"""`cortex_program`'s preview(expect_no_changes=True) with the real engine: a failure names what would change."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from pulumi import automation as auto

from cortex_pulumi.testing import Change, ProgramStack, UnexpectedChangesError

PROGRAM = '''\
import pulumi

import cortex_pulumi as cortex

config = pulumi.Config()
cortex.Team("platform", team_tag="platform", name="Platform", description=config.get("description") or "first")
cortex.Secret("db", tag="db", name="DB", value=config.get_secret("dbPassword") or "unset")
'''


def test_a_changed_input_is_named_with_its_resource(cortex_program: Callable[..., ProgramStack], tmp_path: Path,
                                                     pulumi_cli_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", os.pathsep.join([str(pulumi_cli_dir), os.environ.get("PATH", "")]))
    program = tmp_path / "program"
    program.mkdir()
    (program / "Pulumi.yaml").write_text("name: no-changes\nruntime: python\n")
    (program / "__main__.py").write_text(PROGRAM)
    stack = cortex_program(program, secrets={"dbPassword": "first-password"})
    stack.up()
    stack.preview(expect_no_changes=True)  # unchanged: passes
    stack.stack.set_config("description", auto.ConfigValue(value="second"))
    with pytest.raises(UnexpectedChangesError) as caught:
        stack.preview(expect_no_changes=True)
    assert caught.value.changes == [Change("update", "Team", "platform", ("description",))]
    message = str(caught.value)
    assert message.startswith("pulumi preview expected no changes, found 1:\n  update Team 'platform': description\n")
    assert "first-password" not in message
