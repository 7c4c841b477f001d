"""Workflows in an import: each definition in `workflows/<tag>.yaml` (Cortex's own workflow format), declared by
one loop over the `WORKFLOWS` tags."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import yaml

from ...provider.workflow import _WorkflowProvider
from ..code import table
from ..names import check_file_tag
from ..snapshot import Attention, Tenant
from ..validation import document_errors
from .base import ImportKind, Program, meaningful

if TYPE_CHECKING:
    from ...client import CortexClient

WORKFLOW = _WorkflowProvider.spec


@attrs.frozen
class Workflow:
    """A workflow: its definition as Cortex lists it (camelCase keys, Cortex's workflow file format)."""

    tag: str
    name: str
    definition: dict[str, Any]


def workflow_text(definition: Mapping[str, Any]) -> str:
    """A workflow's file text as the import writes it (Cortex's own workflow format)."""
    return yaml.safe_dump(dict(definition), sort_keys=False, allow_unicode=True, default_flow_style=False)


def _read(client: CortexClient, _tenant: Tenant, keep: Callable[[str], bool]) -> list[Any]:
    return [Workflow(wf.tag, wf.name, wf.to_dict()) for wf in sorted(WORKFLOW.iter_all(client), key=lambda w: w.tag)
            if keep(wf.tag)]


def _file(wf: Workflow) -> str:
    return f"workflows/{wf.tag}.yaml"


def _program(program: Program) -> str:
    tags = [wf.tag for wf in program.rows(WORKFLOW)]
    if not tags:
        return ""
    return ("\n# -- Workflows: the definitions in workflows/ --\n" + table("WORKFLOWS", tags, "list[str]")
            + "\nfor tag in WORKFLOWS:\n    cortex.Workflow.from_file(tag, f\"workflows/{tag}.yaml\", adopt=True)\n")


def _files(flows: Sequence[Workflow]) -> dict[str, str]:
    for wf in flows:
        check_file_tag(wf.tag, IMPORT.noun)
    return {_file(wf): workflow_text(wf.definition) for wf in flows}


def _refused(tenant: Tenant) -> list[Attention]:
    found = []
    flows = tenant.rows.get(WORKFLOW, [])
    for wf in list(flows):
        text = workflow_text(wf.definition)
        errors = document_errors(_WorkflowProvider, text)
        if errors:
            flows.remove(wf)
            found.append(Attention(IMPORT.noun, wf.tag, tuple(errors), _file(wf), text))
    return found


IMPORT = ImportKind(
    spec=WORKFLOW, position=5, read=_read, program=_program,
    declared_as="`workflows/<tag>.yaml` + `Workflow.from_file`",
    compare=lambda flows: {w.tag: meaningful(w.definition) for w in flows},
    files=_files, refused=_refused, reserved=frozenset({"WORKFLOWS", "tag"}),
)
