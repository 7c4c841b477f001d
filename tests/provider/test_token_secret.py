"""A token set without `--secret` stops the program before any resource registers (it would land in the state)."""

from __future__ import annotations

from collections.abc import Iterator

import pulumi
import pytest

import cortex_pulumi as cortex

from .harness import RecordingMocks, run_program

TOKEN = "plain-token-0123456789abcdef"


@pytest.fixture
def stack_config() -> Iterator[None]:
    yield
    pulumi.runtime.set_all_config({}, [])


def _program() -> None:
    cortex.Team("platform", team_tag="platform", name="Platform")


def test_plain_token_is_refused_with_the_command_that_fixes_it(stack_config: None) -> None:
    mocks = RecordingMocks()
    pulumi.runtime.set_all_config({"cortex:apiToken": TOKEN}, [])
    with pytest.raises(pulumi.RunError) as info:
        run_program(_program, mocks)
    assert "cortex:apiToken is set in plain text" in str(info.value)
    assert "pulumi config set --secret cortex:apiToken <token>" in str(info.value)
    assert TOKEN not in str(info.value)
    assert mocks.resources == {}


def test_secret_token_and_environment_token_are_accepted(stack_config: None) -> None:
    pulumi.runtime.set_all_config({"cortex:apiToken": TOKEN}, ["cortex:apiToken"])
    assert set(run_program(_program).resources) == {"platform"}  # type: ignore[attr-defined]
    pulumi.runtime.set_all_config({}, [])
    assert set(run_program(_program).resources) == {"platform"}  # type: ignore[attr-defined]
