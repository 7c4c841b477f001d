"""Loads the bad-input corpus (corpus/*.yaml): invalid programs, descriptors and provider configurations."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from cortex_pulumi.provider.deploy import _DeployProvider
from cortex_pulumi.provider.scorecard import _ScorecardProvider
from cortex_pulumi.provider.secret import _SecretProvider
from cortex_pulumi.provider.team import _TeamProvider
from cortex_pulumi.provider.team_hierarchy import _TeamHierarchyProvider
from cortex_pulumi.provider.workflow import _WorkflowProvider

CORPUS = Path(__file__).resolve().parent / "corpus"
PROVIDERS: dict[str, type] = {
    "Team": _TeamProvider, "Secret": _SecretProvider, "Deploy": _DeployProvider,
    "TeamHierarchy": _TeamHierarchyProvider, "Workflow": _WorkflowProvider, "Scorecard": _ScorecardProvider,
}
DOCUMENT_KEY = {"Workflow": "definition", "Scorecard": "descriptor"}


@attrs.frozen
class Case:
    """One invalid input and how it must be refused."""

    source: str
    id: str
    resource: str
    props: Mapping[str, Any]
    field: str
    reason: str
    stage: str = "check"  # "check": refused at preview; "create": at the first API call
    config: Mapping[str, Any] = attrs.Factory(dict)  # cortex:* overrides; None removes the key
    cli: bool = False

    @property
    def name(self) -> str:
        return f"{self.source}:{self.id}"

    @property
    def provider_type(self) -> type:
        return PROVIDERS[self.resource]

    def names_field(self, field: str, reason: str) -> bool:
        """Whether a (field, reason) failure names this case's field and gives its reason."""
        named = field == self.field or self.field in reason
        return named and self.reason.lower() in reason.lower()


def _props(raw: Mapping[str, Any], resource: str, base: Mapping[str, Any]) -> dict[str, Any]:
    props = dict(raw.get("props", base))
    if "file" in raw:
        props[DOCUMENT_KEY[resource]] = (CORPUS / "files" / raw["file"]).read_text(encoding="utf-8")
    for key, spec in (raw.get("generated") or {}).items():
        props[key] = spec["repeat"] * spec["times"]
    return props


def load() -> list[Case]:
    cases = []
    for path in sorted(CORPUS.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for raw in doc["cases"]:
            cases.append(Case(
                source=path.stem, id=raw["id"], resource=doc["resource"],
                props=_props(raw, doc["resource"], doc.get("props") or {}), field=raw["field"],
                reason=str(raw["reason"]), stage=raw.get("stage", "check"), config=raw.get("config") or {},
                cli=bool(raw.get("cli")),
            ))
    return cases


CASES = load()
