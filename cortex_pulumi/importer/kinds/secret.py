"""Secrets in an import: one `Secret` statement each (the provider's input view, named after its tag), the value
from the stack config, since Cortex never returns one."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ...provider.secret import _SecretProvider
from ..code import config_key
from ..snapshot import Attention, Tenant
from ..validation import input_errors
from .base import ImportKind, Program, provider_inputs

if TYPE_CHECKING:
    from ...client import CortexClient

SECRET = _SecretProvider.spec


def _read(client: CortexClient, _tenant: Tenant, keep: Callable[[str], bool]) -> list[Any]:
    return sorted((provider_inputs(SECRET, client, s) for s in SECRET.iter_all(client) if keep(s.tag)),
                  key=lambda row: row["tag"])


def _name(row: Mapping[str, Any]) -> str:
    """The name the program declares: Cortex's, or the tag where it has none (Cortex requires one on create)."""
    return str(row.get("name") or row["tag"])


def _program(program: Program) -> str:
    rows = program.rows(SECRET)
    if not rows:
        return ""
    variables = program.variables[SECRET]
    lines = ["\n# -- Secrets: Cortex never returns a value; each comes from the stack config "
             "(pulumi config set --secret KEY) --\n"]
    for row in rows:
        tag, var = row["tag"], variables[row["tag"]]
        lines.append(f"{var} = cortex.Secret(\n    {tag!r},\n    tag={tag!r},\n    name={_name(row)!r},\n"
                     f"    value=config.require_secret({config_key(var)!r}),\n    adopt=True,\n)\n")
    return "".join(lines)


def _refused(tenant: Tenant) -> list[Attention]:
    found = []
    rows = tenant.rows.get(SECRET, [])
    for row in list(rows):
        errors = input_errors(_SecretProvider, {**row, "name": _name(row), "value": "set in the stack config"})
        if errors:
            rows.remove(row)
            found.append(Attention(IMPORT.noun, row["tag"], tuple(errors)))
    return found


def _commands(rows: Sequence[Mapping[str, Any]], variables: Mapping[str, str]) -> list[str]:
    """One `pulumi config set --secret` line per secret (it prompts for the value; Cortex never returns one)."""
    return [f"pulumi config set --secret {config_key(variables[row['tag']])}    # value of Cortex secret "
            f"{row['tag']!r} ({_name(row)})" for row in rows]


IMPORT = ImportKind(
    spec=SECRET, position=6, read=_read, program=_program,
    declared_as="one `Secret` each, value from the stack config",
    compare=lambda rows: {row["tag"]: _name(row) for row in rows},
    named=lambda rows: [row["tag"] for row in rows], refused=_refused, config_commands=_commands,
)
