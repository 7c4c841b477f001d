"""Check what an import would write with the provider's own validation: an object that would fail the first
`pulumi preview` is set aside (listed under "Needs attention", its document kept apart) instead of written.

Cortex can hold what the provider refuses (a key the API document does not list, a value it has since
tightened): writing it would give a project whose first preview fails, with no word of why at import time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import yaml

from .snapshot import Attention, Tenant

__all__ = ["set_aside_invalid", "workflow_text"]


def _document_errors(kind: str, text: str) -> list[str]:
    from ..provider._document_provider import document_problems
    from ..provider.scorecard import _ScorecardProvider
    from ..provider.workflow import _WorkflowProvider

    provider = _ScorecardProvider if kind == "scorecard" else _WorkflowProvider
    return [problem.lstrip(": ") for problem in document_problems(provider, text)]


def _input_errors(provider_type: Callable[[], Any], inputs: Mapping[str, Any]) -> list[str]:
    from ..provider._check import Checker

    checker = Checker(inputs)
    provider_type().validate(checker)
    return [f.reason if not f.property or f.reason.startswith(f.property) else f"{f.property}: {f.reason}"
            for f in checker.failures]


def workflow_text(definition: Mapping[str, Any]) -> str:
    """A workflow's file text as the import writes it (Cortex's own workflow format)."""
    return yaml.safe_dump(dict(definition), sort_keys=False, allow_unicode=True, default_flow_style=False)


def _documents(tenant: Tenant) -> list[Attention]:
    found = []
    for card in list(tenant.scorecards):
        errors = _document_errors("scorecard", card.descriptor)
        if errors:
            tenant.scorecards.remove(card)
            found.append(Attention("scorecard", card.tag, tuple(errors), f"scorecards/{card.tag}.yaml", card.descriptor))
    for wf in list(tenant.workflows):
        text = workflow_text(wf.definition)
        errors = _document_errors("workflow", text)
        if errors:
            tenant.workflows.remove(wf)
            found.append(Attention("workflow", wf.tag, tuple(errors), f"workflows/{wf.tag}.yaml", text))
    return found


def _rows(tenant: Tenant) -> list[Attention]:
    from ..provider.secret import _SecretProvider
    from ..provider.team import _TeamProvider

    found = []
    for team in list(tenant.teams):
        errors = _input_errors(_TeamProvider, {**team, "adopt": True})
        if errors:
            tenant.teams.remove(team)
            found.append(Attention("team", team["team_tag"], tuple(errors)))
    for tag, name in list(tenant.secrets):
        errors = _input_errors(_SecretProvider, {"tag": tag, "name": name, "value": "set in the stack config"})
        if errors:
            tenant.secrets.remove((tag, name))
            found.append(Attention("secret", tag, tuple(errors)))
    return found


def set_aside_invalid(tenant: Tenant) -> list[Attention]:
    """Remove from `tenant` every object the provider's validation refuses (and the exemptions of a scorecard
    removed so), returning them; what stays previews without a validation error."""
    found = _documents(tenant) + _rows(tenant)
    gone = {a.name for a in found if a.kind == "scorecard"}
    for ex in list(tenant.exemptions):
        if ex["scorecard"] in gone:
            tenant.exemptions.remove(ex)
            found.append(Attention("exemption", f"{ex['scorecard']}/{ex['entity']}/{ex['rule_title']}",
                                   (f"its scorecard {ex['scorecard']!r} needs attention (above)",)))
    tenant.attention.extend(found)
    return found
