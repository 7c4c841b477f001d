"""Unknown keys at any depth of a parsed descriptor or workflow definition, with their path and a likely intent.

The client's models keep keys they do not know in each object's `extra` mapping (so that nothing read from
Cortex is lost). A document the user gives must not rely on that: a key the package does not carry to Cortex
would be dropped silently, so every such key is reported at preview as
`rules[2].failureMesage: unknown key (did you mean failureMessage?); accepted keys: ...`.

A workflow action's `schema` is the one open object: its keys depend on `schema.type`. Keys of the sixteen
types the official API documents are checked against the one table the emulator also enforces
(`contract/workflow_actions.py`, with the nested objects it lists); a type this package does not know is
passed to Cortex verbatim, as the API's own extension point.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from ..client._json import EXTRA, JSON_KEY, camel_case
from ..client.models.workflow import WorkflowActionSchema
from ..contract.workflow_actions import schema_problems, unknown_key_message

__all__ = ["unknown_keys"]


def _json_keys(cls: type) -> list[str]:
    return [str(f.metadata.get(JSON_KEY) or camel_case(f.name)) for f in attrs.fields(cls) if not f.metadata.get(EXTRA)]


def _message(path: str, key: str, known: Iterable[str]) -> str:
    return unknown_key_message(f"{path}.{key}" if path else key, key, known)


def _place(path: str, where: tuple[str | int, ...]) -> str:
    for part in where:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _schema_keys(schema: WorkflowActionSchema, path: str) -> list[str]:
    document = {"type": schema.type, **schema.settings}
    return [_message(_place(path, p.path), p.key, p.accepted) for p in schema_problems(document)]


def unknown_keys(model: Any, path: str = "") -> list[str]:
    """One message per key of `model` (a parsed client model) and its nested models the package does not know."""
    if isinstance(model, WorkflowActionSchema):
        return _schema_keys(model, path)
    found: list[str] = []
    unknown: list[str] = []  # this level's own unknown keys are reported after its nested models'
    for field in attrs.fields(type(model)):
        value = getattr(model, field.name)
        if field.metadata.get(EXTRA):
            unknown = [_message(path, str(k), _json_keys(type(model))) for k in value or {}]
            continue
        key = str(field.metadata.get(JSON_KEY) or camel_case(field.name))
        where = f"{path}.{key}" if path else key
        if attrs.has(type(value)):
            found += unknown_keys(value, where)
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                if attrs.has(type(item)):
                    found += unknown_keys(item, f"{where}[{i}]")
    return found + unknown
