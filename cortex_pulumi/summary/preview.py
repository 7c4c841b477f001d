"""Reading a `pulumi preview --json` document into one change per resource, with clear errors for anything else."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import attrs

from ..provider._check import ENGINE_KEYS
from ..provider._compact import expand
from ..provider.kinds import TYPE_PREFIX

#: How Pulumi spells a value it does not know until apply, and a secret, in `--json` output.
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
SECRET = "[secret]"
#: Step operations folded into the five a reviewer cares about; the others (read, refresh, ...) are left out.
_OPERATION = {
    "same": "same", "create": "create", "import": "create", "update": "update", "delete": "delete",
    "discard": "delete", "replace": "replace", "create-replacement": "replace", "delete-replaced": "replace",
    "discard-replaced": "replace", "import-replacement": "replace",
}
_PRECEDENCE = ("replace", "delete", "create", "update", "same")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|<\{%[a-z]*%\}>")


class PreviewFormatError(ValueError):
    """The input is not a `pulumi preview --json` document; the message names the field and the reason."""


@attrs.frozen
class ResourceChange:
    """One resource of the preview: its operation and its inputs before and after."""

    op: str
    urn: str
    type: str
    old: Mapping[str, Any] | None
    new: Mapping[str, Any] | None
    replace_reasons: tuple[str, ...] = ()
    diff_reasons: tuple[str, ...] = ()
    dependencies: tuple[str, ...] = ()
    """URNs of the resources this one depends on."""
    old_outputs: Mapping[str, Any] | None = None
    """The outputs of the old state: as Cortex held the object when last read (refreshed by `--refresh`)."""

    @property
    def name(self) -> str:
        """The Pulumi resource name (the URN's last part)."""
        return self.urn.rsplit("::", 1)[-1]

    @property
    def is_cortex(self) -> bool:
        return self.type.startswith(TYPE_PREFIX)

    def value(self, key: str) -> Any:
        """The new input when there is one (create, update, replace), else the old one (delete)."""
        if self.new is not None and key in self.new:
            return self.new[key]
        return (self.old or {}).get(key)


@attrs.frozen
class Preview:
    """The resources of a preview (stack and provider resources left out) and its error diagnostics."""

    changes: tuple[ResourceChange, ...]
    errors: tuple[str, ...]
    unlisted_same: int = 0
    """Unchanged resources the document counts but lists no step for (`pulumi preview --json` without --diff)."""
    recorded: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    """URN -> the inputs recorded by the last `up`, for each resource a `--refresh` preview read again."""

    @property
    def refreshed(self) -> bool:
        """Whether the preview read Cortex again (`pulumi preview --refresh`): its old states are Cortex's."""
        return bool(self.recorded)


def parse(text: str) -> Preview:
    """Parse the text of `pulumi preview --json`."""
    if not text.strip():
        raise PreviewFormatError("the input is empty: expected the output of `pulumi preview --json`")
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise PreviewFormatError(f"the input is not JSON ({exc}): expected the output of `pulumi preview --json`") \
            from None
    return from_document(document)


def from_document(document: Any) -> Preview:
    """Build a Preview from the decoded document."""
    if not isinstance(document, dict) or not {"steps", "changeSummary", "diagnostics"} & document.keys():
        raise PreviewFormatError(
            "the document is not a `pulumi preview --json` result: expected an object with `steps`, "
            "`changeSummary` or `diagnostics`")
    steps = document.get("steps")
    steps = [] if steps is None else steps
    if not isinstance(steps, list):
        raise PreviewFormatError(f"steps: expected a list of steps, got {type(steps).__name__}")
    by_urn: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    recorded: dict[str, dict[str, Any]] = {}
    for index, step in enumerate(steps):
        op, urn = _step_identity(index, step)
        if op in _OPERATION:
            by_urn.setdefault(urn, []).append((_OPERATION[op], step))
        elif op == "refresh" and (inputs := _inputs(step.get("oldState") or {})) is not None:
            recorded[urn] = inputs  # before the refresh: what the last `up` recorded
    changes = tuple(_merge(urn, entries) for urn, entries in by_urn.items())
    return Preview(tuple(c for c in changes if _reported(c.type)), _errors(document.get("diagnostics")),
                   _unlisted_same(document.get("changeSummary"), steps), recorded)


def _unlisted_same(counts: Any, steps: list[Any]) -> int:
    same = counts.get("same") if isinstance(counts, dict) else None
    if not isinstance(same, int):
        return 0
    return max(0, same - sum(1 for step in steps if step.get("op") == "same"))


def _step_identity(index: int, step: Any) -> tuple[str, str]:
    if not isinstance(step, dict):
        raise PreviewFormatError(f"steps[{index}]: expected an object, got {type(step).__name__}")
    for key in ("op", "urn"):
        if not isinstance(step.get(key), str) or not step[key]:
            raise PreviewFormatError(f"steps[{index}].{key}: missing or not a string")
    for key in ("oldState", "newState"):
        if step.get(key) is not None and not isinstance(step[key], dict):
            raise PreviewFormatError(f"steps[{index}].{key}: expected an object")
    return step["op"], step["urn"]


def _merge(urn: str, entries: list[tuple[str, dict[str, Any]]]) -> ResourceChange:
    """One change per resource: a replace shows as up to three steps (create, replace, delete of the old)."""
    op = min((op for op, _ in entries), key=_PRECEDENCE.index)
    old = new = old_outputs = None
    type_ = ""
    replace_reasons: list[str] = []
    diff_reasons: list[str] = []
    dependencies: list[str] = []
    for _, step in entries:
        old_state, new_state = step.get("oldState") or {}, step.get("newState") or {}
        old = old if old is not None else _inputs(old_state)
        old_outputs = old_outputs if old_outputs is not None else _inputs(old_state, "outputs")
        new = new if new is not None else _inputs(new_state)
        type_ = type_ or new_state.get("type") or old_state.get("type") or _type_of(urn)
        replace_reasons += [r for r in step.get("replaceReasons") or () if r not in replace_reasons]
        diff_reasons += [r for r in step.get("diffReasons") or () if r not in diff_reasons]
        for state in (new_state, old_state):
            dependencies += [d for d in state.get("dependencies") or () if isinstance(d, str) and d not in dependencies]
    if op == "delete":
        new = None
    if op == "create":
        old = None
    return ResourceChange(op, urn, str(type_), old, new, tuple(map(str, replace_reasons)),
                          tuple(map(str, diff_reasons)), tuple(dependencies), old_outputs if op != "create" else None)


def _inputs(state: Mapping[str, Any], key: str = "inputs") -> dict[str, Any] | None:
    values = state.get(key)
    if not isinstance(values, Mapping):
        return None
    if key == "outputs" and isinstance(state.get("inputs"), Mapping):
        values = expand(values, state["inputs"])  # outputs equal to inputs are recorded once
    return {k: v for k, v in values.items() if k not in ENGINE_KEYS}


def _type_of(urn: str) -> str:
    """The type token inside a URN (`urn:pulumi:stack::project::type::name`)."""
    parts = urn.split("::")
    return parts[2].rsplit("$", 1)[-1] if len(parts) >= 4 else ""


def _reported(type_: str) -> bool:
    """Leave out Pulumi's own bookkeeping: the stack, stack references and provider instances."""
    return not type_.startswith(("pulumi:pulumi:", "pulumi:providers:"))


def _errors(diagnostics: Any) -> tuple[str, ...]:
    if not isinstance(diagnostics, list):
        return ()
    out = []
    for diag in diagnostics:
        if isinstance(diag, dict) and diag.get("severity") == "error" and isinstance(diag.get("message"), str):
            message = _ANSI.sub("", diag["message"]).strip()
            if message and message not in out:
                out.append(message)
    return tuple(out)
