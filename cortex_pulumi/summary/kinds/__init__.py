"""Per-kind summaries of Cortex objects, one module per kind, keyed by the kind registry's names."""

from __future__ import annotations

from ...provider.kinds import Kind, kind_of_type, kinds
from . import deploy, exemption, scorecard, secret, team, team_hierarchy, workflow
from .base import KindSummary

#: In the order the summary lists kinds.
SUMMARIES: tuple[KindSummary, ...] = (
    scorecard.SUMMARY, exemption.SUMMARY, team.SUMMARY, team_hierarchy.SUMMARY, secret.SUMMARY,
    workflow.SUMMARY, deploy.SUMMARY,
)
BY_KIND: dict[str, KindSummary] = {summary.kind: summary for summary in SUMMARIES}


def summary_of_type(type_token: str) -> KindSummary | None:
    """The summary of a Pulumi type token's kind (None for a resource that is not Cortex's)."""
    found: Kind | None = kind_of_type(type_token)
    if found is None:
        return None
    if found.name not in BY_KIND:
        raise LookupError(f"the kind {found.name!r} has no summary: add one under cortex_pulumi/summary/kinds/")
    return BY_KIND[found.name]


def missing_summaries() -> list[str]:
    """Registered kinds without a summary (a test keeps this empty)."""
    return [k.name for k in kinds() if k.name not in BY_KIND]


__all__ = ["BY_KIND", "SUMMARIES", "KindSummary", "missing_summaries", "summary_of_type"]
