"""Lossless documents: every scorecard descriptor and workflow definition the project holds goes file -> `pulumi
up` -> read back from Cortex with every leaf of the file equal (files sharing a tag take turns in one stack)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml

from tests.engine.harness import REPO_ROOT, Emulator, PulumiWorkspace, Stack

PROGRAM = REPO_ROOT / "tests" / "engine" / "programs" / "documents"
FILES = sorted([*REPO_ROOT.glob("examples/*/scorecards/*.yaml"), *REPO_ROOT.glob("examples/*/workflows/*.yaml"),
                *(REPO_ROOT / "tests" / "provider" / "data").glob("*.yaml"),
                *(REPO_ROOT / "tests" / "support" / "data").glob("cli-*")])
#: Keys that identify an item of a list, so that lists compare whatever order Cortex returns them in.
ITEM_KEYS = ("title", "slug", "name", "id", "email")


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def leaves(value: Any, path: str = "") -> dict[str, Any]:
    """Every leaf of a document by its path; list items by their identifying key when they have one."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(leaves(item, f"{path}.{key}" if path else str(key)))
        return out or {path: {}}
    if isinstance(value, list):
        out = {}
        for i, item in enumerate(value):
            key = next((k for k in ITEM_KEYS if isinstance(item, dict) and k in item), None)
            out.update(leaves(item, f"{path}[{key}={item[key]}]" if key else f"{path}[{i}]"))
        return out or {path: []}
    if isinstance(value, (dt.datetime, dt.date)):
        return {path: value.isoformat()}
    return {path: value}


def same(expected: Any, got: Any) -> bool:
    if isinstance(expected, str) and isinstance(got, str) and expected[:4].isdigit() and "T" in expected:
        return dt.datetime.fromisoformat(expected.replace("Z", "+00:00")) == dt.datetime.fromisoformat(
            got.replace("Z", "+00:00"))
    return bool(expected == got or (expected in (None, [], {}) and got in (None, [], {})))


def read_back(emulator: Emulator, document: dict[str, Any]) -> Any:
    if "actions" in document:
        return emulator.get_json(f"/api/v1/workflows/{document['tag']}")
    return yaml.safe_load(emulator.api("GET", f"/api/v1/scorecards/{document['tag']}/descriptor", expect=200).text)


def rounds() -> list[list[Path]]:
    """The files in turns in which no tag repeats."""
    turns: list[list[Path]] = []
    for path in FILES:
        tag = load(path)["tag"]
        turn = next((t for t in turns if all(load(p)["tag"] != tag for p in t)), None)
        if turn is None:
            turns.append(turn := [])
        turn.append(path)
    return turns


def test_every_document_file_round_trips(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    assert len(FILES) >= 8, FILES
    stack = Stack(workspace, workspace.project(PROGRAM, "documents"), "documents").init()
    emulator.configure_stack(stack)
    checked = 0
    for turn in rounds():
        stack.set_config("files", json.dumps([str(p) for p in turn]))
        stack.up()
        for path in turn:
            document = load(path)
            stored = leaves(read_back(emulator, document))
            wrong = {k: (v, stored.get(k, "<missing>")) for k, v in leaves(document).items()
                     if not same(v, stored.get(k))}
            assert not wrong, f"{path.relative_to(REPO_ROOT)}: leaves Cortex does not hold as the file says: {wrong}"
            checked += 1
    assert checked == len(FILES)
    stack.destroy()
