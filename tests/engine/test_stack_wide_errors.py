"""Failures of the whole stack are reported once: a rejected token, an unreachable Cortex and a base URL that
answers no API (pointing at `cortex:baseUrl`, never "deleted outside Pulumi") each give one full message in a
`pulumi preview --refresh`, and every other resource one line referring to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.engine.harness import REPO_ROOT, CliResult, Emulator, PulumiWorkspace, Stack, diagnostics_text

PROGRAM = REPO_ROOT / "tests" / "engine" / "programs" / "stack_wide"
NOTE = "This is a problem of the whole stack, not of this resource"
REFERENCE = "reported in full once for the stack"
RESOURCES = 8


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    """This module's own Cortex: the last test stops it."""
    server = Emulator(tmp_path_factory.mktemp("wide"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def stack(workspace: PulumiWorkspace, emulator: Emulator) -> Iterator[Stack]:
    made = Stack(workspace, workspace.project(PROGRAM, "stack-wide"), "wide").init()
    emulator.configure_stack(made)
    made.set_config("cortex:maxRetries", "0")
    made.up()
    yield made


def _diagnostics(result: CliResult) -> str:
    """The "Diagnostics:" section of the human output (the progress lines above it repeat each error)."""
    text = diagnostics_text(result)
    assert "Diagnostics:" in text, text
    return text.split("Diagnostics:", 1)[1]


def _preview(stack: Stack, emulator: Emulator, *args: str, **config: str) -> str:
    """A failing preview's diagnostics with `config` set for it (a refresh reads with the config of the last
    update, which the engine keeps in the state; the update's checks use the new one)."""
    for key, value in config.items():
        stack.set_config(key, value, secret=key == "cortex:apiToken")
    try:
        before = emulator.last_seq()
        text = _diagnostics(stack.run("preview", *args, check=False))
        assert emulator.writes_since(before) == []
        return text
    finally:
        emulator.configure_stack(stack)


def test_a_rejected_token_names_the_whole_stack(stack: Stack, emulator: Emulator) -> None:
    text = _preview(stack, emulator, **{"cortex:apiToken": "rejected-token-5c2e"})
    assert text.count(NOTE) == 1, text
    assert "401 Unauthorized" in text and "rejected-token-5c2e" not in text


def test_a_base_url_answering_no_api_points_at_the_setting(stack: Stack, emulator: Emulator) -> None:
    text = _preview(stack, emulator, **{"cortex:baseUrl": emulator.base_url + "/apiv1"})
    assert text.count(NOTE) == 1, text
    assert f"Cortex at {emulator.base_url}/apiv1 answers no Cortex API" in text and "check cortex:baseUrl" in text
    assert "deleted outside Pulumi" not in text
    assert len(stack.resources()) == RESOURCES  # nothing forgotten


def test_an_unreachable_cortex_is_reported_once_for_every_read(stack: Stack, emulator: Emulator) -> None:
    emulator.stop()  # the last test: the refresh's reads all fail, the first in full and the others in one line
    text = _diagnostics(stack.run("preview", "--refresh", check=False))
    assert text.count(NOTE) == 1, text
    assert text.count("connection refused") == 1, text
    assert 1 <= text.count(REFERENCE) <= RESOURCES - 1, text
    assert "(Cortex could not be reached)" in text
