"""`cortex-pulumi summarize` on real previews: every kind created, changed in every way at once, and deleted."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.engine.harness import REPO_ROOT, Emulator, PulumiWorkspace, Stack
from tests.summary.goldens import STAGES, check_or_update

PROGRAM = REPO_ROOT / "tests" / "engine" / "programs" / "summary"
SECRET_VALUES = ("whk-base-value", "stp-base-value", "stp-rotated-value", "pgr-value", "lgc-value", "slo-value",
                 "old-value")


@pytest.fixture(scope="module")
def previews(workspace: PulumiWorkspace, emulator: Emulator) -> Iterator[dict[str, Any]]:
    """The three previews of the program: before the first up, with every change, with nothing declared."""
    stack = Stack(workspace, workspace.project(PROGRAM), "summary").init()
    emulator.configure_stack(stack)
    documents = {"create": stack.preview().json()}
    stack.up()
    stack.set_config("stage", "change")
    documents["change"] = stack.preview().json()
    stack.set_config("stage", "empty")
    documents["delete"] = stack.preview().json()
    stack.set_config("stage", "base")
    yield documents
    stack.destroy()


@pytest.mark.parametrize("stage", STAGES)
def test_summaries_match_the_goldens(previews: dict[str, Any], stage: str) -> None:
    check_or_update(stage, previews[stage])


def test_previews_cover_every_kind_and_change(previews: dict[str, Any]) -> None:
    kinds = {"Scorecard", "ScorecardExemption", "Team", "TeamHierarchy", "Secret", "Workflow", "Deploy"}
    seen: dict[str, set[str]] = {}
    for stage, document in previews.items():
        for step in document["steps"]:
            kind = step["urn"].rsplit("::", 2)[-2].rsplit(":", 1)[-1]
            if kind in kinds:
                seen.setdefault(step["op"], set()).add(kind)
        assert not [d for d in document.get("diagnostics", []) if d.get("severity") == "error"], stage
    assert seen["create"] == kinds and seen["delete"] == kinds
    assert seen["update"] == kinds
    assert seen["replace"] == kinds - {"TeamHierarchy"}  # one hierarchy per tenant: it has no identity to change


def test_no_secret_value_in_previews(previews: dict[str, Any]) -> None:
    text = json.dumps(previews)
    assert not [value for value in SECRET_VALUES if value in text]
