"""`ProgramStack`: preview, up, refresh and destroy a Pulumi program directory against a Cortex API (the emulator),
through Pulumi's Automation API, without touching the program's directory or the user's stacks."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

#: Passphrase of the throw-away stacks (their state lives in the work directory and dies with it).
PASSPHRASE = "cortex-pulumi-testing"
#: What is not copied from the program directory: virtualenvs, caches, the program's own stack files and state,
#: a local emulator's database.
_IGNORED = shutil.ignore_patterns("venv", ".venv", "__pycache__", ".pytest_cache", "Pulumi.*.yaml", ".git", ".pulumi",
                                  "*.db", "*.db-wal", "*.db-shm")


class ProgramStackError(RuntimeError):
    """The program cannot be run: no Pulumi CLI, no Pulumi.yaml, or a failed operation (the CLI's output)."""


@dataclass(frozen=True)
class Change:
    """One resource a preview or refresh would change: the step (`update`, `create`, `replace`, `delete`, ...),
    its type (`Team`), its Pulumi name and the inputs that differ (as far as the engine says)."""

    op: str
    type: str
    name: str
    fields: tuple[str, ...] = ()

    def __str__(self) -> str:
        fields = f": {', '.join(self.fields)}" if self.fields else ""
        return f"{self.op} {self.type} {self.name!r}{fields}"


class UnexpectedChangesError(ProgramStackError):
    """`expect_no_changes=True` and the program would change something: `changes` lists what, the message too
    (then the CLI's output)."""

    def __init__(self, operation: str, changes: list[Change], output: str) -> None:
        self.changes = changes
        listed = "\n".join(f"  {change}" for change in changes)
        super().__init__(f"pulumi {operation} expected no changes, found {len(changes)}:\n{listed}\n\n"
                         f"The CLI's output:\n{output}")


#: Steps that change nothing.
_UNCHANGED = frozenset({"same", "read", "refresh", "discard", "discard-replaced"})


def _change(event: Any) -> Change | None:
    """The change an engine event announces, if it is a step on a resource of the program that changes it."""
    step = getattr(getattr(event, "resource_pre_event", None), "metadata", None)
    if step is None or step.type.startswith(("pulumi:pulumi:Stack", "pulumi:providers:")):
        return None
    op = getattr(step.op, "value", str(step.op))
    if op in _UNCHANGED:
        return None
    fields = tuple(step.diffs or (step.detailed_diff or {}).keys()) or _changed_inputs(step)
    return Change(op, step.type.rsplit(":", 1)[-1], step.urn.rsplit("::", 1)[-1], fields)


def _changed_inputs(step: Any) -> tuple[str, ...]:
    """The inputs that differ between the step's old and new state, by the kind's own equality (the one its diff
    uses) for Cortex resources — dynamic providers report no changed keys to the engine — else as given."""
    olds = getattr(step.old, "inputs", None)
    news = getattr(step.new, "inputs", None)
    if olds is None or news is None:
        return ()
    from ..provider._check import ENGINE_KEYS
    from ..provider._diff import changed_fields
    from ..provider.kinds import kind_of_type

    kind = kind_of_type(step.type)
    if kind is not None:
        return tuple(changed_fields(olds, news, kind.fields))
    keys = sorted({*olds, *news} - ENGINE_KEYS)
    return tuple(k for k in keys if olds.get(k) != news.get(k))


def _runtime_here(project_file: Path) -> None:
    """Make the copied program run with this interpreter: a `virtualenv` or `toolchain` option of Pulumi.yaml
    would select another Python, one without the code under test."""
    project = yaml.safe_load(project_file.read_text(encoding="utf-8")) or {}
    runtime = project.get("runtime")
    if isinstance(runtime, Mapping):
        options = {k: v for k, v in (runtime.get("options") or {}).items()
                   if k not in ("virtualenv", "toolchain", "typechecker")}
        project["runtime"] = {"name": runtime.get("name", "python"), **({"options": options} if options else {})}
    project_file.write_text(yaml.safe_dump(project, sort_keys=False), encoding="utf-8")


def _pulumi_on_path(path: str) -> str:
    found = shutil.which("pulumi", path=path)
    if found is None:
        raise ProgramStackError(
            "the Pulumi CLI is not on PATH: install it (https://www.pulumi.com/docs/install/) and make sure the "
            "directory holding `pulumi` is on PATH when the tests run")
    return found


class ProgramStack:
    """One stack of a copy of `program_dir`, configured for the Cortex API at `url` with `api_key`.

    The copy (in `work_dir`) gets the stack file and a local file backend; the program runs with this Python
    (`sys.executable`), so it imports the cortex_pulumi under test; `config` adds stack config (`secrets` as
    secrets). Each operation returns the Automation API's result; a failure raises `ProgramStackError` with the
    CLI's output.
    """

    def __init__(self, program_dir: str | os.PathLike[str], *, url: str, api_key: str,
                 work_dir: str | os.PathLike[str], stack_name: str = "test",
                 config: Mapping[str, str] | None = None, secrets: Mapping[str, str] | None = None,
                 env: Mapping[str, str] | None = None) -> None:
        source = Path(program_dir).resolve()
        if not (source / "Pulumi.yaml").is_file():
            raise ProgramStackError(f"{source} has no Pulumi.yaml: not a Pulumi program directory")
        self.work_dir = Path(work_dir).resolve()
        self.program_dir = self.work_dir / "program"
        shutil.copytree(source, self.program_dir, ignore=_IGNORED, dirs_exist_ok=True)
        _runtime_here(self.program_dir / "Pulumi.yaml")
        (self.work_dir / "state").mkdir(parents=True, exist_ok=True)
        self.env = self._environment(env or {})
        _pulumi_on_path(self.env["PATH"])
        self.stack = self._select(stack_name)
        self.stack.set_config("cortex:baseUrl", self._value(url))
        self.stack.set_config("cortex:apiToken", self._value(api_key, secret=True))
        for key, value in (config or {}).items():
            self.stack.set_config(key, self._value(value))
        for key, value in (secrets or {}).items():
            self.stack.set_config(key, self._value(value, secret=True))
        self.deployed = False

    def _environment(self, extra: Mapping[str, str]) -> dict[str, str]:
        interpreter_dir = str(Path(sys.executable).parent)
        env = {
            # The dynamic-provider plugin runs `python3` from PATH (or PULUMI_PYTHON_CMD): this interpreter's.
            "PATH": os.pathsep.join([interpreter_dir, os.environ.get("PATH", "")]),
            "PULUMI_PYTHON_CMD": sys.executable,
            "PULUMI_BACKEND_URL": (self.work_dir / "state").as_uri(),
            "PULUMI_CONFIG_PASSPHRASE": os.environ.get("PULUMI_CONFIG_PASSPHRASE", PASSPHRASE),
            "PULUMI_SKIP_UPDATE_CHECK": "true",
        }
        env.update(extra)
        return env

    def _select(self, stack_name: str) -> Any:
        from pulumi import automation as auto

        options = auto.LocalWorkspaceOptions(work_dir=str(self.program_dir), env_vars=self.env,
                                             secrets_provider="passphrase")
        try:
            return auto.create_or_select_stack(stack_name, work_dir=str(self.program_dir), opts=options)
        except auto.CommandError as exc:
            raise ProgramStackError(f"could not create the stack {stack_name!r}: {exc}") from None

    @staticmethod
    def _value(value: str, secret: bool = False) -> Any:
        from pulumi import automation as auto

        return auto.ConfigValue(value=str(value), secret=secret)

    def _run(self, operation: str, deployed: bool | None = None, **kwargs: Any) -> Any:
        """Run `operation` on the stack; `deployed`, when given, is what the stack holds once it succeeded."""
        from pulumi import automation as auto

        try:
            result = getattr(self.stack, operation)(**kwargs)
        except auto.CommandError as exc:
            raise ProgramStackError(f"pulumi {operation} failed:\n{exc}") from None
        if deployed is not None:
            self.deployed = deployed
        return result

    def _watched(self, operation: str, **kwargs: Any) -> Any:
        """Run `operation` recording the changes the engine announces; with `expect_no_changes`, a failure that
        found changes raises `UnexpectedChangesError` naming them."""
        changes: list[Change] = []
        forward = kwargs.pop("on_event", None)

        def on_event(event: Any) -> None:
            change = _change(event)
            if change is not None:
                changes.append(change)
            if forward is not None:
                forward(event)

        try:
            return self._run(operation, on_event=on_event, **kwargs)
        except ProgramStackError as exc:
            if kwargs.get("expect_no_changes") and changes:
                raise UnexpectedChangesError(operation, changes, str(exc).split("\n", 1)[-1]) from None
            raise

    def preview(self, **kwargs: Any) -> Any:
        """`pulumi preview`; e.g. ``preview(expect_no_changes=True)``, which raises `UnexpectedChangesError`
        naming each changed resource and its changed inputs. Returns a ``PreviewResult``."""
        return self._watched("preview", **kwargs)

    def up(self, **kwargs: Any) -> Any:
        """`pulumi up`. Returns an ``UpResult`` (``.outputs``, ``.summary.resource_changes``)."""
        return self._run("up", deployed=True, **kwargs)

    def refresh(self, **kwargs: Any) -> Any:
        """`pulumi refresh`; ``refresh(expect_no_changes=True)`` fails as ``preview`` does. Returns a
        ``RefreshResult``."""
        return self._watched("refresh", **kwargs)

    def destroy(self, **kwargs: Any) -> Any:
        """`pulumi destroy`. Returns a ``DestroyResult``."""
        return self._run("destroy", deployed=False, **kwargs)

    def outputs(self) -> dict[str, Any]:
        """The stack outputs as plain values (secrets included)."""
        return {name: output.value for name, output in self.stack.outputs().items()}
