"""The end-to-end story every example goes through under the real engine, against a fresh emulator.

up → preview shows no change → change a field → exactly one update, no replace → change a tag → one
replace, the old object gone → change the object behind Pulumi's back → refresh reports the drift → up
restores it → delete it behind Pulumi's back → refresh drops it → up recreates it → destroy → nothing of
the program is left in the emulator.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from tests.engine.harness import (
    REPO_ROOT,
    CliResult,
    Emulator,
    PulumiWorkspace,
    Stack,
    counts_of,
    diagnostics_text,
    events_of,
)

EXAMPLES = REPO_ROOT / "examples"
NO_CHANGES = {"create": 0, "update": 0, "replace": 0, "delete": 0}


def changes(counts: Mapping[str, int]) -> dict[str, int]:
    """The counts without `same`, to compare with an exact expectation."""
    return {key: value for key, value in counts.items() if key != "same"}


class Lifecycle(abc.ABC):
    """One example's part in the story: how to change it, and how to see the change in Cortex."""

    example: ClassVar[str]
    """Folder under examples/."""
    config: ClassVar[Mapping[str, str]] = {}
    secret_config: ClassVar[Mapping[str, str]] = {}
    entities: ClassVar[tuple[Mapping[str, Any], ...]] = ()
    """Catalog entities (services) the example refers to; the emulator learns them before the first up."""
    # What each `up` of the story changes; examples with dependent objects widen these.
    field_changes: ClassVar[Mapping[str, int]] = {"update": 1}
    tag_changes: ClassVar[Mapping[str, int]] = {"replace": 1}
    restore_changes: ClassVar[Mapping[str, int]] = {"update": 1}
    recreate_changes: ClassVar[Mapping[str, int]] = {"create": 1}

    def __init__(self, workspace: PulumiWorkspace, emulator: Emulator, stack_name: str) -> None:
        self.workspace = workspace
        self.emulator = emulator
        self.stack = Stack(workspace, self.make_project(stack_name), stack_name)

    def make_project(self, name: str) -> Path:
        """A private copy of the example's project (stack files and edits stay out of the repository)."""
        return self.workspace.project(EXAMPLES / self.example, name)

    def after_first_up(self, result: CliResult) -> None:
        """Checks on the freshly deployed program; by default, that the engine reported no error."""
        errors = [
            e["diagnosticEvent"]["message"]
            for e in events_of(result)
            if e.get("diagnosticEvent", {}).get("severity") == "error"
        ]
        assert not errors, f"the first up reported errors: {errors}"

    # -- what each example provides ---------------------------------------------------------------
    @abc.abstractmethod
    def primary_path(self) -> str:
        """Path of the object the field, tag, drift and delete steps work on (for the current config)."""

    def exists(self, path: str) -> bool:
        """Whether Cortex holds the object at `path` (a GET that answers 200 rather than 404)."""
        return self.emulator.exists(path)

    @abc.abstractmethod
    def change_field(self) -> None:
        """Change one non-identity field of the primary object in the program (stack config or its file)."""

    @abc.abstractmethod
    def assert_field_changed(self) -> None:
        """The changed field is what Cortex now holds."""

    @abc.abstractmethod
    def change_tag(self) -> None:
        """Change the primary object's tag (its identity) in the program."""

    @abc.abstractmethod
    def drift(self) -> None:
        """Change the primary object in Cortex through the raw HTTP API."""

    @abc.abstractmethod
    def assert_restored(self) -> None:
        """Cortex holds what the program declares again (undoing `drift`)."""

    def delete_behind(self) -> None:
        """Delete the primary object in Cortex through the raw HTTP API."""
        self.emulator.api("DELETE", self.primary_path(), expect=(200, 204))

    @abc.abstractmethod
    def owned_paths(self) -> list[str]:
        """GET paths of every object the program holds (for the current config)."""

    def assert_gone(self) -> None:
        """Nothing of the program is left in Cortex."""
        left = [path for path in self.owned_paths() if self.exists(path)]
        assert not left, f"still in the emulator after destroy: {left}"

    # -- the story --------------------------------------------------------------------------------
    def set_up(self) -> None:
        self.stack.init()
        self.emulator.configure_stack(self.stack)
        for key, value in self.config.items():
            self.stack.set_config(key, value)
        for key, value in self.secret_config.items():
            self.stack.set_config(key, value, secret=True)
        if self.entities:
            self.emulator.register_entities(*self.entities)

    def up_result(self, expected: Mapping[str, int] | None = None, what: str = "") -> CliResult:
        result = self.stack.up(check=None)
        assert result.returncode == 0, f"up failed ({what}):\n{diagnostics_text(result)}"
        counts = counts_of(result)
        if expected is not None:
            assert changes(counts) == {**NO_CHANGES, **expected}, f"up ({what}) made {counts}"
        return result

    def up(self, expected: Mapping[str, int] | None = None, what: str = "") -> dict[str, int]:
        return counts_of(self.up_result(expected, what))

    def assert_no_changes(self, what: str) -> None:
        counts = counts_of(self.stack.preview())
        assert changes(counts) == NO_CHANGES, f"preview after {what} proposes {counts}"

    def run(self) -> None:
        self.set_up()
        first = self.up_result(what="first up")
        created = counts_of(first)
        assert created["create"] >= 2, (
            f"the first up created {created}"
        )  # the stack and the program's objects
        total = created["create"] - 1
        assert self.exists(self.primary_path())
        self.after_first_up(first)
        self.assert_no_changes("the first up")

        self.change_field()
        self.up(self.field_changes, "field change")
        self.assert_field_changed()

        old_path = self.primary_path()
        self.change_tag()
        self.up(self.tag_changes, "tag change")
        new_path = self.primary_path()
        assert new_path != old_path
        assert not self.exists(old_path), f"{old_path} survived the replace"
        assert self.exists(new_path)

        self.drift()
        refreshed = counts_of(self.stack.refresh())
        assert refreshed["update"] >= 1, f"refresh did not report the drift: {refreshed}"
        self.up(self.restore_changes, "restoring the drift")
        self.assert_restored()

        self.delete_behind()
        refreshed = counts_of(self.stack.refresh())
        assert refreshed["delete"] == 1, f"refresh did not drop the deleted object: {refreshed}"
        self.up(self.recreate_changes, "recreating the deleted object")
        assert self.exists(self.primary_path())

        destroyed = counts_of(self.stack.destroy())
        assert destroyed["delete"] == total + 1, (
            f"destroy deleted {destroyed}, expected {total} objects and the stack"
        )
        self.assert_gone()
