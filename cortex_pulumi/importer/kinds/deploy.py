"""Deploy records in an import, on request only (history, not configuration): one `DEPLOYS` row each (the
provider's input view, its timestamp included), declared by one loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...provider.deploy import _DeployProvider
from ..code import table
from ..snapshot import Tenant
from .base import PAGE, ImportKind, Program, provider_inputs
from .team import TEAM

if TYPE_CHECKING:
    from ...client import CortexClient

DEPLOY = _DeployProvider.spec


def _read(client: CortexClient, tenant: Tenant, keep: Callable[[str], bool]) -> list[Any]:
    teams = [t["team_tag"] for t in tenant.rows.get(TEAM, [])] or [
        t.team_tag for t in TEAM.iter_all(client) if keep(t.team_tag)]
    # Its timestamp included (from_api reports it), so the record is kept as it is.
    return [provider_inputs(DEPLOY, client, d, {"entity": entity})
            for entity in sorted(teams) for d in DEPLOY.iter_in(client, entity, PAGE)]


def _program(program: Program) -> str:
    rows = program.rows(DEPLOY)
    if not rows:
        return ""
    return ("\n# -- Deploy records (imported on request) --\n" + table("DEPLOYS", rows, "list[dict]")
            + "\nfor number, deploy in enumerate(DEPLOYS):\n"
            "    cortex.Deploy(f\"deploy-{number}\", **{**deploy, \"entity\": team_tag(deploy[\"entity\"])}, adopt=True)\n")


IMPORT = ImportKind(
    spec=DEPLOY, position=7, after=(TEAM,), by_default=False, read=_read, program=_program,
    declared_as="`DEPLOYS` rows",
    not_imported=f"deploy records are history, not configuration (import them with `--kinds ...,{DEPLOY.option}` "
                 "if the program should own them).",
    compare=lambda rows: {f"{d['entity']}/{d['title']}/{d.get('sha', '')}/{d.get('environment', '')}": d for d in rows},
    reserved=frozenset({"DEPLOYS"}),
)
